"""Fixtures for the 3D model server tests: the add-on's API served for real on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
import io
from pathlib import Path
import socket
import subprocess
import time
import urllib.request

from aiohttp import web
from homeassistant.const import CONF_FILE_PATH, CONF_NAME, CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from PIL import Image
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import pytest_socket

from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN, EntryType
from holomat_dev.model_server_standin import ModelServerStandIn

ROOT = Path(__file__).parents[2]
ADDON_PYTHON = ROOT / "addon" / ".venv" / "bin" / "python"
ADDON_TOKEN = "addon-test-token"


@dataclass
class RunningServer:
    """A model server answering on ``url`` with ``token``; ``standin`` if it is the stand-in."""

    url: str
    token: str
    standin: ModelServerStandIn


@dataclass
class AddonServer:
    """The real add-on server, run by its own Python 3.11 environment."""

    url: str
    token: str


@pytest.fixture(autouse=True)
def _sockets(socket_enabled: None) -> None:
    """Let the tests open sockets: every peer here is a real server on 127.0.0.1."""


def _free_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def run_addon(
    data_dir: Path, *options: str, env: dict[str, str] | None = None
) -> Iterator[AddonServer]:
    """Run ``python -m holomat_addon`` with ``options`` on a free port of 127.0.0.1 until exit.

    Skips the test when the add-on's Python 3.11 environment is not installed.
    """
    if not ADDON_PYTHON.exists():
        pytest.skip("the add-on's environment (addon/.venv) is not installed")
    pytest_socket.enable_socket()
    port = _free_port()
    command = [str(ADDON_PYTHON), "-m", "holomat_addon", "--host", "127.0.0.1", "--port"]
    command += [str(port), "--token", ADDON_TOKEN, "--data-dir", str(data_dir), *options]
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT / "addon", stdout=log, stderr=subprocess.STDOUT, env=env
        )
        url = f"http://127.0.0.1:{port}"
        try:
            try:
                _wait_healthy(url, process, log_path)
            finally:
                pytest_socket.disable_socket(allow_unix_socket=True)
            yield AddonServer(url, ADDON_TOKEN)
        finally:
            process.terminate()
            process.wait(10)


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Wait until the add-on answers ``/health``; fail with its log if it exits or hangs."""
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the add-on did not start: {log_path.read_text()}")
            time.sleep(0.2)


@pytest.fixture(scope="session")
def addon_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AddonServer]:
    """Run the real add-on (CPU methods) for the whole session."""
    with run_addon(tmp_path_factory.mktemp("addon-data")) as server:
        yield server


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


def model_server_entry(url: str, token: str) -> MockConfigEntry:
    """Return a model server entry for the server at ``url`` (not added to hass)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="HoloMat add-on",
        unique_id="local_holomat",
        data={CONF_ENTRY_TYPE: EntryType.MODEL_SERVER, CONF_URL: url, CONF_TOKEN: token},
    )


@pytest.fixture
def mock_config_entry(addon_server: AddonServer) -> MockConfigEntry:
    """Return a model server entry for the real add-on."""
    return model_server_entry(addon_server.url, addon_server.token)


@pytest.fixture
def standin_entry(standin: RunningServer) -> MockConfigEntry:
    """Return a model server entry for the stand-in (jobs that hang, fail, rotated tokens)."""
    return model_server_entry(standin.url, standin.token)


@pytest.fixture
def media_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Point Home Assistant's local media folder to a temporary folder."""
    media = tmp_path / "media"
    media.mkdir()
    hass.config.media_dirs = {"local": str(media)}
    return media


async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry) -> MockConfigEntry:
    """Add ``entry`` and set it up."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, media_dir: Path
) -> MockConfigEntry:
    """Set up HoloMat with the real add-on."""
    return await setup_entry(hass, mock_config_entry)


@pytest.fixture
async def init_standin(
    hass: HomeAssistant, standin_entry: MockConfigEntry, media_dir: Path
) -> MockConfigEntry:
    """Set up HoloMat with the stand-in."""
    return await setup_entry(hass, standin_entry)


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
    """Serve images over HTTP on 127.0.0.1; return the base URL.

    ``/drawing.png`` is a PNG, ``/untyped/drawing.png`` the same without its media type,
    ``/huge.png`` 33 MB, anything else a 404.
    """

    async def drawing(request: web.Request) -> web.Response:
        return web.Response(body=png_bytes(), content_type="image/png")

    async def untyped(request: web.Request) -> web.Response:
        return web.Response(body=png_bytes(), content_type="application/octet-stream")

    async def huge(request: web.Request) -> web.Response:
        return web.Response(body=bytes(33 * 1024 * 1024), content_type="image/png")

    app = web.Application()
    app.router.add_get("/drawing.png", drawing)
    app.router.add_get("/untyped/drawing.png", untyped)
    app.router.add_get("/huge.png", huge)
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
