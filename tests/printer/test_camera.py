"""Printer cameras as a user sees them: stills, MJPEG and HLS streams, errors and repairs.

The simulated printers serve real cameras: P1/A1 JPEG frames over TLS, the X1's RTSPS stream
from GStreamer (tests of it skip without Debian's GStreamer packages).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import io
from pathlib import Path
from typing import Any

from aiohttp import ClientResponse
from homeassistant.components import camera
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from PIL import Image
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.printer.const import CONF_CAMERA_PORT
from holomat_dev import rtsps_server
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.camera_server import ChamberCameraServer
from holomat_dev.certificates import issue_self_signed
from holomat_dev.rtsps_server import RtspsServer

from .conftest import SERIAL, WaitFor

BED = (74, 79, 85)  # the simulator draws the bed "#4A4F55" at (640, 600)

needs_gstreamer = pytest.mark.skipif(
    not rtsps_server.available(), reason="Debian's GStreamer RTSP server is not installed"
)


@pytest.fixture
def simulator_options() -> dict[str, Any]:
    """Run the simulated printer with its camera."""
    return {"camera": True}


@pytest.fixture
def camera_port(simulator: PrinterSimulator) -> int:
    """Return the port the camera entity is told (override to point it elsewhere)."""
    ports = simulator.service_ports
    return ports.get("camera_port") or ports["rtsps_port"]


@pytest.fixture
def entry_extra_data(camera_port: int) -> dict[str, Any]:
    """Tell the printer entry where the camera is."""
    return {CONF_CAMERA_PORT: camera_port}


def camera_server(simulator: PrinterSimulator) -> ChamberCameraServer:
    """Return the simulated P1/A1 printer's camera server."""
    assert simulator.services is not None
    assert simulator.services.camera is not None
    return simulator.services.camera


def shows_the_bed(jpeg: bytes) -> bool:
    """Return whether a JPEG is the simulator's 1280x720 chamber with its bed drawn."""
    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG"
    pixel = image.convert("RGB").getpixel((640, 600))
    assert isinstance(pixel, tuple)
    return image.size == (1280, 720) and all(
        abs(value - drawn) < 24 for value, drawn in zip(pixel, BED, strict=True)
    )


async def read_mjpeg(response: ClientResponse, frames: int) -> list[bytes]:
    """Read ``frames`` distinct JPEGs from an MJPEG (multipart) response."""
    seen: list[bytes] = []
    while len(seen) < frames:
        head = await response.content.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1]) for line in head.split(b"\r\n") if b"Content-Length" in line
        )
        jpeg = await response.content.readexactly(length)
        await response.content.readexactly(2)
        if not seen or seen[-1] != jpeg:
            seen.append(jpeg)
    return seen


@pytest.mark.usefixtures("printer")
async def test_jpeg_still(hass: HomeAssistant, simulator: PrinterSimulator) -> None:
    """A still opens the printer's camera for one frame; a second one right after reuses it."""
    server = camera_server(simulator)
    image = await camera.async_get_image(hass, "camera.bambu_lab_p1s_camera")
    assert image.content_type == "image/jpeg"
    assert shows_the_bed(image.content)
    again = await camera.async_get_image(hass, "camera.bambu_lab_p1s_camera")
    assert again.content == image.content
    assert server.connections == 1


@pytest.mark.usefixtures("printer")
async def test_mjpeg_stream_feeds_two_viewers_from_one_connection(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    entry: MockConfigEntry,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    server = camera_server(simulator)
    client = await hass_client()
    url = "/api/camera_proxy_stream/camera.bambu_lab_p1s_camera"
    first, second = await client.get(url), await client.get(url)
    assert first.status == second.status == 200
    assert first.content_type == "multipart/x-mixed-replace"
    for response in (first, second):
        frames = await read_mjpeg(response, 3)
        assert all(shows_the_bed(frame) for frame in frames)
    assert (server.connections, server.open_connections) == (1, 1)
    first.close()
    second.close()
    await wait_for(lambda: server.open_connections == 0, within=10)

    third = await client.get(url)
    await read_mjpeg(third, 1)
    assert await hass.config_entries.async_unload(entry.entry_id)
    async with asyncio.timeout(10):  # the stream ends with the printer's entry
        await third.content.read()
    assert third.content.at_eof()
    await wait_for(lambda: server.open_connections == 0)


@pytest.mark.usefixtures("printer")
async def test_garbage_and_cut_frames_are_dropped(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, simulator: PrinterSimulator
) -> None:
    server = camera_server(simulator)
    server.faults.garbage_frames = 2
    server.faults.truncate_next = True
    client = await hass_client()
    response = await client.get("/api/camera_proxy_stream/camera.bambu_lab_p1s_camera")
    frames = await read_mjpeg(response, 3)
    assert all(shows_the_bed(frame) for frame in frames)
    assert server.faults.garbage_frames == 0
    assert not server.faults.truncate_next
    response.close()


@pytest.mark.usefixtures("printer")
async def test_refused_access_code_asks_for_a_new_one(
    hass: HomeAssistant, entry: MockConfigEntry, simulator: PrinterSimulator
) -> None:
    camera_server(simulator).faults.refuse = True
    with pytest.raises(HomeAssistantError) as raised:
        await camera.async_get_image(hass, "camera.bambu_lab_p1s_camera")
    assert raised.value.translation_key == "printer_camera_refused"
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    assert flows[0]["context"]["entry_id"] == entry.entry_id


@pytest.mark.usefixtures("printer")
async def test_camera_unavailable_while_the_printer_is_offline(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    entity_id = "camera.bambu_lab_p1s_camera"
    simulator.go_silent(wake_on_pushing_start=False)
    await wait_for(lambda: hass.states.get(entity_id).state == STATE_UNAVAILABLE)  # type: ignore[union-attr]
    with pytest.raises(HomeAssistantError) as raised:
        await camera.async_get_image(hass, entity_id)
    assert raised.value.translation_key == "printer_camera_unavailable"
    client = await hass_client()
    response = await client.get(f"/api/camera_proxy_stream/{entity_id}")
    assert response.status == 502
    assert camera_server(simulator).connections == 0


# The X1 family: RTSPS through Home Assistant's stream


@pytest.fixture
async def stream(hass: HomeAssistant) -> None:
    """Set up Home Assistant's stream integration (default_config loads it)."""
    assert await async_setup_component(hass, "stream", {})


@needs_gstreamer
@pytest.mark.parametrize("model", ["X1C"])
@pytest.mark.usefixtures("stream", "printer")
async def test_x1_live_view_and_still(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, simulator: PrinterSimulator
) -> None:
    entity_id = "camera.bambu_lab_x1c_camera"
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes["supported_features"] == camera.CameraEntityFeature.STREAM
    port = simulator.service_ports["rtsps_port"]
    source = await camera.async_get_stream_source(hass, entity_id)
    assert source == f"rtsps://bblp:{simulator.access_code}@127.0.0.1:{port}/streaming/live/1"
    image = await camera.async_get_image(hass, entity_id)
    assert shows_the_bed(image.content)
    url = await camera.async_request_stream(hass, entity_id, "hls")
    client = await hass_client()
    playlist = await client.get(url)
    assert playlist.status == 200
    assert (await playlist.text()).startswith("#EXTM3U")


@needs_gstreamer
@pytest.mark.parametrize("model", ["X1C"])
@pytest.mark.usefixtures("stream", "printer")
async def test_x1_live_view_off_gives_a_repair(
    hass: HomeAssistant, entry: MockConfigEntry, simulator: PrinterSimulator, wait_for: WaitFor
) -> None:
    entity_id = "camera.bambu_lab_x1c_camera"
    issue_id = f"camera_live_view_off_{entry.entry_id}"
    issues = ir.async_get(hass)
    await simulator.set_live_view(False)
    await wait_for(lambda: hass.states.get(entity_id).state == STATE_UNAVAILABLE)  # type: ignore[union-attr]
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "camera_live_view_off"
    assert issue.translation_placeholders == {"name": "Bambu Lab X1C"}
    assert await camera.async_get_stream_source(hass, entity_id) is None
    with pytest.raises(HomeAssistantError) as raised:
        await camera.async_request_stream(hass, entity_id, "hls")
    assert raised.value.translation_key == "printer_camera_unavailable"

    await simulator.set_live_view(True)
    await wait_for(lambda: hass.states.get(entity_id).state != STATE_UNAVAILABLE)  # type: ignore[union-attr]
    assert issues.async_get_issue(DOMAIN, issue_id) is None


@needs_gstreamer
@pytest.mark.parametrize("model", ["X1C"])
@pytest.mark.usefixtures("stream", "printer")
class TestAnotherCertificate:
    """A camera port showing another certificate than the printer's gets no URL handed out."""

    @pytest.fixture
    async def impostor(
        self, simulator: PrinterSimulator, tmp_path: Path, socket_enabled: None
    ) -> AsyncIterator[RtspsServer]:
        """Run an RTSPS server showing a self-signed certificate that names the serial."""
        certificate = issue_self_signed(tmp_path / "impostor", SERIAL)
        async with RtspsServer(certificate, simulator.access_code) as server:
            yield server

    @pytest.fixture
    def camera_port(self, impostor: RtspsServer) -> int:
        """Point the camera at the impostor."""
        return impostor.port

    async def test_no_stream_and_no_still(self, hass: HomeAssistant) -> None:
        """Neither a stream source nor a still: the certificate is not the printer's."""
        entity_id = "camera.bambu_lab_x1c_camera"
        assert await camera.async_get_stream_source(hass, entity_id) is None
        with pytest.raises(HomeAssistantError) as raised:
            await camera.async_get_image(hass, entity_id)
        assert raised.value.translation_key == "printer_camera_certificate"
