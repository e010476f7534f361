"""Where a model's footprint may go on a plate: inside it and clear of the excluded areas."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import ConvexHull, QhullError  # type: ignore[import-untyped]

from .profiles import Machine, Rect

FloatArray = NDArray[np.float64]
# Clearance kept between the model and an excluded area, in mm.
GAP = 1.0
_TOUCH = 1e-6


def outline(points: FloatArray) -> FloatArray:
    """Return the convex outline (k, 2) of XY ``points``, or the points if they are degenerate."""

    try:
        return np.asarray(points[ConvexHull(points).vertices], dtype=np.float64)
    except (QhullError, ValueError):
        return points


def area(polygon: FloatArray) -> float:
    """Return the area in mm² of a polygon (k, 2) given in order (shoelace formula)."""

    x, y = polygon[:, 0], polygon[:, 1]
    return float(abs(x @ np.roll(y, -1) - y @ np.roll(x, -1)) / 2)


def _overlaps(polygon: FloatArray, rect: Rect) -> bool:
    """Tell whether a convex polygon (k, 2) and a rectangle share more than an edge.

    Separating axis test: two convex shapes are apart if their projections are apart on one
    of the rectangle's axes or one of the polygon's edge normals.
    """

    corners = np.array(
        [[rect.x0, rect.y0], [rect.x1, rect.y0], [rect.x1, rect.y1], [rect.x0, rect.y1]]
    )
    edges = np.roll(polygon, -1, axis=0) - polygon
    normals = np.column_stack((-edges[:, 1], edges[:, 0]))
    lengths = np.linalg.norm(normals, axis=1)
    axes = np.vstack(([1.0, 0.0], [0.0, 1.0], normals[lengths > 0] / lengths[lengths > 0, None]))
    for axis in axes:
        a, b = polygon @ axis, corners @ axis
        if a.max() <= b.min() + _TOUCH or b.max() <= a.min() + _TOUCH:
            return False
    return True


def _fits(polygon: FloatArray, machine: Machine) -> bool:
    """Tell whether ``polygon`` lies on the plate and clear of every excluded area."""

    width, depth = machine.plate
    low, high = polygon.min(axis=0), polygon.max(axis=0)
    if low.min() < -_TOUCH or high[0] > width + _TOUCH or high[1] > depth + _TOUCH:
        return False
    return not any(_overlaps(polygon, rect) for rect in machine.exclusions)


def position(polygon: FloatArray, machine: Machine) -> tuple[float, float] | None:
    """Return the XY shift putting ``polygon`` on the plate clear of the exclusions, or None.

    The plate's centre comes first (the bounding box centred), then the positions just past
    each excluded area to the right, behind it, or both, keeping the other axis centred.
    """

    width, depth = machine.plate
    low, high = polygon.min(axis=0), polygon.max(axis=0)
    centre = (width / 2 - (low[0] + high[0]) / 2, depth / 2 - (low[1] + high[1]) / 2)
    candidates = [centre]
    for rect in machine.exclusions:
        right = rect.x1 + GAP - low[0]
        behind = rect.y1 + GAP - low[1]
        candidates += [(right, centre[1]), (centre[0], behind), (right, behind)]
    for dx, dy in candidates:
        if _fits(polygon + np.array([dx, dy]), machine):
            return (dx, dy)
    return None
