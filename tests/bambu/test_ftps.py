"""The FTPS client against a real implicit-FTPS server playing a printer's storage; job covers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib
import ftplib
from pathlib import Path
import shutil
import socket

import pytest

from custom_components.holomat.bambu.cover import async_job_cover
from custom_components.holomat.bambu.errors import (
    BambuAuthError,
    BambuCertificateError,
    BambuConnectionError,
    BambuFileNotFoundError,
    BambuFileTooLargeError,
    BambuNoStorageError,
    BambuStorageError,
    BambuStorageFullError,
    BambuTransferInterruptedError,
    BambuWrongPrinterError,
)
from custom_components.holomat.bambu.ftp_upload import reply_error
from custom_components.holomat.bambu.ftps import BambuFtpClient
from custom_components.holomat.bambu.tls import pinned_context
from holomat_dev.certificates import CertificateAuthority, PrinterCertificate, issue_self_signed
from holomat_dev.ftps_server import PrinterFtpServer
from holomat_dev.threemf_files import make_3mf, part_colour

SERIAL = "01S00C000000001"
CODE = "12345678"


@pytest.fixture
def certificate(dev_certificates: CertificateAuthority) -> PrinterCertificate:
    """Return the printer's certificate."""
    return dev_certificates.get_or_issue(SERIAL)


@pytest.fixture
async def server(
    tmp_path: Path, certificate: PrinterCertificate, socket_enabled: None
) -> AsyncIterator[PrinterFtpServer]:
    """Return a running FTPS server holding one sliced file in /cache."""
    async with PrinterFtpServer(tmp_path / "sdcard", certificate, CODE) as running:
        running.add_file("/cache/Benchy.gcode.3mf", make_3mf("Benchy"))
        yield running


def client_for(
    server: PrinterFtpServer, code: str = CODE, pem: str | None = None
) -> BambuFtpClient:
    """Return a client of ``server`` pinning its certificate."""
    return BambuFtpClient(
        server.host, code, pem or server.certificate.cert_pem, port=server.port, timeout=5
    )


async def test_list_download_delete(server: PrinterFtpServer) -> None:
    async with client_for(server) as ftp:
        root = await ftp.async_list("/")
        cache = await ftp.async_list("/cache")
        data = await ftp.async_download("/cache/Benchy.gcode.3mf")
        await ftp.async_delete("/cache/Benchy.gcode.3mf")
        with pytest.raises(BambuFileNotFoundError):
            await ftp.async_download("/cache/Benchy.gcode.3mf")
        with pytest.raises(BambuFileNotFoundError):
            await ftp.async_delete("/nothing.3mf")
    assert [(entry.path, entry.is_dir) for entry in root] == [("/cache", True)]
    assert [(entry.name, entry.size) for entry in cache] == [("Benchy.gcode.3mf", len(data))]
    assert cache[0].modified is not None
    assert data[:2] == b"PK"
    assert server.files() == {}


async def test_download_is_bounded(server: PrinterFtpServer) -> None:
    async with client_for(server) as ftp:
        with pytest.raises(BambuFileTooLargeError) as caught:
            await ftp.async_download("/cache/Benchy.gcode.3mf", max_bytes=100)
        # the client still works afterwards (a new connection)
        assert len(await ftp.async_list("/cache")) == 1
    assert caught.value.limit == 100


async def test_upload_with_progress(server: PrinterFtpServer, tmp_path: Path) -> None:
    data = make_3mf("Cube", layers=30) + bytes(300_000)
    local = tmp_path / "cube.gcode.3mf"
    local.write_bytes(data)
    progress: list[tuple[int, int]] = []
    async with client_for(server) as ftp:
        await ftp.async_upload(
            local, "/models/cube.gcode.3mf", progress=lambda *p: progress.append(p)
        )
        await ftp.async_upload(b"small", "/small.3mf")
    await asyncio.sleep(0)
    assert server.files()["/models/cube.gcode.3mf"] == len(data)
    assert [(upload.path, upload.size) for upload in server.uploads] == [
        ("/models/cube.gcode.3mf", len(data)),
        ("/small.3mf", 5),
    ]
    assert progress[-1] == (len(data), len(data))
    assert [sent for sent, _ in progress] == sorted({sent for sent, _ in progress})
    assert len(progress) >= 5


async def test_cancelled_upload_leaves_nothing(server: PrinterFtpServer) -> None:
    server.faults.free_bytes = None
    started = asyncio.Event()
    async with client_for(server) as ftp:
        upload = asyncio.create_task(
            ftp.async_upload(bytes(20_000_000), "/big.3mf", progress=lambda *_: started.set())
        )
        await started.wait()
        upload.cancel()
        with pytest.raises(asyncio.CancelledError):
            await upload
        assert "/big.3mf" not in server.files()
        assert [entry.name for entry in await ftp.async_list("/")] == ["cache"]


async def test_no_sd_card(server: PrinterFtpServer) -> None:
    server.faults.sd_card = False
    async with client_for(server) as ftp:
        with pytest.raises(BambuNoStorageError):
            await ftp.async_list("/")
        with pytest.raises(BambuNoStorageError):
            await ftp.async_upload(b"x" * 10, "/a.3mf")
        with pytest.raises(BambuNoStorageError):
            await ftp.async_upload(b"x" * 10, "/cache/a.3mf")


async def test_full_card_removes_the_partial_file(server: PrinterFtpServer) -> None:
    server.faults.free_bytes = 100_000
    async with client_for(server) as ftp:
        with pytest.raises(BambuStorageFullError) as caught:
            await ftp.async_upload(bytes(500_000), "/cache/big.3mf")
        assert await ftp.async_free_space() is None  # vsftpd knows no AVBL
        server.faults.announce_free_space = True
        assert await ftp.async_free_space() == 0
    assert caught.value.code == 451
    assert "/cache/big.3mf" not in server.files()


async def test_connection_dropped_mid_upload(server: PrinterFtpServer) -> None:
    server.faults.drop_upload_after = 200_000
    async with client_for(server) as ftp:
        with pytest.raises(BambuTransferInterruptedError) as caught:
            await ftp.async_upload(bytes(1_000_000), "/cache/cut.3mf")
        # the client reconnects for the next operation
        assert [entry.name for entry in await ftp.async_list("/cache")] == ["Benchy.gcode.3mf"]
    assert caught.value.removed
    assert caught.value.path == "/cache/cut.3mf"
    assert "/cache/cut.3mf" not in server.files()
    assert server.uploads == []


async def test_printer_gone_before_an_upload(server: PrinterFtpServer) -> None:
    ftp = client_for(server)
    await ftp.async_connect()
    await server.stop()
    with pytest.raises(BambuConnectionError):
        await ftp.async_upload(bytes(1_000_000), "/cache/cut.3mf")
    await ftp.async_close()


async def test_partial_upload_reported_when_it_cannot_be_removed(
    server: PrinterFtpServer,
) -> None:
    server.faults.drop_upload_after = 100_000
    server.faults.offline_after_drop = True
    async with client_for(server) as ftp:
        with pytest.raises(BambuTransferInterruptedError) as caught:
            await ftp.async_upload(bytes(2_000_000), "/cache/cut.3mf")
    assert not caught.value.removed
    assert "/cache/cut.3mf" in server.files()  # left behind, and said so


async def test_benign_426_after_a_whole_upload(server: PrinterFtpServer) -> None:
    server.faults.reply_426_after_upload = True
    async with client_for(server) as ftp:
        await ftp.async_upload(bytes(100_000), "/whole.3mf")
    assert server.files()["/whole.3mf"] == 100_000


async def test_wrong_access_code(server: PrinterFtpServer) -> None:
    with pytest.raises(BambuAuthError):
        await client_for(server, code="87654321").async_connect()


async def test_pinned_certificate(
    server: PrinterFtpServer, dev_certificates: CertificateAuthority, tmp_path: Path
) -> None:
    other = dev_certificates.issue("01S00C000000999")
    with pytest.raises(BambuWrongPrinterError):
        await client_for(server, pem=other.cert_pem).async_connect()
    impostor = issue_self_signed(tmp_path / "impostor", SERIAL)
    with pytest.raises(BambuCertificateError) as caught:
        await client_for(server, pem=impostor.cert_pem).async_connect()
    assert caught.value.actual_sha256 == server.certificate.fingerprint_sha256


async def test_unreachable_printer(server: PrinterFtpServer) -> None:
    port = server.port
    await server.stop()
    with pytest.raises(BambuConnectionError):
        await BambuFtpClient(
            "127.0.0.1", CODE, server.certificate.cert_pem, port=port
        ).async_connect()


def _transfer_without_session_reuse(server: PrinterFtpServer) -> str:
    """List the root with a data connection that does not resume the TLS session."""
    context = pinned_context(server.certificate.cert_pem)
    ftp = ftplib.FTP_TLS(context=context, timeout=5)
    ftp.host = server.host
    sock = socket.create_connection((server.host, server.port), 5)
    ftp.sock = context.wrap_socket(sock)
    ftp.af = sock.family
    ftp.file = ftp.sock.makefile("r", encoding="utf-8")
    ftp.getresp()
    ftp.login("bblp", CODE)
    ftp.prot_p()
    try:
        with contextlib.suppress(OSError), ftp.transfercmd("NLST /") as conn:
            conn.recv(1024)
        ftp.voidresp()
    except ftplib.error_perm as err:
        return str(err)
    finally:
        ftp.close()
    return "listed"


async def test_server_demands_session_reuse(server: PrinterFtpServer) -> None:
    reply = await asyncio.get_running_loop().run_in_executor(
        None, _transfer_without_session_reuse, server
    )
    assert reply == "522 SSL connection failed: session reuse required"


async def test_upload_that_lands_short_is_removed(server: PrinterFtpServer) -> None:
    server.faults.keep_only = 1000
    async with client_for(server) as ftp:
        with pytest.raises(BambuTransferInterruptedError) as caught:
            await ftp.async_upload(bytes(50_000), "/short.3mf")
    assert caught.value.removed
    assert "/short.3mf" not in server.files()


async def test_too_many_connections(server: PrinterFtpServer) -> None:
    server.faults.max_sessions = 1
    async with client_for(server) as first:
        with pytest.raises(BambuConnectionError):
            await client_for(server).async_connect()
        assert len(await first.async_list("/cache")) == 1


async def test_printer_gone_during_a_session(server: PrinterFtpServer) -> None:
    async with client_for(server) as ftp:
        await server.stop()
        with pytest.raises(BambuConnectionError):
            await ftp.async_list("/")


async def test_benign_426_that_was_not_whole(server: PrinterFtpServer) -> None:
    server.faults.reply_426_after_upload = True
    server.faults.keep_only = 10
    async with client_for(server) as ftp:
        with pytest.raises(BambuTransferInterruptedError) as caught:
            await ftp.async_upload(bytes(100_000), "/cut.3mf")
    assert caught.value.removed
    assert "/cut.3mf" not in server.files()


@pytest.mark.parametrize(
    ("reply", "listing", "creating", "error"),
    [
        ("550 Failed to open file.", False, False, BambuFileNotFoundError),
        ("550 No storage.", True, False, BambuNoStorageError),
        ("550 Permission denied.", False, True, BambuNoStorageError),
        ("553 Could not create file.", False, True, BambuNoStorageError),
        ("451 Failure writing to local file.", False, True, BambuStorageFullError),
        ("452 Insufficient storage space.", False, True, BambuStorageFullError),
        ("552 Exceeded storage allocation.", False, True, BambuStorageFullError),
        ("504 Command not implemented for that parameter.", False, False, BambuStorageError),
        ("421 Timeout.", False, False, BambuConnectionError),
        ("garbled", False, False, BambuConnectionError),
    ],
)
def test_reply_codes(reply: str, listing: bool, creating: bool, error: type[Exception]) -> None:
    result = reply_error(
        ftplib.error_perm(reply), "printer", "/", listing=listing, creating=creating
    )
    assert type(result) is error


async def test_cover_of_the_job_in_either_folder(server: PrinterFtpServer) -> None:
    """The job's file is found in /cache or at the root; its plate thumbnail is the cover."""
    red, blue = "#C0392B", "#2E6BC0"
    server.add_file("/cache/Red part.gcode.3mf", make_3mf("Red part", filaments=(("PLA", red),)))
    server.add_file("/Blue part.3mf", make_3mf("Blue part", filaments=(("PLA", blue),)))
    async with client_for(server) as ftp:
        red_cover = await async_job_cover(ftp, "Red part", "Red part.gcode.3mf")
        blue_cover = await async_job_cover(ftp, "Blue part", "")
        assert await async_job_cover(ftp, "Green part", "Green part.gcode.3mf") is None
    assert red_cover is not None
    assert blue_cover is not None
    assert (part_colour(red_cover), part_colour(blue_cover)) == (red, blue)

    cache = server.local_path("/cache")
    assert cache is not None
    shutil.rmtree(cache)  # a card without /cache still has its root searched
    async with client_for(server) as ftp:
        assert await async_job_cover(ftp, "Blue part", "") == blue_cover
    server.faults.sd_card = False
    async with client_for(server) as ftp:
        with pytest.raises(BambuNoStorageError):
            await async_job_cover(ftp, "Blue part", "")
