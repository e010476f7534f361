"""Slicing with the real PrusaSlicer: every printer model gives a file its printer can run."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
import trimesh
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from holomat_addon.slicing import ModelTooBigError, PrusaSlicer, slice_model
from holomat_addon.slicing.profiles import material, printer_profile
from holomat_addon.slicing.settings import compose

from .checks import check_package
from .conftest import box, stl

# Every printer model twice, every nozzle with every material at least once.
CUBES = [
    ("X1", 0.4, "PLA"),
    ("X1C", 0.2, "PLA"),
    ("X1E", 0.6, "PETG"),
    ("P1S", 0.4, "PETG"),
    ("P1P", 0.6, "PLA"),
    ("A1", 0.2, "PETG"),
    ("A1 mini", 0.4, "PLA"),
]
SHAPES = [
    ("X1", 0.2, "PETG"),
    ("X1C", 0.6, "PLA"),
    ("X1E", 0.4, "PLA"),
    ("P1S", 0.2, "PLA"),
    ("P1P", 0.4, "PETG"),
    ("A1", 0.6, "PETG"),
    ("A1 mini", 0.6, "PLA"),
]


def _slice(
    data: bytes, folder: Path, prusa: PrusaSlicer, model: str, nozzle: float, name: str
) -> None:
    """Slice ``data`` and check the package against the settings it was made with."""

    result = slice_model(
        data,
        folder / "plate.gcode.3mf",
        printer=model,
        nozzle=nozzle,
        material=name,
        name="test part",
        slicer=prusa,
    )
    assert result.path.is_file()
    assert result.file_bytes == result.path.stat().st_size
    assert result.printer == printer_profile(model).model
    assert result.slicer.startswith("PrusaSlicer 2.")
    solid_cm3 = trimesh.load(trimesh.util.wrap_as_stream(data), file_type="stl").volume / 1000
    check_package(result, compose(printer_profile(model), nozzle, material(name)), solid_cm3)
    assert list(folder.iterdir()) == [result.path]


@pytest.mark.parametrize(("model", "nozzle", "name"), CUBES)
def test_cube_slices_for_every_printer(
    tmp_path: Path, prusa: PrusaSlicer, model: str, nozzle: float, name: str
) -> None:
    _slice(box(10, 10, 10), tmp_path, prusa, model, nozzle, name)


@pytest.mark.parametrize(("model", "nozzle", "name"), SHAPES)
def test_shape_slices_for_every_printer(
    tmp_path: Path, prusa: PrusaSlicer, model: str, nozzle: float, name: str
) -> None:
    """A tilted cylinder with a cone on top: curved walls, an overhang, a tip."""

    cylinder = trimesh.creation.cylinder(5.0, 8.0, sections=32)
    cone = trimesh.creation.cone(5.0, 6.0, sections=32)
    cone.apply_translation((0, 0, 4.0))
    shape = trimesh.convex.convex_hull(trimesh.util.concatenate([cylinder, cone]))
    shape.apply_transform(trimesh.transformations.euler_matrix(0.7, 0.2, 1.1))
    _slice(stl(shape), tmp_path, prusa, model, nozzle, name)


# The A1 mini's plate is 180 mm; the prime line's strip takes the front 3 mm. Boxes whose fit
# depends on turning them across the diagonal (a side between 172 and 180 mm) are left out:
# these oracles are the plain ones.
@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.floats(100.0, 172.0), st.floats(100.0, 172.0), st.floats(0.6, 1.6))
def test_box_that_fits_the_plate_slices(prusa: PrusaSlicer, x: float, y: float, z: float) -> None:
    """A thin box up to 172 mm square gives a valid file on the A1 mini."""

    with tempfile.TemporaryDirectory() as folder:
        destination = Path(folder) / "plate.gcode.3mf"
        result = slice_model(box(x, y, z), destination, printer="A1 mini", slicer=prusa)
        assert result.size_mm[:2] == pytest.approx((max(x, y), min(x, y)), rel=1e-4)
        with zipfile.ZipFile(destination) as archive:
            assert archive.testzip() is None
        assert result.seconds > 0
        assert result.filament_g > 0


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.floats(180.5, 400.0), st.floats(180.5, 400.0), st.floats(0.6, 180.0))
def test_box_wider_than_the_plate_is_refused(
    prusa: PrusaSlicer, x: float, y: float, z: float
) -> None:
    """A box whose two flat sides both pass 180 mm fits no way: refused, nothing written."""

    with tempfile.TemporaryDirectory() as folder:
        destination = Path(folder) / "plate.gcode.3mf"
        with pytest.raises(ModelTooBigError) as caught:
            slice_model(box(x, y, z), destination, printer="A1 mini", slicer=prusa)
        assert sorted(caught.value.size_mm) == pytest.approx(sorted((x, y, z)), rel=1e-4)
        assert not list(Path(folder).iterdir())
