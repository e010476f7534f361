"""Tell a graphic (logo, line art, drawing) from a photograph, for the ``auto`` method."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

WORK_SIDE = 256  # px: statistics need no more
TOP_COLOURS = 8
GRAPHIC_COVER = 0.8  # share of the image the few main colours must cover
GRAPHIC_FLAT = 0.6  # share of pixels in uniform areas
FLAT_STEP = 6  # grey levels: neighbours closer than this belong to a uniform area


def is_graphic(image: Image.Image) -> bool:
    """Return whether the opaque part of ``image`` (RGBA) looks like a logo or line art.

    A graphic has few colours covering large uniform areas, and sharp edges leave few
    in-between colours: after a 3x3 median (which removes JPEG ringing and sensor noise but
    keeps edges), its ``TOP_COLOURS`` most common colours (32 levels a channel) cover at
    least ``GRAPHIC_COVER`` of the pixels, and at least ``GRAPHIC_FLAT`` of the pixels differ
    from their right and lower neighbours by under ``FLAT_STEP`` levels. Photographs fail
    both: noise, shading and gradients spread them over many colours.
    """

    small = image.copy()
    small.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.NEAREST)
    opaque = np.asarray(small.getchannel("A")) >= 128
    if opaque.mean() < 0.01:
        return False
    rgb = np.asarray(small.convert("RGB").filter(ImageFilter.MedianFilter(3)), dtype=np.int32)
    quantised = rgb >> 3
    keys = (quantised[..., 0] << 10) | (quantised[..., 1] << 5) | quantised[..., 2]
    counts = np.sort(np.bincount(keys[opaque], minlength=1 << 15))[::-1]
    cover = float(counts[:TOP_COLOURS].sum() / max(1, counts.sum()))
    step_x = np.abs(np.diff(rgb, axis=1)).max(axis=2)[:-1, :]
    step_y = np.abs(np.diff(rgb, axis=0)).max(axis=2)[:, :-1]
    flat = (step_x < FLAT_STEP) & (step_y < FLAT_STEP) & opaque[:-1, :-1]
    flat_share = float(flat.sum() / max(1, opaque[:-1, :-1].sum()))
    return cover >= GRAPHIC_COVER and flat_share >= GRAPHIC_FLAT
