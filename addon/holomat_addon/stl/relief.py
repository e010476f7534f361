"""CPU method ``relief``: brightness → thickness on a solid backing (a height map or lithophane)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from .grid import BoolArray, FloatArray, heightfield_mesh
from .params import Params
from .printable import PrintableMesh, finalize
from .quality import Quality

MAX_GRID = 512  # samples along the longest side: enough for a 0.2 mm nozzle line at 100 mm
MIN_PITCH_MM = 0.15  # no finer than a printer can render
STRETCH_PERCENTILES = (1.0, 99.0)  # grey levels clipped at each end before stretching
FULL_RANGE_SHARE = 0.5  # a tonal range this wide (of 0-255) or more scores 1.0


def relief(image: Image.Image, params: Params) -> tuple[PrintableMesh, Quality]:
    """Turn ``image`` (RGBA) into a relief plate: bright is high, or dark is thick if inverted.

    The plate's longest side is ``params.size_mm``; its thickness runs from ``base_mm`` to
    ``base_mm + thickness_mm``. The grey levels of the opaque pixels are stretched so that
    their 1st and 99th percentiles span that whole range (a dim or washed-out photo still
    uses every thickness); transparent pixels get the minimum thickness. Returns the mesh
    and the quality: the tonal range the image had before stretching.
    """

    assert params.thickness_mm is not None
    width, height = image.size
    longest = max(width, height)
    samples = max(2, min(longest, MAX_GRID, int(params.size_mm / MIN_PITCH_MM) + 1))
    scale = samples / longest
    cols = max(2, round(width * scale))
    rows = max(2, round(height * scale))
    small = image.resize((cols, rows), Image.Resampling.BOX)
    grey = np.asarray(small.convert("L"), dtype=np.float64)
    alpha = np.asarray(small.getchannel("A"), dtype=np.float64) / 255.0
    level, quality = stretch(grey, alpha >= 0.5)
    if params.invert:
        level = 1.0 - level
    heights = params.base_mm + params.thickness_mm * level * alpha
    pitch = params.size_mm / (max(rows, cols) - 1)
    vertices, faces = heightfield_mesh(heights, pitch)
    return finalize(vertices, faces, params.size_mm), quality


def stretch(grey: FloatArray, opaque: BoolArray) -> tuple[FloatArray, Quality]:
    """Map grey levels (0-255) to 0-1 so the opaque pixels' percentiles span it all.

    Returns the levels (``float64``, same shape) and the quality: the measured tonal range
    as a share of 0-255 over ``FULL_RANGE_SHARE``, capped at 1. An image with no tonal range
    at all gives a flat plate and quality 0.
    """

    values = grey[opaque] if opaque.any() else grey.ravel()
    low, high = (float(v) for v in np.percentile(values, STRETCH_PERCENTILES))
    span = high - low
    if span < 1.0:
        return np.zeros_like(grey), Quality(0.0, "The image has no contrast: the plate is flat.")
    level = np.clip((grey - low) / span, 0.0, 1.0)
    score = min(1.0, span / 255.0 / FULL_RANGE_SHARE)
    return level, Quality(
        score, f"Grey levels {low:.0f}-{high:.0f} were stretched over the whole thickness."
    )
