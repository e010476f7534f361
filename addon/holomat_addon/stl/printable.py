"""Make a mesh printable (mm, Z up, base at z = 0, scaled) and prove it, or refuse it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh

from .errors import UnprintableMeshError
from .grid import FloatArray, IntArray


@dataclass(frozen=True, slots=True)
class PrintableMesh:
    """A checked mesh: vertices in mm (float64 ``(n, 3)``), faces ``int64 (m, 3)``, facts."""

    vertices: FloatArray
    faces: IntArray
    size_mm: tuple[float, float, float]
    volume_mm3: float
    watertight: bool
    winding_consistent: bool

    @property
    def triangles(self) -> int:
        """Number of triangles."""

        return int(self.faces.shape[0])


def finalize(
    vertices: FloatArray, faces: IntArray, size_mm: float, *, repair: bool = False
) -> PrintableMesh:
    """Scale the largest dimension to ``size_mm``, centre on XY, put the base on z = 0, check.

    With ``repair`` (meshes from a model, not from our own builders) trimesh merges
    vertices, drops degenerate and duplicate faces, fixes winding and fills small holes
    first. Raises ``UnprintableMeshError`` unless the result is a volume: watertight,
    consistently wound, with positive volume (the rules of trimesh's ``is_volume``).
    """

    if faces.size == 0 or vertices.size == 0:
        raise UnprintableMeshError("The model has no surface: nothing could be printed.")
    if not np.isfinite(vertices).all():
        raise UnprintableMeshError("The model has vertices at infinity or undefined positions.")
    if repair:
        mesh = _repair(trimesh.Trimesh(vertices=vertices, faces=faces, process=True, validate=True))
        vertices = np.asarray(mesh.vertices, dtype=np.float64)
        faces = np.asarray(mesh.faces, dtype=np.int64)
    extent = float(np.max(vertices.max(axis=0) - vertices.min(axis=0)))
    if extent <= 0:
        raise UnprintableMeshError("The model is flat in every direction: it has no volume.")
    scale = size_mm / extent
    verts = vertices * scale
    low, high = verts.min(axis=0), verts.max(axis=0)
    verts -= np.array([(low[0] + high[0]) / 2, (low[1] + high[1]) / 2, low[2]])
    faces_out = np.asarray(faces, dtype=np.int64)
    watertight, winding = edge_manifold(faces_out, verts.shape[0])
    volume = signed_volume(verts, faces_out) if watertight and winding else 0.0
    if not (watertight and winding and volume > 0):
        raise UnprintableMeshError(
            "The model could not be made printable: its surface is not closed "
            f"(watertight: {watertight}, consistent winding: {winding}, volume: {volume:.1f} mm³)."
        )
    size = verts.max(axis=0) - verts.min(axis=0)
    return PrintableMesh(
        vertices=verts,
        faces=faces_out,
        size_mm=(float(size[0]), float(size[1]), float(size[2])),
        volume_mm3=volume,
        watertight=watertight,
        winding_consistent=winding,
    )


def edge_manifold(faces: IntArray, vertex_count: int) -> tuple[bool, bool]:
    """Return (watertight, consistently wound) from the faces' edges, in one sort.

    Watertight: every undirected edge belongs to exactly two faces. Consistent: those two
    faces run along it in opposite directions. Same rules as trimesh's ``is_watertight``
    and ``is_winding_consistent``, several times faster on large grids.
    """

    heads = faces.ravel()
    tails = faces[:, [1, 2, 0]].ravel()
    low = np.minimum(heads, tails)
    high = np.maximum(heads, tails)
    keys = (low * vertex_count + high) * 2 + (heads > tails)
    keys.sort()
    if keys.size % 2:
        return False, False
    pairs = keys.reshape(-1, 2)
    edge = pairs >> 1
    watertight = bool(np.all(edge[:, 0] == edge[:, 1]) and np.all(edge[1:, 0] != edge[:-1, 1]))
    if not watertight:
        return False, False
    winding = bool(np.all((pairs[:, 0] & 1) == 0) and np.all((pairs[:, 1] & 1) == 1))
    return True, winding


def signed_volume(vertices: FloatArray, faces: IntArray) -> float:
    """Return the enclosed volume (divergence theorem): positive when normals point out."""

    v0, v1, v2 = (vertices[faces[:, i]] for i in range(3))
    return float(np.einsum("ij,ij->", v0, np.cross(v1, v2)) / 6.0)


def _repair(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Keep the main bodies, fix winding and normals, close small holes."""

    mesh.update_faces(mesh.nondegenerate_faces())
    mesh.update_faces(mesh.unique_faces())
    mesh.remove_unreferenced_vertices()
    bodies = mesh.split(only_watertight=False)
    if len(bodies) > 1:
        largest = max(len(body.faces) for body in bodies)
        kept = [body for body in bodies if len(body.faces) >= 0.005 * largest]
        joined = trimesh.util.concatenate(kept)
        assert isinstance(joined, trimesh.Trimesh)
        mesh = joined
    trimesh.repair.fix_winding(mesh)  # type: ignore[no-untyped-call]
    trimesh.repair.fix_inversion(mesh, multibody=True)
    if not mesh.is_watertight:
        trimesh.repair.fill_holes(mesh)
    if mesh.is_watertight and mesh.volume < 0:
        mesh.invert()
    return mesh


def stl_bytes(mesh: PrintableMesh) -> bytes:
    """Encode the mesh as binary STL: 80-byte header, count, 50 bytes per triangle."""

    tris = mesh.vertices[mesh.faces].astype(np.float32)
    normals = np.cross(tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0])
    lengths = np.linalg.norm(normals, axis=1, keepdims=True)
    normals = np.divide(normals, lengths, out=np.zeros_like(normals), where=lengths > 0)
    record = np.dtype(
        [("normal", "<f4", (3,)), ("vertices", "<f4", (3, 3)), ("attr", "<u2")], align=False
    )
    data = np.zeros(tris.shape[0], dtype=record)
    data["normal"] = normals
    data["vertices"] = tris
    header = b"HoloMat binary STL, millimetres, Z up".ljust(80, b" ")
    count = np.array([tris.shape[0]], dtype="<u4").tobytes()
    return header + count + data.tobytes()
