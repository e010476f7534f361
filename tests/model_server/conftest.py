"""Fixtures for the 3D model server tests: the add-on's API served for real on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
import io
from pathlib import Path

from aiohttp import web
from homeassistant.const import CONF_FILE_PATH, CONF_NAME, CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from PIL import Image
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN, EntryType
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


@pytest.fixture
def mock_config_entry(standin: RunningServer) -> MockConfigEntry:
    """Return a model server entry for the stand-in (not added to hass)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="HoloMat add-on",
        unique_id="local_holomat",
        data={
            CONF_ENTRY_TYPE: EntryType.MODEL_SERVER,
            CONF_URL: standin.url,
            CONF_TOKEN: standin.token,
        },
    )


@pytest.fixture
def media_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Point Home Assistant's local media folder to a temporary folder."""
    media = tmp_path / "media"
    media.mkdir()
    hass.config.media_dirs = {"local": str(media)}
    return media


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, media_dir: Path
) -> MockConfigEntry:
    """Set up HoloMat with the stand-in model server."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry


@pytest.fixture
def pictures(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Return a folder Home Assistant may read (allowlist_external_dirs) with a drawing."""
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "drawing.png").write_bytes(png_bytes())
    hass.config.allowlist_external_dirs = {str(folder)}
    return folder


@pytest.fixture
async def image_host() -> AsyncIterator[str]:
    """Serve ``/drawing.png`` (and a 404 elsewhere) over HTTP on 127.0.0.1; return the base URL."""

    async def drawing(request: web.Request) -> web.Response:
        return web.Response(body=png_bytes(), content_type="image/png")

    app = web.Application()
    app.router.add_get("/drawing.png", drawing)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


@pytest.fixture
async def workbench_camera(hass: HomeAssistant, tmp_path: Path) -> str:
    """Add a real camera (``local_file``) whose snapshot is a 50x50 PNG; return its entity id."""
    snapshot = tmp_path / "snapshot.png"
    snapshot.write_bytes(png_bytes((50, 50)))
    camera_entry = MockConfigEntry(
        domain="local_file",
        options={CONF_NAME: "Workbench", CONF_FILE_PATH: str(snapshot)},
    )
    camera_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(camera_entry.entry_id)
    await hass.async_block_till_done()
    return "camera.workbench"
