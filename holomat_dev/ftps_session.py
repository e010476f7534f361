"""One control connection of the simulated printer's FTPS server (see ``ftps_server``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import contextlib
import datetime as dt
import shutil
import ssl
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from .ftps_server import PrinterFtpServer

DATA_TIMEOUT_S = 10.0
COMMAND_TIMEOUT_S = 300.0  # vsftpd's idle_session_timeout
MAX_LINE = 4096
BLOCK = 64 * 1024


def _list_line(path: Path) -> str:
    """Return an ``ls -l`` line for a file or folder, in vsftpd's layout."""
    stat = path.stat()
    modified = dt.datetime.fromtimestamp(stat.st_mtime)  # noqa: DTZ006 - printer-local time
    if abs(dt.datetime.now() - modified) < dt.timedelta(days=180):  # noqa: DTZ005
        when = modified.strftime("%b %d %H:%M")
    else:
        when = modified.strftime("%b %d  %Y")
    kind = "drwxr-xr-x" if path.is_dir() else "-rw-r--r--"
    size = 4096 if path.is_dir() else stat.st_size
    return f"{kind}    1 1000     1000     {size:>8} {when} {path.name}\r\n"


class FtpsSession:
    """Read commands, answer them as a printer's vsftpd does, move data on passive connections."""

    def __init__(
        self,
        server: PrinterFtpServer,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        """Bind the session to its server and control connection."""
        self.server = server
        self.reader = reader
        self.writer = writer
        self.user: str | None = None
        self.logged_in = False
        self.protected = False
        self.cwd = "/"
        self._data: asyncio.Future[tuple[asyncio.StreamReader, asyncio.StreamWriter]] | None = None
        self._listener: asyncio.Server | None = None

    async def reply(self, text: str) -> None:
        """Send one reply line (or several, already joined with CRLF)."""
        self.writer.write(f"{text}\r\n".encode())
        await self.writer.drain()

    async def serve(self) -> None:
        """Greet, then answer commands until QUIT or the connection ends."""
        await self.reply("220 Service ready.")
        try:
            while True:
                async with asyncio.timeout(COMMAND_TIMEOUT_S):
                    line = await self.reader.readline()
                if not line:
                    return
                text = line[:MAX_LINE].decode("utf-8", errors="replace").rstrip("\r\n")
                verb, _, argument = text.partition(" ")
                if not await self.command(verb.upper(), argument):
                    return
        finally:
            self._close_listener()

    async def command(self, verb: str, argument: str) -> bool:
        """Answer one command; return False once the session must end."""
        if verb == "QUIT":
            await self.reply("221 Goodbye.")
            return False
        if verb in {"USER", "PASS"}:
            await self.login(verb, argument)
            return True
        if not self.logged_in:
            await self.reply("530 Please login with USER and PASS.")
            return True
        handler = self._handlers().get(verb)
        if handler is None:
            await self.reply("500 Unknown command.")
            return True
        return await handler(argument) is not False

    def _handlers(self) -> dict[str, Callable[[str], Awaitable[bool | None]]]:
        """Return the command handlers by verb."""
        return {
            "PBSZ": lambda _: self.reply("200 PBSZ set to 0."),
            "PROT": self.prot,
            "TYPE": lambda _: self.reply("200 Switching to Binary mode."),
            "SYST": lambda _: self.reply("215 UNIX Type: L8"),
            "NOOP": lambda _: self.reply("200 NOOP ok."),
            "PWD": lambda _: self.reply(f'257 "{self.cwd}" is the current directory'),
            "CWD": self.cwd_command,
            "PASV": self.pasv,
            "EPSV": self.pasv,
            "LIST": self.list_command,
            "NLST": self.list_command,
            "RETR": self.retr,
            "STOR": self.stor,
            "SIZE": self.size,
            "DELE": self.dele,
            "MKD": self.mkd,
            "AVBL": self.avbl,
        }

    def path(self, argument: str) -> Path | None:
        """Return the local path of a remote argument, None without storage or outside it."""
        if not self.server.faults.sd_card:
            return None
        remote = argument if argument.startswith("/") else f"{self.cwd.rstrip('/')}/{argument}"
        return self.server.local_path(remote)

    async def login(self, verb: str, argument: str) -> None:
        """Handle USER / PASS (user ``bblp``, password the access code)."""
        if verb == "USER":
            self.user, self.logged_in = argument, False
            await self.reply("331 Please specify the password.")
        elif self.user == "bblp" and argument == self.server.access_code:
            self.logged_in = True
            await self.reply("230 Login successful.")
        else:
            await self.reply("530 Login incorrect.")

    async def prot(self, argument: str) -> None:
        """Handle PROT P / C."""
        self.protected = argument.strip().upper() == "P"
        await self.reply(f"200 PROT now {'Private' if self.protected else 'Clear'}.")

    async def cwd_command(self, argument: str) -> None:
        """Handle CWD."""
        local = self.path(argument)
        if local is None or not local.is_dir():
            await self.reply("550 Failed to change directory.")
            return
        self.cwd = "/" + local.relative_to(self.server.root).as_posix().strip(".")
        await self.reply("250 Directory successfully changed.")

    async def pasv(self, _: str) -> None:
        """Open a passive data listener and tell its port (PASV and EPSV)."""
        self._close_listener()
        future: asyncio.Future[tuple[asyncio.StreamReader, asyncio.StreamWriter]]
        future = asyncio.get_running_loop().create_future()

        def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if future.done():
                writer.transport.abort()
            else:
                future.set_result((reader, writer))

        self._listener = await asyncio.start_server(accept, self.server.host, 0)
        self._data = future
        port = self._listener.sockets[0].getsockname()[1]
        address = self.server.host.replace(".", ",")
        await self.reply(f"227 Entering Passive Mode ({address},{port >> 8},{port & 0xFF}).")

    def _close_listener(self) -> None:
        """Close the passive listener, if any."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    async def open_data(
        self, preliminary: str
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        """Take the client's data connection, send ``preliminary``, then secure it.

        As vsftpd does, the TLS handshake of a protected data connection follows the ``150``
        reply; one that does not resume the control session is refused with ``522`` when the
        faults demand reuse (``require_ssl_reuse``). Returns None when refused.
        """
        if self._data is None:
            await self.reply("425 Use PORT or PASV first.")
            return None
        future, self._data = self._data, None
        try:
            async with asyncio.timeout(DATA_TIMEOUT_S):
                reader, writer = await future
        except TimeoutError:
            await self.reply("425 Failed to establish connection.")
            return None
        finally:
            self._close_listener()
        await self.reply(preliminary)
        if not self.protected:
            return reader, writer
        try:
            await writer.start_tls(self.server.context, ssl_handshake_timeout=DATA_TIMEOUT_S)
        except (ConnectionError, ssl.SSLError, TimeoutError):
            writer.transport.abort()
            await self.reply("522 SSL connection failed.")
            return None
        tls = writer.get_extra_info("ssl_object")
        if self.server.faults.require_session_reuse and not (
            isinstance(tls, ssl.SSLObject) and tls.session_reused
        ):
            writer.transport.abort()
            await self.reply("522 SSL connection failed: session reuse required")
            return None
        return reader, writer

    async def list_command(self, argument: str) -> None:
        """Handle LIST / NLST (an absent folder lists empty, as vsftpd does)."""
        folder = argument.strip() or self.cwd
        local = self.path(folder)
        if local is None:
            await self.reply("550 No storage.")
            return
        entries = sorted(local.iterdir()) if local.is_dir() else []
        data = await self.open_data("150 Here comes the directory listing.")
        if data is None:
            return
        _, writer = data
        writer.write("".join(_list_line(entry) for entry in entries).encode())
        await _close(writer)
        await self.reply("226 Directory send OK.")

    async def retr(self, argument: str) -> None:
        """Handle RETR."""
        local = self.path(argument)
        if local is None or not local.is_file():
            await self.reply("550 Failed to open file.")
            return
        size = local.stat().st_size
        data = await self.open_data(
            f"150 Opening BINARY mode data connection for {argument} ({size} bytes)."
        )
        if data is None:
            return
        _, writer = data
        with local.open("rb") as source:
            while block := source.read(BLOCK):
                writer.write(block)
                await writer.drain()
        await _close(writer)
        await self.reply("226 Transfer complete.")

    async def stor(self, argument: str) -> bool:
        """Handle STOR, with the storage faults; return False when the session is cut."""
        local = self.path(argument)
        if local is None or not local.parent.is_dir() or local.is_dir():
            await self.reply("553 Could not create file.")
            return True
        data = await self.open_data("150 Ok to send data.")
        if data is None:
            return True
        reader, writer = data
        faults = self.server.faults
        received = 0
        with local.open("wb") as target:
            while True:
                try:
                    block = await reader.read(BLOCK)
                except (ConnectionError, ssl.SSLError):
                    block = b""  # a cut connection ends the file (strict_ssl_read_eof=NO)
                if not block:
                    break
                if faults.drop_upload_after is not None:
                    block = block[: max(0, faults.drop_upload_after - received)]
                if faults.free_bytes is not None and len(block) > faults.free_bytes:
                    target.write(block[: faults.free_bytes])
                    faults.free_bytes = 0
                    writer.transport.abort()
                    await self.reply("451 Failure writing to local file.")
                    return True
                target.write(block)
                received += len(block)
                if faults.free_bytes is not None:
                    faults.free_bytes -= len(block)
                if faults.drop_upload_after is not None and received >= faults.drop_upload_after:
                    faults.drop_upload_after = None
                    if faults.offline_after_drop:
                        self.server.go_offline()
                    writer.transport.abort()
                    self.writer.transport.abort()
                    return False
        await _close(writer)
        if faults.keep_only is not None:
            with local.open("r+b") as target:
                target.truncate(faults.keep_only)
            faults.keep_only = None
        if faults.reply_426_after_upload:
            await self.reply("426 Failure reading network stream.")
        else:
            await self.reply("226 Transfer complete.")
        self.server.record_upload("/" + local.relative_to(self.server.root).as_posix(), received)
        return True

    async def size(self, argument: str) -> None:
        """Handle SIZE."""
        local = self.path(argument)
        if local is None or not local.is_file():
            await self.reply("550 Could not get file size.")
        else:
            await self.reply(f"213 {local.stat().st_size}")

    async def dele(self, argument: str) -> None:
        """Handle DELE."""
        local = self.path(argument)
        if local is None or not local.is_file():
            await self.reply("550 Delete operation failed.")
            return
        local.unlink()
        await self.reply("250 Delete operation successful.")

    async def mkd(self, argument: str) -> None:
        """Handle MKD."""
        local = self.path(argument)
        if local is None or local.exists() or not local.parent.is_dir():
            await self.reply("550 Create directory operation failed.")
            return
        local.mkdir()
        await self.reply(f'257 "{argument}" created')

    async def avbl(self, _: str) -> None:
        """Handle AVBL, which only some servers know."""
        faults = self.server.faults
        if not faults.announce_free_space or not faults.sd_card:
            await self.reply("500 Unknown command.")
            return
        free = faults.free_bytes
        if free is None:
            free = shutil.disk_usage(self.server.root).free
        await self.reply(f"213 {free}")


async def _close(writer: asyncio.StreamWriter) -> None:
    """Close a data connection, tolerating a client that left first."""
    writer.close()
    with contextlib.suppress(ConnectionError, ssl.SSLError, TimeoutError):
        async with asyncio.timeout(5):
            await writer.wait_closed()
