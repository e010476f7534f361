"""Synthetic photographs with known subjects: busy backgrounds, camouflage, line art, 16-bit.

Shared by the tests and ``bench/photo_quality.py``. Every image is made from a seed, so a
failure can be replayed; nothing is downloaded or shipped.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFilter

KINDS = ("distinct", "camouflage", "no_subject")


def _busy(rng: np.random.Generator, height: int, width: int) -> NDArray[np.float64]:
    """Return a cluttered background ``(h, w, 3)`` in 0-255: gradients, stripes, blobs, noise.

    Like a room behind a subject: things of every colour all over the frame, slightly out
    of focus, with the same statistics near the edges as in the middle.
    """

    coarse = rng.uniform(40, 215, (4, 4, 3)).astype(np.uint8)
    field = np.asarray(
        Image.fromarray(coarse).resize((width, height), Image.Resampling.BICUBIC), dtype=np.float64
    )
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    for _ in range(3):
        angle, freq = rng.uniform(0, np.pi), rng.uniform(0.05, 0.3)
        wave = np.sin(freq * (xx * np.cos(angle) + yy * np.sin(angle)))
        field += wave[..., None] * rng.uniform(-25, 25, 3)
    clutter = Image.fromarray(np.clip(field, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(clutter)
    for _ in range(160):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        rx, ry = rng.uniform(3, width / 12), rng.uniform(3, height / 12)
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        if rng.random() < 0.5:
            draw.ellipse((x - rx, y - ry, x + rx, y + ry), fill=colour)
        else:
            draw.rectangle((x - rx, y - ry, x + rx, y + ry), fill=colour)
    blurred = clutter.filter(ImageFilter.GaussianBlur(1.5))
    return np.asarray(blurred, dtype=np.float64) + rng.normal(0, 8, (height, width, 3))


def _shape(rng: np.random.Generator, height: int, width: int) -> NDArray[np.bool_]:
    """Return a subject mask: an ellipse joined to a polygon, 10-40 % of the frame."""

    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    cx, cy = width * rng.uniform(0.4, 0.6), height * rng.uniform(0.4, 0.6)
    rx, ry = width * rng.uniform(0.15, 0.28), height * rng.uniform(0.15, 0.28)
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=255)
    angles = np.sort(rng.uniform(0, 2 * np.pi, 7))
    radii = rng.uniform(0.15, 0.32, 7) * min(width, height)
    ox, oy = cx + rng.uniform(-0.1, 0.1) * width, cy + rng.uniform(-0.1, 0.1) * height
    points = [(ox + r * np.cos(a), oy + r * np.sin(a)) for a, r in zip(angles, radii, strict=True)]
    draw.polygon(points, fill=255)
    return np.asarray(mask) >= 128


def synthetic_photo(
    seed: int, kind: str = "distinct", size: tuple[int, int] = (320, 240)
) -> tuple[Image.Image, NDArray[np.bool_] | None]:
    """Return an RGB photograph-like image and its subject's mask (``None`` without subject).

    ``distinct``: a shaded, slightly textured subject of one colour on a busy background (a
    usable photo); ``camouflage``: the subject is cut from another sample of the same clutter
    (no colour tells it apart: unusable); ``no_subject``: clutter only.
    """

    rng = np.random.default_rng(seed)
    width, height = size
    background = _busy(rng, height, width)
    if kind == "no_subject":
        return Image.fromarray(np.clip(background, 0, 255).astype(np.uint8)), None
    mask = _shape(rng, height, width)
    if kind == "camouflage":
        subject = _busy(rng, height, width)
    else:
        colour = rng.uniform(0, 255, 3)
        colour[rng.integers(0, 3)] = rng.choice([20.0, 235.0])  # saturated
        yy, xx = np.mgrid[0:height, 0:width] / max(width, height)
        light = 0.8 + 0.35 * (xx - yy)  # a soft light from the top right
        subject = colour * light[..., None] + rng.normal(0, 8, (height, width, 3))
        far = np.linalg.norm(background - colour, axis=2) < 60
        background[far] = 255 - background[far]  # keep the clutter off the subject's colour
    pixels = np.where(mask[..., None], subject, background)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)), mask


def line_art(
    line_mm: float, size_mm: float = 80.0, px_per_mm: float = 10.0
) -> tuple[Image.Image, list[tuple[float, float, float, float]]]:
    """Return black line art on white, lines ``line_mm`` wide at ``size_mm``, and the lines.

    A square frame, a cross, two diagonals and a circle; each line is returned as
    ``(x0, y0, x1, y1)`` in mm. ``px_per_mm`` sets the source resolution.
    """

    side = round(size_mm * px_per_mm)
    image = Image.new("RGB", (side, side), "white")
    draw = ImageDraw.Draw(image)
    width = max(1, round(line_mm * px_per_mm))
    margin = 0.05 * size_mm
    lines = [
        (margin, margin, size_mm - margin, margin),
        (size_mm - margin, margin, size_mm - margin, size_mm - margin),
        (size_mm - margin, size_mm - margin, margin, size_mm - margin),
        (margin, size_mm - margin, margin, margin),
        (size_mm / 2, margin, size_mm / 2, size_mm - margin),
        (margin, size_mm / 2, size_mm - margin, size_mm / 2),
        (margin, margin, size_mm - margin, size_mm - margin),
        (margin, size_mm - margin, size_mm - margin, margin),
    ]
    for x0, y0, x1, y1 in lines:
        ends = [(x0 * px_per_mm, y0 * px_per_mm), (x1 * px_per_mm, y1 * px_per_mm)]
        draw.line(ends, "black", width)
    radius = size_mm / 4 * px_per_mm
    centre = side / 2
    draw.ellipse(
        (centre - radius, centre - radius, centre + radius, centre + radius),
        outline="black",
        width=width,
    )
    return image, lines


def grey16(size: tuple[int, int] = (128, 96)) -> tuple[Image.Image, NDArray[np.uint16]]:
    """Return a 16-bit greyscale gradient image (mode ``I;16``) using the whole 0-65535 range."""

    width, height = size
    ramp = np.linspace(0, 65535, width).round().astype(np.uint16)
    values = np.tile(ramp, (height, 1))
    return Image.fromarray(values), values
