"""Shared fixtures of the add-on tests: images made with Pillow, and the shipped photographs."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from PIL import Image, ImageDraw

from holomat_addon.options import Options
from holomat_addon.server.app import build_app
from holomat_addon.server.limits import HttpLimits
from holomat_addon.server.main import load_model
from holomat_addon.server.site import start_site
from holomat_addon.stl.engine import Engine

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


TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
Start = Callable[..., Awaitable[str]]


@pytest.fixture
async def start_server() -> AsyncIterator[Start]:
    """Start real image → STL servers on free 127.0.0.1 ports; return a factory of base URLs.

    ``limits`` (an ``HttpLimits``) tightens the HTTP limits; other keywords are ``Options``.
    """

    runners: list[web.AppRunner] = []

    async def start(limits: HttpLimits | None = None, **overrides: Any) -> str:
        options = Options(host="127.0.0.1", port=0, token=TOKEN, **overrides)
        model, status = load_model(options)
        limits = limits or HttpLimits()
        app = build_app(options, Engine(model), status, limits)
        runner, site = await start_site(app, "127.0.0.1", 0, limits)
        runners.append(runner)
        return f"http://127.0.0.1:{site.port}"

    yield start
    for runner in runners:
        await runner.cleanup()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an HTTP client session."""

    async with aiohttp.ClientSession() as client:
        yield client
