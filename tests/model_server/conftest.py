"""Fixtures for the 3D model server tests: the add-on's API served for real on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
import io

from PIL import Image
import pytest

from holomat_dev.model_server_standin import ModelServerStandIn


@dataclass
class RunningServer:
    """A model server answering on ``url`` with ``token``."""

    url: str
    token: str
    standin: ModelServerStandIn


@pytest.fixture(autouse=True)
def _sockets(socket_enabled: None) -> None:
    """Let the tests open sockets: every peer here is a real server on 127.0.0.1."""


@pytest.fixture
async def standin() -> AsyncIterator[RunningServer]:
    """Serve the add-on's API from the stand-in on a free port of 127.0.0.1."""
    server = ModelServerStandIn(token="secret-token", polls_to_finish=2)
    url = await server.start()
    yield RunningServer(url, server.token, server)
    await server.stop()


def png_bytes(size: tuple[int, int] = (40, 20), alpha: int = 255) -> bytes:
    """Return a PNG drawing (a dark disc on white) of ``size`` pixels."""
    image = Image.new("RGBA", size, (255, 255, 255, alpha))
    image.paste((20, 20, 20, alpha), (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
