"""The current job's cover image, read from its 3MF on the printer's storage."""

from __future__ import annotations

from collections.abc import AsyncIterator
import io
from pathlib import Path
import zipfile

from PIL import Image
import pytest

from custom_components.holomat.bambu import BambuFtpClient, BambuNoStorageError, async_job_cover
from custom_components.holomat.bambu.cover import read_cover
from holomat_dev.certificates import CertificateAuthority, PrinterCertificate
from holomat_dev.ftps_server import PrinterFtpServer
from holomat_dev.threemf_files import make_3mf, thumbnail

SERIAL = "01P00A391800001"
CODE = "12345678"
RED, BLUE = "#C0392B", "#2E6BC0"


def colour_of(png: bytes) -> tuple[int, int, int]:
    """Return the colour of the part drawn in a thumbnail (its middle)."""
    pixel = Image.open(io.BytesIO(png)).convert("RGB").getpixel((128, 150))
    assert isinstance(pixel, tuple)
    return pixel[0], pixel[1], pixel[2]


def rgb(colour: str) -> tuple[int, int, int]:
    """Return ``#RRGGBB`` as a tuple."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def two_plates(sliced: int | None) -> bytes:
    """Return a 3MF whose plate 1 thumbnail is red, plate 2 blue; only ``sliced`` has G-code."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("3D/3dmodel.model", '<model><metadata name="Title">Two</metadata></model>')
        archive.writestr("Metadata/plate_1.png", thumbnail(1.0, RED))
        archive.writestr("Metadata/plate_2.png", thumbnail(1.0, BLUE))
        if sliced is not None:
            archive.writestr(f"Metadata/plate_{sliced}.gcode", "; HEADER_BLOCK_START\n")
    return out.getvalue()


def test_the_plate_printed_gives_the_cover() -> None:
    # gcode_file names the plate (X1 cloud prints); else the sliced plate with a thumbnail
    assert colour_of(read_cover(two_plates(None), "/data/Metadata/plate_2.gcode") or b"") == rgb(
        BLUE
    )
    assert colour_of(read_cover(two_plates(2), "Two.gcode.3mf") or b"") == rgb(BLUE)
    assert colour_of(read_cover(two_plates(None), "") or b"") == rgb(RED)
    assert read_cover(make_3mf("Cube"), "/data/Metadata/plate_3.gcode") is None


@pytest.fixture
def certificate(dev_certificates: CertificateAuthority) -> PrinterCertificate:
    """Return the printer's certificate."""
    return dev_certificates.get_or_issue(SERIAL)


@pytest.fixture
async def server(
    tmp_path: Path, certificate: PrinterCertificate, socket_enabled: None
) -> AsyncIterator[PrinterFtpServer]:
    """Return a running FTPS server: a red job in /cache, a blue one at the root."""
    async with PrinterFtpServer(tmp_path / "sdcard", certificate, CODE) as running:
        running.add_file(
            "/cache/Red part.gcode.3mf", make_3mf("Red part", filaments=(("PLA", RED),))
        )
        running.add_file("/Blue part.3mf", make_3mf("Blue part", filaments=(("PLA", BLUE),)))
        yield running


def client_of(server: PrinterFtpServer) -> BambuFtpClient:
    """Return an FTPS client of ``server``."""
    return BambuFtpClient(
        server.host, CODE, server.certificate.cert_pem, port=server.port, timeout=5
    )


async def test_cover_of_the_job_in_either_folder(server: PrinterFtpServer) -> None:
    async with client_of(server) as ftp:
        red = await async_job_cover(ftp, "Red part", "Red part.gcode.3mf")
        blue = await async_job_cover(ftp, "Blue part", "")
        missing = await async_job_cover(ftp, "Green part", "Green part.gcode.3mf")
    assert red is not None
    assert blue is not None
    assert (colour_of(red), colour_of(blue)) == (rgb(RED), rgb(BLUE))
    assert missing is None


async def test_cover_without_a_cache_folder_or_storage(server: PrinterFtpServer) -> None:
    async with client_of(server) as ftp:
        await ftp.async_delete("/cache/Red part.gcode.3mf")
    cache = server.local_path("/cache")
    assert cache is not None
    cache.rmdir()  # a card without /cache still has its root searched
    async with client_of(server) as ftp:
        assert await async_job_cover(ftp, "Blue part", "") is not None
    server.faults.sd_card = False
    async with client_of(server) as ftp:
        with pytest.raises(BambuNoStorageError):
            await async_job_cover(ftp, "Blue part", "")
