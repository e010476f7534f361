"""The shape shared by the simulated printer's TLS services (storage, camera)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from types import TracebackType
from typing import Self

from .certificates import PrinterCertificate

_LOGGER = logging.getLogger(__name__)
HOST = "127.0.0.1"


class TlsService:
    """A TLS server on 127.0.0.1 with the printer's certificate; ``serve`` handles a client.

    ``connections`` counts the connections accepted so far, ``open_connections`` the current
    ones. Start with ``await start()`` or ``async with``; ``stop()`` ends every connection.
    """

    def __init__(self, certificate: PrinterCertificate, port: int = 0) -> None:
        """Prepare the server (``port`` 0: a free port chosen at ``start()``)."""
        self.certificate = certificate
        self.host = HOST
        self.port = port
        self.connections = 0
        self.open_connections = 0
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(certificate.chain_path, certificate.key_path)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve one client until it leaves (the subclass's protocol)."""
        raise NotImplementedError

    async def start(self) -> None:
        """Listen, TLS from the first byte."""
        self._server = await asyncio.start_server(
            self._accept, HOST, self.port, ssl=self.context, ssl_handshake_timeout=10
        )
        self.port = self._server.sockets[0].getsockname()[1]

    def go_offline(self) -> None:
        """Stop accepting connections (those already open go on until they end)."""
        if self._server is not None:
            self._server.close()

    async def stop(self) -> None:
        """Stop listening and end every connection."""
        self.go_offline()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> Self:
        """Start the server."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the server."""
        await self.stop()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Count and serve one connection; a client that breaks the connection ends it."""
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        self.open_connections += 1
        try:
            await self.serve(reader, writer)
        except (ConnectionError, ssl.SSLError, TimeoutError, asyncio.IncompleteReadError) as err:
            _LOGGER.debug("%s: a connection ended: %s", type(self).__name__, err)
        finally:
            self.open_connections -= 1
            self._tasks.discard(task)
            writer.transport.abort()
