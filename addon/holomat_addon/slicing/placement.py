"""Read an STL, check it is a closed solid, lay it flat and place it on a printer's plate.

Repair policy: only lossless clean-ups are made (vertices merged, degenerate and duplicate
triangles dropped, normals made consistent). Holes are not filled: guessing a missing surface
changes the model, so an open mesh is refused with the count of its open edges.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Final

import numpy as np
import trimesh

from .errors import ModelTooBigError, NotManifoldError, UnreadableModelError
from .footprint import FloatArray, outline, position
from .profiles import PrinterProfile

# Turns about Z tried when the model does not fit square with the plate, smallest first (°).
_ANGLES: Final = (0, *(sign * step for step in range(5, 95, 5) for sign in (1, -1)))
_DOWN: Final = np.array([0.0, 0.0, -1.0])


def load_mesh(model: bytes | Path) -> trimesh.Trimesh:
    """Read an STL (binary or ASCII) given as bytes or a path, in mm.

    Raises ``UnreadableModelError`` when it is not an STL with at least one triangle.
    """

    try:
        data = model.read_bytes() if isinstance(model, Path) else model
        loaded = trimesh.load(io.BytesIO(data), file_type="stl", force="mesh")
    except (OSError, ValueError, IndexError, TypeError, AttributeError) as err:
        raise UnreadableModelError(
            "The model is not a readable STL file; export it again as STL."
        ) from err
    if not isinstance(loaded, trimesh.Trimesh) or len(loaded.faces) == 0:
        raise UnreadableModelError("The STL file holds no triangles; export the model again.")
    return loaded


def check_solid(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Return a cleaned copy of ``mesh`` if it is a closed solid with positive volume.

    Raises ``NotManifoldError`` with the number of open and over-shared edges otherwise.
    """

    solid = mesh.copy()
    solid.update_faces(solid.nondegenerate_faces())
    solid.update_faces(solid.unique_faces())
    solid.remove_unreferenced_vertices()
    solid.merge_vertices()
    trimesh.repair.fix_normals(solid)  # type: ignore[no-untyped-call]
    if solid.is_volume:
        return solid
    _, uses = np.unique(solid.edges_sorted, axis=0, return_counts=True)
    open_edges = int((uses == 1).sum())
    shared = int((uses > 2).sum())
    raise NotManifoldError(
        f"The model is not a closed solid ({open_edges} open edges, {shared} edges shared by "
        "more than two triangles), so a slicer cannot tell its inside from its outside. "
        "Close its holes in a mesh repair tool (e.g. PrusaSlicer's or Meshmixer's repair) and "
        "send it again.",
        open_edges=open_edges,
        shared_edges=shared,
    )


def _resting_face(mesh: trimesh.Trimesh) -> FloatArray:
    """Return the outward normal of the hull's largest stable flat face.

    A face is stable when the centre of mass, dropped onto the face's plane, lands inside it.
    Coplanar hull triangles count as one face (trimesh's ``facets``); ties go to the first.
    """

    hull = mesh.convex_hull
    normals, triangles = hull.face_normals, hull.triangles
    depth = np.einsum("ij,ij->i", mesh.center_mass - triangles[:, 0], normals)
    feet = mesh.center_mass - depth[:, None] * normals
    barycentric = trimesh.triangles.points_to_barycentric(triangles, feet)  # type: ignore[no-untyped-call]
    inside = (barycentric >= -1e-9).all(axis=1)
    # Label each hull triangle with its flat face: facets first, lone triangles after.
    label = np.full(len(triangles), -1)
    for index, facet in enumerate(hull.facets):
        label[facet] = index
    lone = label < 0
    label[lone] = len(hull.facets) + np.arange(int(lone.sum()))
    area = np.bincount(label, weights=hull.area_faces)
    stable = np.bincount(label, weights=inside) > 0
    if stable.any():
        area = np.where(stable, area, -1.0)
    largest = int(np.argmax(area))
    first = int(np.flatnonzero(label == largest)[0])
    return np.asarray(normals[first], dtype=np.float64)


def _turn_z(degrees: float) -> FloatArray:
    """Return the 4x4 rotation by ``degrees`` about Z."""

    return np.asarray(
        trimesh.transformations.rotation_matrix(np.radians(degrees), [0, 0, 1]),  # type: ignore[no-untyped-call]
        dtype=np.float64,
    )


def _lay_flat(mesh: trimesh.Trimesh) -> FloatArray:
    """Return the 4x4 transform laying ``mesh`` on its resting face, longest side along X.

    The footprint's minimum-area rectangle is turned square with the plate's axes.
    """

    down = trimesh.geometry.align_vectors(_resting_face(mesh), _DOWN)  # type: ignore[no-untyped-call]
    hull_points = trimesh.transform_points(mesh.convex_hull.vertices, down)
    turn2d, extents = trimesh.bounds.oriented_bounds_2D(hull_points[:, :2])  # type: ignore[no-untyped-call]
    turn = np.eye(4)
    turn[:2, :2] = turn2d[:2, :2]
    if extents[1] > extents[0]:
        turn = _turn_z(90.0) @ turn
    return np.asarray(turn @ down, dtype=np.float64)


def place(mesh: trimesh.Trimesh, printer: PrinterProfile) -> trimesh.Trimesh:
    """Return ``mesh`` laid flat on its largest stable face and placed on the plate, in mm.

    The model sits on z = 0, square with the plate and centred on it, or moved just clear of
    the areas the plate excludes; when it does not fit square, it is turned about Z in 5°
    steps (a long part may fit across the diagonal). It is never stood on a smaller face: a
    tall, thin print is worse than a clear refusal. Raises ``ModelTooBigError`` with the
    model's size laid flat and the printable volume when it does not fit.
    """

    flat = _lay_flat(mesh)
    points = trimesh.transform_points(mesh.convex_hull.vertices, flat)
    low, high = points.min(axis=0), points.max(axis=0)
    size = (float(high[0] - low[0]), float(high[1] - low[1]), float(high[2] - low[2]))
    volume = printer.volume_mm
    footprint = outline(points[:, :2])
    if size[2] <= volume[2] + 1e-6:
        for angle in _ANGLES:
            turn = _turn_z(angle)
            shift = position(footprint @ turn[:2, :2].T, printer.machine)
            if shift is not None:
                placed = mesh.copy()
                placed.apply_transform(turn @ flat)
                placed.apply_translation((shift[0], shift[1], -low[2]))
                return placed
    within = all(got <= limit for got, limit in zip(size, volume, strict=True))
    reason = (
        " without covering the plate's keep-out areas (the front strip where the prime line is "
        "drawn, and the corner the printer excludes, if any)"
        if within
        else ""
    )
    raise ModelTooBigError(
        f"The model is {_mm(size)} laid flat and does not fit the {printer.name}'s printable "
        f"volume of {_mm(volume)}{reason}. Scale it down or split it.",
        size_mm=size,
        volume_mm=volume,
    )


def _mm(size: tuple[float, float, float]) -> str:
    """Format a size as "80.0 x 60.0 x 20.0 mm"."""

    return " x ".join(f"{value:.1f}" for value in size) + " mm"
