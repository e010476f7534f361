"""Rasterise a subject's mask onto the print grid so that nozzle-wide features survive.

The grid pitch is half the nozzle width, so a line as wide as the nozzle spans two cells.
Features thinner than the nozzle are widened to it instead of being dropped: a slicer
skips walls narrower than its line width, so a 0.3 mm hairline is printed as 0.4 mm.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from numpy.typing import NDArray

from .grid import BoolArray

MAX_GRID = 640  # cells along the longest side: a 0.4 mm nozzle keeps its pitch up to 128 mm
SOLID_COVER = 0.5  # share of a cell the subject must cover to fill it
INK_COVER = 0.2  # share that marks a thin feature worth keeping


def grid_pitch(size_mm: float, nozzle_mm: float) -> tuple[int, float]:
    """Return the cell count along the longest side and the pitch in mm for ``size_mm``.

    The pitch is ``nozzle_mm / 2`` until ``MAX_GRID`` cells are reached, coarser after that.
    """

    cells = min(MAX_GRID, max(2, math.ceil(size_mm / (nozzle_mm / 2))))
    return cells, size_mm / cells


def printable_outline(mask: BoolArray, size_mm: float, nozzle_mm: float) -> BoolArray:
    """Return the subject of ``mask`` (``bool (h, w)``) on the print grid, cropped to it.

    The subject's longest side becomes ``size_mm`` in cells of ``grid_pitch``. A cell is
    filled when the subject covers half of it; thinner features (covering at least
    ``INK_COVER`` of their cells but erased by an opening one nozzle wide) are widened to
    one nozzle width; specks smaller than a nozzle-wide dot are dropped. Returns an empty
    array when ``mask`` has no subject.
    """

    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return np.zeros((0, 0), dtype=np.bool_)
    crop = mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    longest = max(crop.shape)
    cells, pitch = grid_pitch(size_mm, nozzle_mm)
    cells = min(cells, longest)  # never finer than the picture itself
    pitch = size_mm / cells
    scale = cells / longest
    shape = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
    coverage = cv2.resize(crop.astype(np.float32), shape, interpolation=cv2.INTER_AREA)
    solid: NDArray[np.uint8] = (coverage >= SOLID_COVER).astype(np.uint8)
    nozzle = max(1, round(nozzle_mm / pitch))
    if nozzle > 1:
        kernel = np.ones((nozzle, nozzle), np.uint8)
        wide = cv2.dilate(cv2.morphologyEx(solid, cv2.MORPH_OPEN, kernel), kernel)
        ink: NDArray[np.uint8] = (coverage >= INK_COVER).astype(np.uint8)
        thin = ink & (1 - np.asarray(wide, dtype=np.uint8))
        grown = np.asarray(cv2.dilate(thin, kernel), dtype=np.uint8)
        # Close the gap a thin line may leave where it meets a wide part.
        bridge = ink & np.asarray(cv2.dilate(grown, np.ones((3, 3), np.uint8)), dtype=np.uint8)
        solid = solid | grown | bridge
    count, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    keep = np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] >= nozzle * nozzle) + 1
    return np.isin(labels, keep) if count > 1 else np.zeros(solid.shape, dtype=np.bool_)
