"""A TCP site whose connections must send their first request head in time (slowloris guard).

aiohttp's server has no header read timeout: a client that opens a connection and sends a
header byte now and then holds it forever. Here every connection must deliver the blank line
ending its first request head within ``header_timeout_s`` of connecting, or it is answered
``408 Request Timeout`` and closed. Later requests on a kept-alive connection are bounded by
aiohttp's own keep-alive timeout, which closes a connection whose next head is not complete
that long after the previous response (``AppRunner(keepalive_timeout=...)``).
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from .limits import HttpLimits

_HEAD_END = b"\r\n\r\n"
_TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
)


class HeadDeadline(asyncio.Protocol):
    """Wrap aiohttp's protocol for one connection; close it if the first head is late."""

    def __init__(self, inner: asyncio.Protocol, timeout_s: float) -> None:
        """Forward everything to ``inner``; allow ``timeout_s`` seconds for the first head."""

        self._inner = inner
        self._timeout_s = timeout_s
        self._timer: asyncio.TimerHandle | None = None
        self._transport: asyncio.Transport | None = None
        self._tail = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Start the clock, then hand the connection to aiohttp."""

        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self._timeout_s, self._expire)
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        """Stop the clock at the end of the first head; pass the bytes on."""

        if self._timer is not None:
            seen = self._tail + data
            if _HEAD_END in seen:
                self._cancel()
            else:
                self._tail = seen[-3:]
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        """Pass the end of the client's stream on."""

        return self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock and let aiohttp clean up."""

        self._cancel()
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        """Pass flow control on."""

        self._inner.pause_writing()

    def resume_writing(self) -> None:
        """Pass flow control on."""

        self._inner.resume_writing()

    def _cancel(self) -> None:
        """Stop the clock."""

        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        """Answer 408 and close: the head did not arrive in time."""

        self._timer = None
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(_TIMEOUT_RESPONSE)
            self._transport.close()


class GuardedTCPSite(web.BaseSite):
    """Serve a runner on ``host``:``port`` with a deadline for each connection's first head."""

    def __init__(
        self, runner: web.BaseRunner, host: str, port: int, *, header_timeout_s: float
    ) -> None:
        """Listen on ``host``:``port`` (0: any free port) once started."""

        super().__init__(runner)
        self._host = host
        self._port = port
        self._header_timeout_s = header_timeout_s

    @property
    def name(self) -> str:
        """Return the site's URL."""

        return f"http://{self._host}:{self._port}"

    @property
    def port(self) -> int:
        """Return the port listened on (the real one when started with 0)."""

        if self._server is not None and isinstance(self._server, asyncio.Server):
            return int(self._server.sockets[0].getsockname()[1])
        return self._port

    async def start(self) -> None:
        """Register with the runner and listen."""

        await super().start()
        server = self._runner.server
        assert server is not None
        timeout = self._header_timeout_s
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: HeadDeadline(server(), timeout), self._host, self._port
        )


async def start_site(
    app: web.Application, host: str, port: int, limits: HttpLimits
) -> tuple[web.AppRunner, GuardedTCPSite]:
    """Serve ``app`` on ``host``:``port`` within ``limits``; return the runner and the site.

    ``runner.cleanup()`` stops both.
    """

    runner = web.AppRunner(app, access_log=None, keepalive_timeout=limits.keepalive_timeout_s)
    await runner.setup()
    site = GuardedTCPSite(runner, host, port, header_timeout_s=limits.header_timeout_s)
    await site.start()
    return runner, site
