"""Convert decoded pixels of any Pillow mode to 8-bit RGBA without losing their range."""

from __future__ import annotations

import numpy as np
from PIL import Image

# Pillow's names for one-channel images deeper than 8 bits: 16-bit PNG and TIFF greyscale
# open as ``I;16`` (or ``I;16B``/``I;16L``), 32-bit integer TIFF as ``I``, float TIFF as ``F``.
_SIXTEEN_BIT = frozenset({"I;16", "I;16L", "I;16B", "I;16N"})
_SIXTEEN_BIT_MAX = 65535.0


def to_rgba(image: Image.Image) -> Image.Image:
    """Return ``image`` as 8-bit RGBA, deep greyscale scaled to 0-255 instead of clipped.

    Pillow's own ``convert`` clips ``I;16`` / ``I`` values above 255 to white, so a 16-bit
    greyscale PNG (0-65535) would come out as a blank plate. Here 16-bit samples are divided
    by 257 (65535 → 255), ``I`` samples the same when they fit in 16 bits, else stretched
    over their own range, and ``F`` samples are taken as 0-1 when they fit there, else as 0-255.
    Every other mode goes through Pillow's ``convert("RGBA")``.
    """

    if image.mode not in _SIXTEEN_BIT and image.mode not in ("I", "F"):
        return image.convert("RGBA")
    values = np.nan_to_num(np.asarray(image, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    low, high = float(values.min()), float(values.max())
    if image.mode == "F":
        scale = 1.0 if low >= 0.0 and high <= 1.0 else 255.0
    elif low < 0.0 or high > _SIXTEEN_BIT_MAX:
        values = values - low  # 32-bit integers beyond 16 bits: their own range
        scale = max(high - low, 1.0)
    else:
        scale = _SIXTEEN_BIT_MAX
    grey = np.clip(values / scale * 255.0, 0.0, 255.0)
    return Image.fromarray(np.rint(grey).astype(np.uint8)).convert("RGBA")
