"""A printer's storage over implicit FTPS: a real server on 127.0.0.1 answering as printers do.

A printer in LAN mode serves its SD card over implicit FTPS on port 990 (TLS from the first byte,
its device certificate, user ``bblp`` / access code: OpenBambuAPI ``ftp.md``) with a vsftpd-like
server that demands TLS session reuse on protected data connections (``require_ssl_reuse``:
``522 SSL connection failed: session reuse required``; ha-bambulab and bambuddy resume the
session for that reason). Replies follow vsftpd's texts and codes (``530 Login incorrect.``,
``553 Could not create file.``, ``451 Failure writing to local file.``, ``550 Failed to open
file.``...). Like vsftpd with its default ``strict_ssl_read_eof=NO``, an upload ends when the
client closes the data connection, with or without a TLS shutdown, so a cut upload leaves a
partial file that looks whole: the client must check sizes and clean up.

Written on asyncio and the standard ``ssl`` module rather than pyftpdlib: pyftpdlib answers with
its own codes (``426`` for a full disk), runs pyOpenSSL on its own asyncore loop, and cannot tell
whether a data connection resumed the control session without pyOpenSSL's private internals.

Not known from any public capture, so chosen here: the greeting text, and what a printer without
an SD card answers (``550 No storage.`` to listings, ``553`` to uploads).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
import datetime as dt
from pathlib import Path, PurePosixPath

from .certificates import PrinterCertificate
from .ftps_session import FtpsSession
from .tls_service import TlsService


@dataclass
class StorageFaults:
    """What the simulated storage does wrong, set by tests at any time.

    ``sd_card``: False plays a printer without an SD card. ``free_bytes``: room left (None:
    unlimited); an upload past it stops with ``451`` and keeps its partial file, as vsftpd does.
    ``announce_free_space``: answer ``AVBL`` (vsftpd does not). ``drop_upload_after``: cut the
    data and control connections once the next upload has received this many bytes (the partial
    file stays), then reset to None; with ``offline_after_drop`` the server then stops accepting
    connections (a printer that went away). ``reply_426_after_upload``: answer ``426`` to whole
    uploads, as some firmware does. ``require_session_reuse``: refuse data connections that do
    not resume the control connection's TLS session. ``max_sessions``: greet clients past this
    many with ``421`` and close (vsftpd's ``max_clients``). ``keep_only``: the next upload keeps
    only this many bytes though the server answers ``226`` (a card losing writes).
    """

    sd_card: bool = True
    free_bytes: int | None = None
    announce_free_space: bool = False
    drop_upload_after: int | None = None
    offline_after_drop: bool = False
    reply_426_after_upload: bool = False
    require_session_reuse: bool = True
    max_sessions: int | None = None
    keep_only: int | None = None


@dataclass(frozen=True, slots=True)
class Upload:
    """A file the server received whole: its path on the storage and its size in bytes."""

    path: str
    size: int
    received_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


class PrinterFtpServer(TlsService):
    """An implicit-FTPS server holding a printer's storage in ``root`` (a local folder).

    ``faults`` changes its behaviour (see ``StorageFaults``); ``uploads`` lists the whole
    uploads it received, oldest first, and ``on_upload`` (if set) is called with each.
    """

    def __init__(
        self,
        root: Path,
        certificate: PrinterCertificate,
        access_code: str,
        *,
        port: int = 0,
        faults: StorageFaults | None = None,
    ) -> None:
        """Prepare the server (``port`` 0: a free port chosen at ``start()``)."""
        super().__init__(certificate, port)
        self.root = root
        self.access_code = access_code
        self.faults = faults or StorageFaults()
        self.uploads: list[Upload] = []
        self.on_upload: Callable[[Upload], None] | None = None

    def local_path(self, path: str) -> Path | None:
        """Return where the storage keeps the remote ``path``; None outside the storage."""
        parts = [part for part in PurePosixPath("/", path).parts[1:] if part not in {"", "."}]
        if ".." in parts:
            return None
        return self.root.joinpath(*parts)

    def add_file(self, path: str, data: bytes) -> None:
        """Put a file on the storage (as a slicer would have sent it)."""
        local = self.local_path(path)
        if local is None:
            raise ValueError(f"{path} is outside the storage")
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(data)

    def files(self) -> dict[str, int]:
        """Return every file on the storage as ``{remote path: size}``."""
        return {
            "/" + local.relative_to(self.root).as_posix(): local.stat().st_size
            for local in sorted(self.root.rglob("*"))
            if local.is_file()
        }

    def record_upload(self, path: str, size: int) -> None:
        """Remember a whole upload and tell ``on_upload``."""
        upload = Upload(path, size)
        self.uploads.append(upload)
        if self.on_upload is not None:
            self.on_upload(upload)

    async def start(self) -> None:
        """Make the storage folder and listen (TLS from the first byte) on 127.0.0.1."""
        self.root.mkdir(parents=True, exist_ok=True)
        await super().start()

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve one control connection until it ends."""
        limit = self.faults.max_sessions
        if limit is not None and self.open_connections > limit:
            writer.write(b"421 There are too many connected users, please try later.\r\n")
            await writer.drain()
            return
        await FtpsSession(self, reader, writer).serve()
