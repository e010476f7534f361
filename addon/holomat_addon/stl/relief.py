"""CPU method ``relief``: brightness → thickness on a solid backing (a height map or lithophane)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from .grid import heightfield_mesh
from .params import Params
from .printable import PrintableMesh, finalize

MAX_GRID = 512  # samples along the longest side: enough for a 0.2 mm nozzle line at 100 mm
MIN_PITCH_MM = 0.15  # no finer than a printer can render


def relief(image: Image.Image, params: Params) -> PrintableMesh:
    """Turn ``image`` (RGBA) into a relief plate: bright is high, or dark is thick if inverted.

    The plate's longest side is ``params.size_mm``; its thickness runs from ``base_mm`` to
    ``base_mm + thickness_mm``. Transparent pixels get the minimum thickness.
    """

    assert params.thickness_mm is not None
    width, height = image.size
    longest = max(width, height)
    samples = max(2, min(longest, MAX_GRID, int(params.size_mm / MIN_PITCH_MM) + 1))
    scale = samples / longest
    cols = max(2, round(width * scale))
    rows = max(2, round(height * scale))
    backdrop = (255, 255, 255, 255) if params.invert else (0, 0, 0, 255)
    flat = Image.alpha_composite(Image.new("RGBA", image.size, backdrop), image)
    gray = flat.convert("L").resize((cols, rows), Image.Resampling.BOX)
    level = np.asarray(gray, dtype=np.float64) / 255.0
    if params.invert:
        level = 1.0 - level
    heights = params.base_mm + params.thickness_mm * level
    pitch = params.size_mm / (max(rows, cols) - 1)
    vertices, faces = heightfield_mesh(heights, pitch)
    return finalize(vertices, faces, params.size_mm)
