"""The printer's file server over implicit FTPS (port 990), as an asyncio client.

``BambuFtpClient`` holds one FTPS connection (``ftp_session.FtpSession`` for the protocol facts
and their sources), runs its blocking ftplib calls one at a time in the default executor, and
turns FTP replies into the library's errors. The TLS handshake trusts only the printer's pinned
certificate, the same one its MQTT connection pins (``tls.pinned_context``).

Reply codes, from RFC 959 and the vsftpd replies printers send: ``530`` refused login; ``550``
no such file (or, for the storage root, no storage); ``553`` file cannot be created (no SD card
or a read-only one: bambuddy reads it so); ``451`` failure writing (vsftpd's answer when the card
is full), ``452`` / ``552`` no room. No public capture shows what a printer without an SD card
answers; the report's ``sdcard`` field (false without one) is the first check, these codes the
second (``ftp_upload.reply_error``).

An upload that does not end whole (connection lost, cancelled, size check failed) is deleted
before the error reaches the caller, over a new connection when the old one is gone
(``ftp_upload.store_whole``); only a success returns, so a partial file is never taken for a
complete one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
import ftplib
import io
from pathlib import Path
import ssl
import threading
from types import TracebackType
from typing import Final, Self

from .errors import BambuAuthError, BambuConnectionError, BambuError, BambuFileTooLargeError
from .ftp_session import FtpSession, TooLargeError
from .ftp_upload import reply_code, reply_error, store_whole
from .pin_check import async_pin_error
from .remote_files import RemoteFile
from .tls import pinned_context

DEFAULT_PORT: Final = 990
DEFAULT_TIMEOUT: Final = 30.0  # s per blocking socket operation; P1/A1 move about 70 kB/s
DEFAULT_MAX_DOWNLOAD: Final = 64 * 1024 * 1024

type UploadProgress = Callable[[int, int], None]


def _secure_context(pem: str) -> ssl.SSLContext:
    """Return the pinned context, capped at TLS 1.2 (blocking: executor)."""
    context = pinned_context(pem)
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    return context


class BambuFtpClient:
    """One FTPS connection to a printer's storage; use ``async with`` or ``async_connect()``.

    ``certificate_pem`` is the printer's pinned certificate. Every method raises
    ``BambuConnectionError`` when the printer cannot be reached or the connection breaks, and
    the method's own errors listed in its docstring.
    """

    def __init__(
        self,
        host: str,
        access_code: str,
        certificate_pem: str,
        *,
        port: int = DEFAULT_PORT,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Prepare a client; nothing is opened before ``async_connect()``."""
        self.host = host
        self.port = port
        self.timeout = timeout
        self._access_code = access_code
        self._pem = certificate_pem
        self._context: ssl.SSLContext | None = None
        self._session: FtpSession | None = None
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> Self:
        """Connect and log in."""
        await self.async_connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the connection."""
        await self.async_close()

    async def async_connect(self) -> None:
        """Open the connection and log in as ``bblp``.

        Raises ``BambuAuthError`` (access code refused), ``BambuCertificateError`` or
        ``BambuWrongPrinterError`` (the pinned certificate refused), ``BambuConnectionError``.
        """
        async with self._lock:
            if self._session is None:
                self._session = await self._open()

    async def async_close(self) -> None:
        """Close the connection (a ``QUIT`` when the server still listens). Never raises."""
        async with self._lock:
            session, self._session = self._session, None
            if session is not None:
                await asyncio.get_running_loop().run_in_executor(None, session.close_quietly)

    async def async_list(self, folder: str = "/") -> list[RemoteFile]:
        """Return the entries of ``folder`` (absolute, ``/`` the storage root).

        Raises ``BambuNoStorageError`` when the root cannot be listed (no storage),
        ``BambuFileNotFoundError`` when another folder is missing.
        """
        return await self._run(lambda session: session.listing(folder), folder, listing=True)

    async def async_download(self, path: str, *, max_bytes: int = DEFAULT_MAX_DOWNLOAD) -> bytes:
        """Return the content of the file at ``path``.

        Raises ``BambuFileNotFoundError``, ``BambuFileTooLargeError`` when the file is larger
        than ``max_bytes`` (checked with ``SIZE`` first, and again while reading).
        """

        def download(session: FtpSession) -> bytes:
            if session.file_size(path) > max_bytes:
                raise TooLargeError(max_bytes)
            return session.read_data(f"RETR {path}", max_bytes)

        return await self._run(download, path)

    async def async_delete(self, path: str) -> None:
        """Delete the file at ``path``. Raises ``BambuFileNotFoundError``."""
        await self._run(lambda session: session.delete(path), path)

    async def async_free_space(self) -> int | None:
        """Return the free bytes of the storage, or None when the printer does not tell.

        Printers' vsftpd knows no ``AVBL``: expect None from real printers.
        """
        return await self._run(lambda session: session.free_bytes(), "/")

    async def async_upload(
        self, source: bytes | Path, path: str, *, progress: UploadProgress | None = None
    ) -> None:
        """Upload ``source`` (bytes, or a local file read in blocks) to ``path``.

        Missing folders above ``path`` are created. ``progress(sent, total)`` (bytes) is called
        in the event loop after each 64 KiB block. Cancelling the awaiting task stops the
        transfer, deletes the partial file, then raises ``CancelledError``. Returns only when the
        printer holds the whole file (its ``SIZE`` equals ``total``). Raises
        ``BambuNoStorageError``, ``BambuStorageFullError``, ``BambuStorageError``,
        ``BambuTransferInterruptedError`` (connection lost or size wrong; ``removed`` tells
        whether the partial file could be deleted); ``OSError`` when the local file cannot be
        read.
        """
        loop = asyncio.get_running_loop()
        if isinstance(source, bytes):
            total = len(source)
        else:
            total = (await loop.run_in_executor(None, source.stat)).st_size
        cancel = threading.Event()

        def sent(count: int) -> None:
            if progress is not None:
                loop.call_soon_threadsafe(progress, count, total)

        def upload(session: FtpSession) -> None:
            stream = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
            with stream:
                store_whole(
                    session,
                    path,
                    total,
                    lambda conn: session.send_file(conn, stream.read, sent, cancel),
                    lambda: self._reopen(session.context),
                )

        async with self._lock:
            session = await self._session_or_open()
            work = loop.run_in_executor(None, upload, session)
            try:
                await asyncio.shield(work)
            except asyncio.CancelledError:
                cancel.set()
                with contextlib.suppress(Exception):
                    await work
                self._drop()
                raise
            except BambuError:  # the transfer was cut: the session's state is unknown
                self._drop()
                raise
            except ftplib.Error as err:
                raise self._reply_error(err, path, creating=True) from err
            except (OSError, EOFError, UnicodeError) as err:
                self._drop()
                raise BambuConnectionError(
                    f"lost {self.host} before uploading {path}: {err}"
                ) from err

    # --- internals --------------------------------------------------------------------------

    async def _open(self) -> FtpSession:
        """Connect a new session in the executor, translating its errors."""
        loop = asyncio.get_running_loop()
        if self._context is None:
            self._context = await loop.run_in_executor(None, _secure_context, self._pem)
        session = FtpSession(context=self._context, timeout=self.timeout)
        try:
            await loop.run_in_executor(None, session.open, self.host, self.port, self._access_code)
        except ssl.SSLCertVerificationError:
            session.close()
            raise await async_pin_error(self.host, self.port, self._pem) from None
        except ftplib.error_perm as err:
            session.close()
            if reply_code(err) == 530:
                raise BambuAuthError(f"{self.host} refused the access code over FTPS") from err
            raise BambuConnectionError(f"{self.host} refused the FTPS login: {err}") from err
        except (ftplib.Error, OSError, EOFError, UnicodeError, ValueError) as err:
            session.close()
            raise BambuConnectionError(f"cannot reach {self.host}:{self.port}: {err}") from err
        return session

    async def _session_or_open(self) -> FtpSession:
        """Return the open session, opening one when there is none (lock held)."""
        if self._session is None:
            self._session = await self._open()
        return self._session

    async def _run[T](
        self, work: Callable[[FtpSession], T], path: str, *, listing: bool = False
    ) -> T:
        """Run ``work`` on the session in the executor; translate errors about ``path``."""
        async with self._lock:
            session = await self._session_or_open()
            try:
                return await asyncio.get_running_loop().run_in_executor(None, work, session)
            except TooLargeError as err:
                self._drop()
                raise BambuFileTooLargeError(
                    f"{path} is larger than {err.limit} bytes", err.limit
                ) from None
            except ftplib.Error as err:
                raise self._reply_error(err, path, listing=listing) from err
            except (OSError, EOFError, UnicodeError) as err:
                self._drop()
                raise BambuConnectionError(f"lost {self.host} during {path}: {err}") from err

    def _reply_error(
        self, err: ftplib.Error, path: str, *, listing: bool = False, creating: bool = False
    ) -> BambuError:
        """Return the library error for a refusal; drop the session when its state is unknown."""
        error = reply_error(err, self.host, path, listing=listing, creating=creating)
        if type(error) is BambuConnectionError:
            self._drop()
        return error

    def _drop(self) -> None:
        """Forget a session left in an unknown state (its socket closed in the executor)."""
        session, self._session = self._session, None
        if session is not None:
            asyncio.get_running_loop().run_in_executor(None, session.close)

    def _reopen(self, context: ssl.SSLContext) -> FtpSession:
        """Open a new session (blocking: in the executor)."""
        session = FtpSession(context=context, timeout=self.timeout)
        session.open(self.host, self.port, self._access_code)
        return session
