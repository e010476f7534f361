"""Closed meshes built straight from pixel grids with numpy: watertight by construction.

Both builders return ``(vertices, faces)``: ``float64 (n, 3)`` in millimetres and
``int64 (m, 3)`` with counter-clockwise winding seen from outside (normals point out).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def heightfield_mesh(heights: FloatArray, pitch: float) -> tuple[FloatArray, IntArray]:
    """Close a height field into a solid: smooth top, four walls, flat bottom at z = 0.

    ``heights`` is ``(rows, cols)`` in mm, every value > 0, row 0 at the far (+y) edge;
    ``pitch`` is the distance in mm between neighbouring samples.
    """

    rows, cols = heights.shape
    ys = (rows - 1 - np.arange(rows, dtype=np.float64)) * pitch
    xs = np.arange(cols, dtype=np.float64) * pitch
    grid_x, grid_y = np.meshgrid(xs, ys)
    top = np.column_stack((grid_x.ravel(), grid_y.ravel(), heights.ravel()))

    idx = np.arange(rows * cols, dtype=np.int64).reshape(rows, cols)
    a = idx[:-1, :-1].ravel()  # top-left (far, small x)
    b = idx[:-1, 1:].ravel()  # top-right
    c = idx[1:, :-1].ravel()  # bottom-left (near)
    d = idx[1:, 1:].ravel()
    # Seen from +z, near-left → near-right → far-right is counter-clockwise.
    top_faces = np.concatenate((np.column_stack((c, d, b)), np.column_stack((c, b, a))))

    # Perimeter of the top grid, walked counter-clockwise seen from +z.
    ring = np.concatenate(
        (
            idx[-1, :],  # near edge, left → right
            idx[-2::-1, -1],  # right edge, near → far
            idx[0, -2::-1],  # far edge, right → left
            idx[1:-1, 0],  # left edge, far → near (stops before the first corner)
        )
    )
    count = ring.size
    bottom = top[ring].copy()
    bottom[:, 2] = 0.0
    bottom_start = rows * cols
    centre_index = bottom_start + count
    centre = np.array([[xs[-1] / 2, ys[0] / 2, 0.0]])
    vertices = np.concatenate((top, bottom, centre))

    here = np.arange(count, dtype=np.int64)
    nxt = np.roll(here, -1)
    top_here, top_next = ring, ring[nxt]
    bot_here, bot_next = bottom_start + here, bottom_start + nxt
    walls = np.concatenate(
        (
            np.column_stack((bot_here, bot_next, top_next)),
            np.column_stack((bot_here, top_next, top_here)),
        )
    )
    fan = np.column_stack((np.full(count, centre_index), bot_next, bot_here))
    faces = np.concatenate((top_faces, walls, fan))
    return vertices, faces


def remove_diagonal_contacts(mask: BoolArray) -> BoolArray:
    """Fill checkerboard 2x2 blocks so cells never touch by a corner only.

    Two cells sharing just a corner would make a vertical edge shared by four walls:
    not a manifold. Filling the empty cell of the block joins them by a face instead.
    """

    out = mask.copy()
    for _ in range(64):
        tl, tr, bl, br = out[:-1, :-1], out[:-1, 1:], out[1:, :-1], out[1:, 1:]
        diag = tl & br & ~tr & ~bl
        anti = tr & bl & ~tl & ~br
        if not (diag.any() or anti.any()):
            return out
        out[:-1, 1:] |= diag  # fill the top-right cell of the block
        out[:-1, :-1] |= anti  # fill the top-left cell of the block
    return out


def columns_mesh(
    levels: IntArray, z_levels: FloatArray, pitch: float
) -> tuple[FloatArray, IntArray]:
    """Close a stepped height map: each cell is a square column from z = 0 to its level.

    ``levels`` is ``(rows, cols)`` of indices into ``z_levels`` (``z_levels[0] == 0``: an
    empty cell); walls are split at every level so vertical edges always pair up. Each
    mask ``levels > k`` must be free of diagonal-only contacts (``remove_diagonal_contacts``).
    """

    rows, cols = levels.shape
    n_levels = z_levels.size
    padded = np.zeros((rows + 2, cols + 2), dtype=np.int64)
    padded[1:-1, 1:-1] = levels

    def vid(i: IntArray, j: IntArray, k: IntArray | int) -> IntArray:
        """Index of grid vertex (row line i, column line j) at level k, before compaction."""

        level = np.asarray(k, dtype=np.int64)
        out: IntArray = (level * (rows + 1) + i) * (cols + 1) + j
        return out

    faces: list[IntArray] = []
    r, c = np.nonzero(levels)
    r = r.astype(np.int64)
    c = c.astype(np.int64)
    lv = levels[r, c].astype(np.int64)
    # Grid lines: row line i is at the far edge of row i; y decreases with i.
    a, b = vid(r + 1, c, lv), vid(r + 1, c + 1, lv)  # near-left, near-right
    e, f = vid(r, c + 1, lv), vid(r, c, lv)  # far-right, far-left
    faces += [np.column_stack((a, b, e)), np.column_stack((a, e, f))]
    a0, b0, e0, f0 = vid(r + 1, c, 0), vid(r + 1, c + 1, 0), vid(r, c + 1, 0), vid(r, c, 0)
    faces += [np.column_stack((a0, e0, b0)), np.column_stack((a0, f0, e0))]

    # Walls between each cell and its right neighbour, and each cell and the one below.
    for axis in (0, 1):
        if axis == 1:
            left = padded[1:-1, :-1]
            right = padded[1:-1, 1:]
        else:
            left = padded[:-1, 1:-1]
            right = padded[1:, 1:-1]
        for k in range(n_levels - 1):
            out_right = (left > k) & (right <= k)  # wall faces +x (or -y)
            out_left = (right > k) & (left <= k)
            for outward, sign in ((out_right, 1), (out_left, -1)):
                ii, jj = np.nonzero(outward)
                ii = ii.astype(np.int64)
                jj = jj.astype(np.int64)
                if axis == 1:
                    # Vertical grid line x = jj between cell columns jj-1 and jj; rows ii.
                    p, q = vid(ii + 1, jj, k), vid(ii, jj, k)  # near, far at level k
                    p1, q1 = vid(ii + 1, jj, k + 1), vid(ii, jj, k + 1)
                else:
                    # Horizontal grid line y = row line ii between rows ii-1 and ii; cols jj.
                    p, q = vid(ii, jj, k), vid(ii, jj + 1, k)  # left, right at level k
                    p1, q1 = vid(ii, jj, k + 1), vid(ii, jj + 1, k + 1)
                if sign == 1:
                    faces += [np.column_stack((p, q, q1)), np.column_stack((p, q1, p1))]
                else:
                    faces += [np.column_stack((q, p, p1)), np.column_stack((q, p1, q1))]

    all_faces = np.concatenate(faces)
    used, compact = np.unique(all_faces, return_inverse=True)
    k_of = used // ((rows + 1) * (cols + 1))
    rest = used % ((rows + 1) * (cols + 1))
    i_of, j_of = rest // (cols + 1), rest % (cols + 1)
    vertices = np.column_stack(
        (j_of * pitch, (rows - i_of) * pitch, z_levels[k_of]),
    ).astype(np.float64)
    return vertices, compact.reshape(-1, 3).astype(np.int64)
