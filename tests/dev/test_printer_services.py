"""The simulated printers' storage (FTPS) and cameras, reached as HoloMat reaches a printer."""

from __future__ import annotations

import asyncio
import io
import shutil

from PIL import Image
import pytest

from custom_components.holomat.bambu.camera import rtsps_url
from custom_components.holomat.bambu.camera_hub import ChamberCamera
from custom_components.holomat.bambu.errors import BambuConnectionError
from custom_components.holomat.bambu.ftps import BambuFtpClient
from custom_components.holomat.bambu.pin_check import async_check_pin
from custom_components.holomat.bambu.threemf import (
    JOB_FOLDERS,
    find_job_file,
    read_project,
    read_thumbnail,
)
from holomat_dev import rtsps_server
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.camera_server import draw_frame
from holomat_dev.threemf_files import make_3mf
from tests.conftest import PrinterSimulatorFactory


def ftp_of(sim: PrinterSimulator) -> BambuFtpClient:
    """Return an FTPS client of the simulated printer."""
    return BambuFtpClient(
        sim.host, sim.access_code, sim.cert_pem, port=sim.service_ports["ftps_port"], timeout=5
    )


async def test_cover_image_of_the_running_job(printer_simulator: PrinterSimulatorFactory) -> None:
    sim = await printer_simulator(model="P1S", file_server=True, camera=True)
    assert set(sim.service_ports) == {"ftps_port", "camera_port"}
    sim.start_print("Cable clip", duration_s=900, layers=40)
    state = sim.state
    async with ftp_of(sim) as ftp:
        listings = {folder: await ftp.async_list(folder) for folder in JOB_FOLDERS}
        job = find_job_file(listings, state["subtask_name"], state["gcode_file"])
        assert job is not None
        data = await ftp.async_download(job.path)
    assert job.path == "/cache/Cable clip.gcode.3mf"
    project = read_project(data)
    assert project.task_name == "Cable clip"
    assert project.plates[0].prediction_s == 900
    thumbnail = read_thumbnail(data)
    assert thumbnail is not None
    assert Image.open(io.BytesIO(thumbnail)).format == "PNG"


async def test_prints_what_it_was_sent(printer_simulator: PrinterSimulatorFactory) -> None:
    sim = await printer_simulator(model="A1", file_server=True)
    assert sim.services is not None
    async with ftp_of(sim) as ftp:
        await ftp.async_upload(make_3mf("Dragon", layers=123, seconds=4000), "/dragon.gcode.3mf")
    assert [upload.path for upload in sim.services.ftps.uploads] == ["/dragon.gcode.3mf"]
    assert not sim.services.print_file("/missing.3mf")
    assert sim.services.print_file("/dragon.gcode.3mf")
    state = sim.state
    assert (state["subtask_name"], state["total_layer_num"]) == ("Dragon", 123)
    assert sim.gcode_state in {"PREPARE", "RUNNING"}


async def test_jpeg_camera_shows_the_part_growing(
    printer_simulator: PrinterSimulatorFactory,
) -> None:
    sim = await printer_simulator(model="P1S", camera=True)
    assert sim.services is not None
    assert sim.services.ftps is None
    camera = ChamberCamera(
        sim.host, sim.access_code, sim.cert_pem, port=sim.service_ports["camera_port"]
    )
    async with asyncio.timeout(15):
        jpeg = await camera.async_snapshot()
    assert Image.open(io.BytesIO(jpeg)).size == (1280, 720)
    sim.start_print("Benchy", layers=10)
    scene = sim.services.scene()
    assert (scene.job, scene.total_layers) == ("Benchy", 10)
    assert draw_frame(scene) != jpeg


needs_gstreamer = pytest.mark.skipif(
    not rtsps_server.available(), reason="Debian's GStreamer RTSP server is not installed"
)


async def _ffmpeg_frame(url: str) -> tuple[int, bytes]:
    """Read one frame of ``url`` as HA's ffmpeg stills do; return the exit code and JPEG."""
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None
    process = await asyncio.create_subprocess_exec(
        ffmpeg, "-hide_banner", "-loglevel", "error", "-i", url,
        "-an", "-frames:v", "1", "-c:v", "mjpeg", "-f", "image2pipe", "-",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    async with asyncio.timeout(30):
        out, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out


@needs_gstreamer
async def test_x1_rtsps_stream(printer_simulator: PrinterSimulatorFactory) -> None:
    sim = await printer_simulator(serial="00M00C000000001", model="X1C", camera=True)
    port = sim.service_ports["rtsps_port"]
    await async_check_pin(sim.host, port, sim.cert_pem)  # what ffmpeg itself cannot check
    code, jpeg = await _ffmpeg_frame(rtsps_url(sim.host, sim.access_code, port))
    assert code == 0
    image = Image.open(io.BytesIO(jpeg)).convert("RGB")
    assert image.size == (1280, 720)
    bed = image.getpixel((640, 600))  # the drawn bed, "#4A4F55"
    assert isinstance(bed, tuple)
    assert all(abs(value - drawn) < 24 for value, drawn in zip(bed, (74, 79, 85), strict=True))
    code, jpeg = await _ffmpeg_frame(rtsps_url(sim.host, "00000000", port))
    assert code != 0
    assert jpeg == b""


@needs_gstreamer
async def test_x1_live_view_can_be_switched_off(printer_simulator: PrinterSimulatorFactory) -> None:
    """Off: the report says ``disable`` and the port is closed; on: the stream is back."""
    sim = await printer_simulator(serial="00M00C000000001", model="X1C", camera=True)
    port = sim.service_ports["rtsps_port"]
    assert sim.state["ipcam"]["rtsp_url"] == "rtsps://127.0.0.1/streaming/live/1"
    await sim.set_live_view(False)
    assert sim.state["ipcam"]["rtsp_url"] == "disable"
    assert "rtsps_port" not in sim.service_ports
    with pytest.raises(BambuConnectionError):
        await async_check_pin(sim.host, port, sim.cert_pem)
    await sim.set_live_view(True)
    assert sim.service_ports["rtsps_port"] == port
    await async_check_pin(sim.host, port, sim.cert_pem)
    p1s = await printer_simulator(model="P1S", camera=True)
    with pytest.raises(RuntimeError):
        await p1s.set_live_view(False)
