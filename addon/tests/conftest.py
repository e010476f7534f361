"""Shared fixtures of the add-on tests: images made with Pillow, and the shipped photographs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

FIXTURES = Path(__file__).parent / "fixtures"


def png_bytes(image: Image.Image, fmt: str = "PNG") -> bytes:
    """Encode ``image`` in ``fmt``."""

    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def drawing() -> Image.Image:
    """Return a cut-out drawing: a disc and a bar on transparency, 120x90 px."""

    image = Image.new("RGBA", (120, 90), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 72, 72), fill=(200, 30, 30, 255))
    draw.rectangle((60, 30, 112, 50), fill=(30, 30, 200, 255))
    return image


@pytest.fixture
def drawing_png() -> bytes:
    """Return the cut-out drawing as PNG bytes."""

    return png_bytes(drawing())


@pytest.fixture
def photo_jpeg() -> bytes:
    """Return a small real photograph (public domain) as JPEG bytes."""

    return (FIXTURES / "astronaut.jpg").read_bytes()
