"""The chamber camera: protocol helpers, and the shared connection against a real TLS server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import io
from pathlib import Path

from PIL import Image
import pytest

from custom_components.holomat.bambu import camera_hub
from custom_components.holomat.bambu.camera import (
    CameraKind,
    LiveView,
    auth_packet,
    camera_kind,
    live_view,
    reported_rtsps_port,
    rtsps_url,
)
from custom_components.holomat.bambu.camera_hub import ChamberCamera
from custom_components.holomat.bambu.errors import (
    BambuAuthError,
    BambuCertificateError,
    BambuConnectionError,
)
from custom_components.holomat.bambu.models import PrinterModel
from custom_components.holomat.bambu.pin_check import async_check_pin, async_pin_error
from holomat_dev.camera_server import CameraScene, ChamberCameraServer
from holomat_dev.certificates import CertificateAuthority, PrinterCertificate, issue_self_signed
from tests.bambu.conftest import recording

SERIAL = "01P00C000000001"
CODE = "12345678"


def test_camera_kind_per_model() -> None:
    assert camera_kind(PrinterModel.X1C) is CameraKind.RTSPS
    assert camera_kind(PrinterModel.X1E) is CameraKind.RTSPS
    assert camera_kind(PrinterModel.P1S) is CameraKind.JPEG
    assert camera_kind(PrinterModel.A1_MINI) is CameraKind.JPEG
    assert camera_kind(PrinterModel.UNKNOWN) is None
    assert camera_kind(None) is None


def test_rtsps_url_and_live_view() -> None:
    assert rtsps_url("192.168.1.5", "12345678") == (
        "rtsps://bblp:12345678@192.168.1.5:322/streaming/live/1"
    )
    assert rtsps_url("fe80::1", "a/b@c", 8322) == (
        "rtsps://bblp:a%2Fb%40c@[fe80::1]:8322/streaming/live/1"
    )
    assert live_view({"rtsp_url": "disable"}) is LiveView.OFF
    assert live_view({"rtsp_url": "rtsps://192.168.1.64/streaming/live/1"}) is LiveView.ON
    assert live_view({"rtsp_url": "**REDACTED**"}) is LiveView.UNKNOWN
    assert live_view({"rtsp_url": 3}) is LiveView.UNKNOWN
    assert live_view(None) is LiveView.UNKNOWN
    assert reported_rtsps_port({"rtsp_url": "rtsps://10.0.0.2:8554/streaming/live/1"}) == 8554
    assert reported_rtsps_port({"rtsp_url": "rtsps://10.0.0.2:99999/x"}) == 322
    assert reported_rtsps_port({}) == 322


@pytest.mark.parametrize(
    "name", ["p1s_pushall_idle", "a1_pushall_idle_ams_lite", "x1c_pushall_running_hms"]
)
def test_live_view_of_recorded_reports(name: str) -> None:
    # P1/A1 never report rtsp_url; the X1 recordings have it redacted
    assert live_view(recording(name)["print"]["ipcam"]) is LiveView.UNKNOWN


def test_auth_packet_layout() -> None:
    packet = auth_packet("12345678")
    assert len(packet) == 80
    assert packet[:16] == bytes.fromhex("40000000 00300000 00000000 00000000")
    assert packet[16:48] == b"bblp".ljust(32, b"\0")
    assert packet[48:80] == b"12345678".ljust(32, b"\0")
    with pytest.raises(BambuAuthError):
        auth_packet("é")
    with pytest.raises(BambuAuthError):
        auth_packet("x" * 33)


@pytest.fixture
def certificate(dev_certificates: CertificateAuthority) -> PrinterCertificate:
    """Return the printer's certificate."""
    return dev_certificates.get_or_issue(SERIAL)


@pytest.fixture
async def server(
    certificate: PrinterCertificate, socket_enabled: None
) -> AsyncIterator[ChamberCameraServer]:
    """Return a running camera server sending a frame every 50 ms."""
    async with ChamberCameraServer(
        certificate, CODE, lambda: CameraScene("Benchy", 12, 50), interval=0.05
    ) as running:
        yield running


def camera_of(server: ChamberCameraServer, **options: object) -> ChamberCamera:
    """Return a camera client of ``server``."""
    return ChamberCamera(
        server.host,
        str(options.pop("code", CODE)),
        str(options.pop("pem", server_pem(server))),
        port=server.port,
        frame_timeout=2.0,
        retry_delays=(0.01,),
    )


def server_pem(server: ChamberCameraServer) -> str:
    """Return the certificate the server shows."""
    return server.certificate.cert_pem


async def until(predicate: Callable[[], bool], within: float = 5.0) -> None:
    """Wait until ``predicate()`` holds."""
    async with asyncio.timeout(within):
        while not predicate():
            await asyncio.sleep(0.01)


async def test_snapshot_decodes(server: ChamberCameraServer) -> None:
    camera = camera_of(server)
    async with asyncio.timeout(10):
        jpeg = await camera.async_snapshot()
    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG"
    assert image.size == (1280, 720)
    assert camera.last_frame == camera.recent_frame(5.0) == jpeg
    await asyncio.sleep(0.01)
    assert camera.recent_frame(0.005) is None  # older than asked: a still must wait for a new one
    await until(lambda: server.open_connections == 0)
    assert not camera.connected


async def test_one_connection_for_many_viewers(server: ChamberCameraServer) -> None:
    camera = camera_of(server)
    counts: list[int] = []

    async def watch(frames_wanted: int) -> None:
        async with camera.stream() as frames:
            async for _ in frames:
                counts.append(server.open_connections)
                frames_wanted -= 1
                if frames_wanted == 0:
                    return

    async with asyncio.timeout(20):
        await asyncio.gather(watch(3), watch(5), watch(4), camera.async_snapshot())
    assert server.connections == 1
    assert set(counts) == {1}
    await until(lambda: server.open_connections == 0)
    assert camera.viewers == 0
    assert not camera.connected
    async with asyncio.timeout(10):
        await camera.async_snapshot()  # a later viewer opens a new connection
    assert server.connections == 2


async def test_garbage_and_truncated_frames_are_dropped(server: ChamberCameraServer) -> None:
    camera = camera_of(server)
    server.faults.garbage_frames = 3
    frames: list[bytes] = []
    async with asyncio.timeout(20), camera.stream() as stream:
        async for frame in stream:
            frames.append(frame)
            if len(frames) == 1:
                server.faults.truncate_next = True
            if len(frames) == 2:
                server.faults.oversized_next = True
            if len(frames) == 4:
                break
    for frame in frames:
        Image.open(io.BytesIO(frame)).verify()
    assert server.faults.garbage_frames == 0
    assert server.connections == 3  # reconnected after the cut and after the absurd size


async def test_refused_access_code(server: ChamberCameraServer) -> None:
    camera = camera_of(server, code="87654321")
    with pytest.raises(BambuAuthError):
        async with asyncio.timeout(10):
            await camera.async_snapshot()
    assert server.connections == camera_hub.MAX_REFUSALS
    assert not camera.connected
    server.faults.refuse = True
    with pytest.raises(BambuAuthError):
        async with asyncio.timeout(10):
            await camera_of(server).async_snapshot()


async def test_wrong_certificate(server: ChamberCameraServer, tmp_path: Path) -> None:
    impostor = issue_self_signed(tmp_path, SERIAL)
    camera = camera_of(server, pem=impostor.cert_pem)
    with pytest.raises(BambuCertificateError):
        async with asyncio.timeout(10):
            await camera.async_snapshot()
    assert server.packets_received == 0  # the access code was never sent
    with pytest.raises(BambuCertificateError):
        await async_check_pin(server.host, server.port, impostor.cert_pem)
    await async_check_pin(server.host, server.port, server_pem(server))


async def test_printer_unreachable(server: ChamberCameraServer) -> None:
    await server.stop()
    camera = camera_of(server)
    with pytest.raises(BambuConnectionError):
        async with asyncio.timeout(10):
            await camera.async_snapshot()
    with pytest.raises(BambuConnectionError):
        await async_check_pin(server.host, server.port, server_pem(server))


async def test_close_ends_viewers(server: ChamberCameraServer) -> None:
    camera = camera_of(server)
    async with asyncio.timeout(10):
        await camera.async_snapshot()
    camera.linger = 60.0
    async with asyncio.timeout(10):
        await camera.async_snapshot()
    assert camera.connected  # kept for the linger time

    async def watch() -> None:
        async with camera.stream() as frames:
            async for _ in frames:
                pass

    viewer = asyncio.create_task(watch())
    await until(lambda: camera.viewers == 1)
    await camera.async_close()
    assert not camera.connected
    with pytest.raises(BambuConnectionError):
        await viewer
    await until(lambda: server.open_connections == 0)


async def test_pin_error_explains_itself(server: ChamberCameraServer) -> None:
    error = await async_pin_error(server.host, server.port, "not a certificate")
    assert isinstance(error, BambuCertificateError)
    # the pin matches: the handshake failure was something else
    error = await async_pin_error(server.host, server.port, server_pem(server))
    assert type(error) is BambuConnectionError
    await server.stop()
    error = await async_pin_error(server.host, server.port, server_pem(server))
    assert type(error) is BambuConnectionError
