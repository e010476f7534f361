"""Placement: the model is read, checked, laid on its largest face and put on the plate."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh
from hypothesis import given, settings
from hypothesis import strategies as st

from holomat_addon.slicing import (
    ModelTooBigError,
    NotManifoldError,
    UnreadableModelError,
    printer_profile,
)
from holomat_addon.slicing.footprint import outline
from holomat_addon.slicing.placement import check_solid, load_mesh, place

from .conftest import box, stl

A1_MINI = printer_profile("A1 mini")
X1C = printer_profile("X1C")
rotations = st.tuples(*(st.floats(-np.pi, np.pi) for _ in range(3)))
sides = st.floats(2.0, 120.0)


def _placed(data: bytes, model: str = "A1 mini") -> trimesh.Trimesh:
    """Return the model placed on the given printer's plate."""

    return place(check_solid(load_mesh(data)), printer_profile(model))


@settings(max_examples=40, deadline=None)
@given(sides, sides, sides, rotations)
def test_box_rests_on_its_largest_face_centred(
    x: float, y: float, z: float, angles: tuple[float, float, float]
) -> None:
    """Any box, however turned, ends up on z = 0, its smallest side up, centred, on the plate."""

    mesh = trimesh.creation.box((x, y, z))
    mesh.apply_transform(trimesh.transformations.euler_matrix(*angles))
    placed = _placed(stl(mesh))
    low, high = placed.bounds
    size = high - low
    assert low[2] == pytest.approx(0.0, abs=1e-6)
    assert size[2] == pytest.approx(min(x, y, z), rel=1e-4)
    assert sorted(size[:2]) == pytest.approx(sorted((x, y, z))[1:], rel=1e-4)
    assert size[0] >= size[1] - 1e-6  # longest side along X
    assert (low[:2] + high[:2]) / 2 == pytest.approx((90.0, 90.0), abs=1e-4)
    assert placed.volume == pytest.approx(x * y * z, rel=1e-4)  # STL stores float32


def test_shapes_rest_on_a_stable_face() -> None:
    """A cone stands on its base; a half cylinder lies on its flat side, not its curve."""

    cone = _placed(stl(trimesh.creation.cone(20.0, 30.0)))
    assert cone.extents[2] == pytest.approx(30.0)
    arc = np.linspace(-np.pi / 2, np.pi / 2, 25)
    ring = np.column_stack((15.0 * np.cos(arc), 15.0 * np.sin(arc)))
    ends = [np.column_stack((ring, np.full(len(ring), z))) for z in (0.0, 60.0)]
    half = trimesh.convex.convex_hull(np.vstack(ends))
    placed = _placed(stl(half))
    assert placed.extents[2] == pytest.approx(15.0, rel=1e-3)
    assert sorted(placed.extents[:2]) == pytest.approx([30.0, 60.0], rel=1e-3)


def test_long_part_is_turned_across_the_plate() -> None:
    """A 300 mm rod fits the 256 mm plate on the diagonal, clear of the excluded corner."""

    placed = _placed(box(300, 20, 20), "X1C")
    low, high = placed.bounds
    assert placed.extents[2] == pytest.approx(20.0)
    assert (low[:2] >= -1e-6).all()
    assert (high[:2] <= 256 + 1e-6).all()
    footprint = outline(np.asarray(placed.vertices[:, :2]))
    assert not ((footprint[:, 0] < 18.0) & (footprint[:, 1] < 28.0)).any()


def test_large_plate_moves_clear_of_the_excluded_corner() -> None:
    placed = _placed(box(230, 230, 4), "X1C")
    low, high = placed.bounds
    assert low[0] >= 18.0 or low[1] >= 28.0
    assert (high[:2] <= 256 + 1e-6).all()


@pytest.mark.parametrize(
    ("size", "model", "words"),
    [
        ((260, 20, 20), "A1 mini", "260.0 x 20.0 x 20.0 mm laid flat"),
        ((200, 200, 200), "A1 mini", "180.0 x 180.0 x 180.0 mm"),
        ((300, 300, 300), "X1C", "256.0 x 256.0 x 250.0 mm"),
        ((240, 240, 5), "X1C", "keep-out areas"),
    ],
)
def test_too_big_says_both_sizes(size: tuple[int, int, int], model: str, words: str) -> None:
    with pytest.raises(ModelTooBigError, match=words) as caught:
        _placed(box(*size), model)
    error = caught.value
    assert error.code == "model_too_big"
    assert error.status == 422
    assert sorted(error.size_mm) == pytest.approx(sorted(size))
    assert error.volume_mm == printer_profile(model).volume_mm


def test_open_mesh_is_refused_with_its_holes_counted() -> None:
    cube = trimesh.creation.box((10, 10, 10))
    cube.update_faces(np.arange(10))  # two of twelve triangles gone: one square hole
    with pytest.raises(NotManifoldError, match="4 open edges") as caught:
        check_solid(load_mesh(stl(cube)))
    assert caught.value.open_edges == 4
    assert caught.value.code == "not_manifold"


def test_two_cubes_sharing_an_edge_are_refused() -> None:
    first = trimesh.creation.box((10, 10, 10))
    second = trimesh.creation.box((10, 10, 10))
    second.apply_translation((10, 10, 0))
    with pytest.raises(NotManifoldError) as caught:
        check_solid(load_mesh(stl(trimesh.util.concatenate([first, second]))))
    assert caught.value.shared_edges > 0


def test_inside_out_solid_is_turned_right() -> None:
    cube = trimesh.creation.box((10, 10, 10))
    cube.invert()
    assert check_solid(load_mesh(stl(cube))).volume == pytest.approx(1000.0)


@pytest.mark.parametrize(
    "data",
    [b"", b"solid empty\nendsolid empty\n", b"\x00" * 84, b"not an stl at all" * 20],
)
def test_unreadable_bytes_are_refused(data: bytes) -> None:
    with pytest.raises(UnreadableModelError) as caught:
        load_mesh(data)
    assert caught.value.status == 422
