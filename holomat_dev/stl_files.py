"""Small binary STL files for tests and benches: a closed box, and a box with a hole.

Binary STL (the format the add-on writes and slicers read): an 80-byte header, a little-endian
uint32 triangle count, then per triangle a normal and three vertices (12 float32) and a uint16
attribute count. Sizes are millimetres; the box's corner sits at the origin.
"""

from __future__ import annotations

import struct

# Two triangles per face of the unit cube, wound counter-clockwise seen from outside.
_CORNERS = [(x, y, z) for z in (0, 1) for y in (0, 1) for x in (0, 1)]
_FACES = (
    (0, 2, 1), (1, 2, 3), (4, 5, 6), (5, 7, 6), (0, 1, 4), (1, 5, 4),
    (2, 6, 3), (3, 6, 7), (0, 4, 2), (2, 4, 6), (1, 3, 5), (3, 7, 5),
)  # fmt: skip


def box(x: float, y: float, z: float, *, faces: int = len(_FACES)) -> bytes:
    """Return a box of ``x`` by ``y`` by ``z`` mm as binary STL.

    ``faces`` keeps only that many of its 12 triangles: fewer than 12 is a box with a hole (not
    a closed solid, which a slicer refuses).
    """
    triangles = _FACES[:faces]
    out = bytearray(b"HoloMat test box".ljust(80, b" "))
    out += struct.pack("<I", len(triangles))
    for triangle in triangles:
        out += struct.pack("<3f", 0.0, 0.0, 0.0)  # readers recompute normals from the winding
        for index in triangle:
            cx, cy, cz = _CORNERS[index]
            out += struct.pack("<3f", cx * x, cy * y, cz * z)
        out += struct.pack("<H", 0)
    return bytes(out)
