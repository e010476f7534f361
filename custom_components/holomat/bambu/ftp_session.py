"""A blocking FTPS session with a printer, on ftplib (run it in an executor: see ``ftps``).

Protocol facts and their sources:
- Implicit TLS from the first byte on port 990, user ``bblp``, password the LAN access code
  (OpenBambuAPI ``ftp.md``); ``ftplib`` only speaks explicit FTPS (``AUTH TLS``), so the socket is
  wrapped before the server's greeting is read.
- The data channel is protected (``PBSZ 0`` + ``PROT P``) and must resume the control
  connection's TLS session: printers' vsftpd runs ``require_ssl_reuse`` and answers any other data
  connection with ``522 SSL connection failed: session reuse required`` (ha-bambulab
  ``pybambu/bambu_client.py`` ``ImplicitFTP_TLS.ntransfercmd``; vsftpd's ``vsftpd.conf(5)``).
- TLS 1.2 at most: the H2D's server resumes no TLS 1.3 session, and bambuddy offers a TLS 1.2 cap
  for the same reason (maziggy/bambuddy ``backend/app/services/bambu_ftp.py``).
- After an upload the data connection is closed without a TLS shutdown: waiting for the
  printer's ``close_notify`` (``ssl.SSLSocket.unwrap``) hangs; some firmware then answers ``426``
  although the whole file landed, so the size is checked with ``SIZE`` (ha-bambulab
  ``storbinary_no_unwrap`` and its benign-426 handling in ``pybambu/models.py``; bambuddy #1417).
- ``LIST`` in ``ls -l`` shape (vsftpd has no ``MLSD``); free space only through ``AVBL``, which
  vsftpd does not know.
"""

from __future__ import annotations

from collections.abc import Callable
import contextlib
import datetime as dt
import ftplib
import socket
import ssl
import threading
from typing import Final, cast

from .remote_files import RemoteFile, parse_listing

USERNAME: Final = "bblp"
BLOCK_SIZE: Final = 64 * 1024
MAX_LISTING_BYTES: Final = 4 * 1024 * 1024
_CANCEL_REPLY_TIMEOUT: Final = 5.0  # s to read the reply that follows an aborted upload


class UploadCancelledError(Exception):
    """The caller cancelled an upload; the partial file was handled (internal signal)."""


class TooLargeError(Exception):
    """A download grew past its bound (internal signal, with the bound)."""

    def __init__(self, limit: int) -> None:
        """Remember the bound."""
        super().__init__(limit)
        self.limit = limit


class FtpSession(ftplib.FTP_TLS):
    """One implicit-FTPS connection: TLS from the first byte, data channels resume its session."""

    def open(self, host: str, port: int, access_code: str) -> None:
        """Connect, read the greeting, log in as ``bblp`` and protect the data channel.

        Raises ``ftplib.error_perm`` (``530`` refused login), ``ssl.SSLError`` or ``OSError``.
        """
        self.host, self.port = host, port
        raw = socket.create_connection((host, port), self.timeout)
        try:
            self.sock = self.context.wrap_socket(raw)
        except BaseException:
            raw.close()
            raise
        self.af = self.sock.family
        self.file = self.sock.makefile("r", encoding=self.encoding)
        self.welcome = self.getresp()
        self.login(USERNAME, access_code)
        self.prot_p()

    def ntransfercmd(
        self, cmd: str, rest: int | str | None = None
    ) -> tuple[socket.socket, int | None]:
        """Open a data connection that resumes the control connection's TLS session."""
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)  # noqa: S321 - wrapped below
        control = cast(ssl.SSLSocket, self.sock)
        try:
            return self.context.wrap_socket(conn, session=control.session), size
        except BaseException:
            conn.close()
            raise

    def read_data(self, command: str, limit: int) -> bytes:
        """Run a command answered on a data connection; return at most ``limit`` bytes.

        Raises ``TooLargeError`` when more come (the connection is then in an unknown state:
        close it), else what ftplib and the socket raise.
        """
        self.voidcmd("TYPE I")
        chunks: list[bytes] = []
        received = 0
        with self.transfercmd(command) as conn:
            while data := conn.recv(BLOCK_SIZE):
                received += len(data)
                if received > limit:
                    raise TooLargeError(limit)
                chunks.append(data)
        self.voidresp()
        return b"".join(chunks)

    def listing(self, folder: str) -> list[RemoteFile]:
        """Return the entries of ``folder`` (``LIST``)."""
        data = self.read_data(f"LIST {folder}", MAX_LISTING_BYTES)
        lines = data.decode("utf-8", errors="replace").splitlines()
        return parse_listing(lines, folder, dt.datetime.now())  # noqa: DTZ005 - printer-local

    def file_size(self, path: str) -> int:
        """Return the size of ``path`` in bytes (``SIZE``, in binary mode)."""
        self.voidcmd("TYPE I")
        size = self.size(path)
        if size is None:
            raise ftplib.error_reply(f"no size for {path}")  # noqa: S321 - an error class
        return size

    def free_bytes(self) -> int | None:
        """Return the free bytes the server tells with ``AVBL``; None when it does not."""
        try:
            reply = self.sendcmd("AVBL")
        except ftplib.error_perm:  # 500/502/504: unknown to the server (vsftpd)
            return None
        fields = reply.split()
        if reply.startswith("213") and len(fields) >= 2 and fields[1].isdigit():
            return int(fields[1])
        return None

    def make_parents(self, path: str) -> None:
        """Create the folders above ``path`` that are missing (``MKD``; existing ones: 550)."""
        parts = path.strip("/").split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            with contextlib.suppress(ftplib.error_perm):
                self.mkd("/" + "/".join(parts[:depth]))

    def begin_store(self, path: str) -> socket.socket:
        """Create missing folders above ``path`` and open the data connection of ``STOR``.

        Raises ``ftplib.Error`` when the server refuses to create the file (nothing was written).
        """
        self.make_parents(path)
        self.voidcmd("TYPE I")
        return self.transfercmd(f"STOR {path}")

    def send_file(
        self,
        conn: socket.socket,
        read: Callable[[int], bytes],
        sent: Callable[[int], None],
        cancel: threading.Event,
    ) -> None:
        """Send the bytes ``read`` gives on ``conn``; ``sent(total so far)`` after each block.

        The data connection is closed without a TLS shutdown (see the module docstring), then
        the server's reply is read. Raises ``UploadCancelledError`` when ``cancel`` is set (the
        server's reply to the cut transfer has been read), else what ftplib and the socket
        raise; the caller removes the partial file.
        """
        total = 0
        with conn:
            while not cancel.is_set() and (block := read(BLOCK_SIZE)):
                conn.sendall(block)
                total += len(block)
                sent(total)
        if cancel.is_set():
            control = cast(ssl.SSLSocket, self.sock)
            control.settimeout(_CANCEL_REPLY_TIMEOUT)
            with contextlib.suppress(ftplib.Error, OSError, EOFError):
                self.voidresp()
            raise UploadCancelledError
        self.voidresp()

    def reply_after_cut(self) -> int | None:
        """Return the code of the reply that explains a cut data connection, if one comes.

        A server that stops an upload (no room) cuts the data connection and says why on the
        control connection; the client may notice the cut first.
        """
        control = cast(ssl.SSLSocket, self.sock)
        try:
            control.settimeout(_CANCEL_REPLY_TIMEOUT)
            self.voidresp()
        except ftplib.Error as err:
            text = str(err)[:3]
            return int(text) if text.isdigit() else None
        except (OSError, EOFError, AttributeError):
            return None
        return None

    def close_quietly(self) -> None:
        """Say goodbye when the server still listens, then close the connection."""
        with contextlib.suppress(ftplib.Error, OSError, EOFError, AttributeError):
            if self.sock is not None:
                self.sock.settimeout(2.0)
                self.voidcmd("QUIT")
        self.close()
