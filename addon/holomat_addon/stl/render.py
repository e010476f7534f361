"""Software renderer: a shaded isometric PNG of a mesh, with numpy and Pillow only."""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image

from .grid import FloatArray, IntArray

_BACKGROUND = (243, 244, 246, 255)
_COLOUR = np.array([64.0, 140.0, 220.0])
_LIGHT = np.array([-0.4, -0.5, 0.77])
_MAX_SAMPLES = 6_000_000


def _view_rotation() -> FloatArray:
    """Rotation taking model axes to view axes: azimuth -45°, elevation 35.26° (isometric)."""

    az = math.radians(-45.0)
    el = math.radians(90.0 - 35.264)
    rz = np.array([[math.cos(az), -math.sin(az), 0], [math.sin(az), math.cos(az), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, math.cos(el), -math.sin(el)], [0, math.sin(el), math.cos(el)]])
    return np.asarray(rx @ rz, dtype=np.float64)


def render_png(vertices: FloatArray, faces: IntArray, size: int = 512) -> bytes:
    """Render the mesh seen from the front-left above, Lambert-shaded, as PNG bytes.

    Each triangle is filled with a lattice of points fine enough to leave no gap at
    this resolution; a depth buffer keeps the nearest point per pixel.
    """

    view = vertices @ _view_rotation().T  # x right, y up, z toward the viewer
    tris = view[faces]
    normals = np.cross(tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0])
    lengths = np.linalg.norm(normals, axis=1)
    facing = (normals[:, 2] > 0) & (lengths > 0)
    tris, normals, lengths = tris[facing], normals[facing], lengths[facing]
    image = np.empty((size, size, 4), dtype=np.uint8)
    image[:] = _BACKGROUND
    if tris.shape[0] == 0:
        return _png(image)
    light = _LIGHT @ _view_rotation().T
    light /= np.linalg.norm(light)
    shade = 0.35 + 0.65 * np.clip((normals / lengths[:, None]) @ light, 0.0, 1.0)
    colours = np.clip(_COLOUR[None, :] * shade[:, None] * 1.1, 0, 255).astype(np.uint8)

    low = view.min(axis=0)
    span = float(np.max(view.max(axis=0)[:2] - low[:2])) or 1.0
    scale = (size - 16) / span
    offset = (size - (view.max(axis=0)[:2] - low[:2]) * scale) / 2
    xy = (tris[:, :, :2] - low[:2]) * scale + offset
    depth = tris[:, :, 2]

    edge = np.max(np.linalg.norm(xy - np.roll(xy, 1, axis=1), axis=2), axis=1)
    steps = np.clip(np.ceil(edge * 1.5).astype(np.int64), 1, 2048)
    budget = _MAX_SAMPLES / max(1.0, float(((steps + 1) * (steps + 2) // 2).sum()))
    if budget < 1:
        steps = np.maximum(1, (steps * math.sqrt(budget)).astype(np.int64))
    flat = np.full(size * size, -np.inf)
    pixels = image.reshape(-1, 4)
    for n in np.unique(steps):
        chosen = steps == n
        i, j = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
        keep = i + j <= n
        u, v = i[keep] / n, j[keep] / n
        w = 1.0 - u - v
        sx = w * xy[chosen, 0, 0, None] + u * xy[chosen, 1, 0, None] + v * xy[chosen, 2, 0, None]
        sy = w * xy[chosen, 0, 1, None] + u * xy[chosen, 1, 1, None] + v * xy[chosen, 2, 1, None]
        sz = w * depth[chosen, 0, None] + u * depth[chosen, 1, None] + v * depth[chosen, 2, None]
        col = np.clip(sx, 0, size - 1).astype(np.int64)
        row = np.clip(size - 1 - sy, 0, size - 1).astype(np.int64)
        index = (row * size + col).ravel()
        z = sz.ravel()
        face_colour = np.repeat(colours[chosen], u.size, axis=0)
        order = np.argsort(z, kind="stable")  # far to near: the nearest write wins
        index, z, face_colour = index[order], z[order], face_colour[order]
        nearer = z > flat[index]
        index, z, face_colour = index[nearer], z[nearer], face_colour[nearer]
        flat[index] = z
        pixels[index, :3] = face_colour
        pixels[index, 3] = 255
    return _png(image)


def _png(image: np.ndarray) -> bytes:
    """Encode an RGBA array as PNG bytes."""

    out = io.BytesIO()
    Image.fromarray(image, "RGBA").save(out, format="PNG", optimize=False)
    return out.getvalue()


def render_stl(stl: bytes, size: int = 512) -> bytes:
    """Render binary STL bytes (a triangle soup, little-endian as the format says) to PNG bytes."""

    count = int.from_bytes(stl[80:84], "little")
    record = np.dtype([("n", "<f4", (3,)), ("v", "<f4", (3, 3)), ("a", "<u2")])
    tris = np.frombuffer(stl, dtype=record, count=count, offset=84)["v"].astype(np.float64)
    vertices = tris.reshape(-1, 3)
    faces = np.arange(vertices.shape[0], dtype=np.int64).reshape(-1, 3)
    return render_png(vertices, faces, size)
