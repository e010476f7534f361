"""One connection to a P1/A1 chamber camera, shared by every viewer (protocol: ``camera``).

A printer serves few camera connections, and each costs its small CPU a JPEG stream, so
``ChamberCamera`` opens the TLS connection to port 6000 only while someone watches
(``stream()``) or asks for a still (``async_snapshot()``), feeds every viewer from it, and
closes it when the last one leaves (after ``linger`` seconds, 0 by default).

Lost connections are retried; a frame header that breaks the framing drops the connection, a
payload that is no JPEG is skipped. A printer closing the connection before any frame,
``MAX_REFUSALS`` times in a row, is taken as refusing the access code (it sends no other sign:
``camera`` module docstring) and ends the viewers with ``BambuAuthError``; ``MAX_FAILURES``
failures in a row without a frame end them with ``BambuConnectionError``. A later viewer
starts over.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
import contextlib
import logging
import ssl
from typing import Final

from .camera import CAMERA_PORT, FRAME_TIMEOUT, auth_packet, read_frames
from .errors import BambuAuthError, BambuCameraError, BambuConnectionError, BambuError
from .pin_check import async_pin_error
from .tls import async_pinned_context

_LOGGER = logging.getLogger(__name__)
CONNECT_TIMEOUT: Final = 10.0
MAX_REFUSALS: Final = 3
MAX_FAILURES: Final = 5
RETRY_DELAYS: Final = (0.2, 1.0, 2.0, 5.0)  # s, the last one repeated
_CLOSE_TIMEOUT: Final = 2.0


class _ClosedBeforeFrameError(Exception):
    """The printer closed the connection before sending any frame (internal signal)."""


class ChamberCamera:
    """The chamber camera of a P1/A1 printer, one connection for all viewers.

    ``certificate_pem`` is the printer's pinned certificate. ``connections`` counts the TLS
    connections opened so far and ``viewers`` the current viewers (both for diagnostics).
    """

    def __init__(
        self,
        host: str,
        access_code: str,
        certificate_pem: str,
        *,
        port: int = CAMERA_PORT,
        frame_timeout: float = FRAME_TIMEOUT,
        linger: float = 0.0,
        retry_delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        """Prepare the camera; nothing is opened before a viewer comes.

        ``retry_delays``: seconds to wait before each retry in a row (the last one repeats).
        """
        self.host = host
        self.port = port
        self.frame_timeout = frame_timeout
        self.linger = linger
        self.retry_delays = tuple(retry_delays) or RETRY_DELAYS
        self._packet = auth_packet(access_code)
        self._pem = certificate_pem
        self._context: ssl.SSLContext | None = None
        self.viewers = 0
        self.connections = 0
        self._task: asyncio.Task[None] | None = None
        self._closer: asyncio.TimerHandle | None = None
        self._frame: bytes | None = None
        self._frame_time = 0.0
        self._sequence = 0
        self._changed = asyncio.Event()
        self._error: BambuError | None = None

    @property
    def connected(self) -> bool:
        """Return whether the connection task runs (a connection is open or being retried)."""
        return self._task is not None and not self._task.done()

    @property
    def last_frame(self) -> bytes | None:
        """Return the last JPEG received, if any (it may be old)."""
        return self._frame

    def recent_frame(self, max_age: float) -> bytes | None:
        """Return the last JPEG if it came less than ``max_age`` seconds ago, else None."""
        if self._frame is None or asyncio.get_running_loop().time() - self._frame_time > max_age:
            return None
        return self._frame

    @contextlib.asynccontextmanager
    async def stream(self) -> AsyncIterator[AsyncIterator[bytes]]:
        """Watch the camera: ``async with camera.stream() as frames: async for jpeg in frames``.

        Each new frame is yielded once (a slow viewer skips frames, never queues them). Raises,
        while iterating, ``BambuAuthError``, ``BambuCertificateError``,
        ``BambuWrongPrinterError`` or ``BambuConnectionError`` when the connection gives up.
        """
        self._join()
        try:
            yield self._frames()
        finally:
            self._leave()

    async def async_snapshot(self) -> bytes:
        """Return the next JPEG frame (opening the connection for it when nobody watches).

        Wrap it in ``asyncio.timeout``: it waits as long as the connection retries. Raises the
        errors of ``stream()``.
        """
        async with self.stream() as frames:
            return await anext(frames)

    async def async_close(self) -> None:
        """Close the connection now, whoever watches (unload): viewers get ``BambuConnectionError``.

        A later viewer opens it again.
        """
        if self._closer is not None:
            self._closer.cancel()
            self._closer = None
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._error = BambuConnectionError(f"the camera of {self.host} was closed")
        self._wake()

    # --- internals --------------------------------------------------------------------------

    async def _frames(self) -> AsyncIterator[bytes]:
        """Yield each frame newer than the last one yielded; raise the connection's error."""
        seen = self._sequence
        while True:
            while self._sequence == seen and self._error is None:
                changed = self._changed
                await changed.wait()
            if self._sequence != seen and self._frame is not None:
                seen = self._sequence
                yield self._frame
            elif self._error is not None:
                raise self._error

    def _join(self) -> None:
        """Count a viewer in; start the connection when it is the first."""
        self.viewers += 1
        if self._closer is not None:
            self._closer.cancel()
            self._closer = None
        if not self.connected:
            self._error = None
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name=f"camera {self.host}:{self.port}"
            )

    def _leave(self) -> None:
        """Count a viewer out; close the connection (after ``linger``) when none is left."""
        self.viewers -= 1
        if self.viewers == 0 and self.connected:
            loop = asyncio.get_running_loop()
            self._closer = loop.call_later(self.linger, self._stop)

    def _stop(self) -> None:
        """Cancel the connection task (the last viewer left)."""
        self._closer = None
        if self.viewers == 0 and self._task is not None:
            self._task.cancel()
            self._task = None

    def _wake(self) -> None:
        """Wake every viewer waiting for a change."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def _run(self) -> None:
        """Connect, read frames, reconnect; give up after repeated refusals or failures."""
        refusals = failures = 0
        while True:
            try:
                await self._connection()
            except _ClosedBeforeFrameError:
                refusals, failures = refusals + 1, failures + 1
            except ssl.SSLCertVerificationError:
                self._give_up(await async_pin_error(self.host, self.port, self._pem))
                return
            except (OSError, TimeoutError, asyncio.IncompleteReadError, BambuCameraError) as err:
                _LOGGER.debug("Camera %s:%s: %s", self.host, self.port, err)
                refusals, failures = 0, failures + 1
            else:
                refusals = failures = 0  # frames came, then the stream ended
            if refusals >= MAX_REFUSALS:
                self._give_up(BambuAuthError(f"the camera of {self.host} refused the access code"))
                return
            if failures >= MAX_FAILURES:
                self._give_up(BambuConnectionError(f"cannot watch the camera of {self.host}"))
                return
            delays = self.retry_delays
            await asyncio.sleep(delays[min(max(failures, 1), len(delays)) - 1])

    async def _connection(self) -> None:
        """Open one connection, authenticate, and publish frames until it ends.

        Returns normally only after at least one frame (the stream then ended or broke); raises
        ``_ClosedBeforeFrameError`` when the printer closed it before any frame.
        """
        if self._context is None:
            self._context = await async_pinned_context(self._pem)
        async with asyncio.timeout(CONNECT_TIMEOUT):
            reader, writer = await asyncio.open_connection(self.host, self.port, ssl=self._context)
        self.connections += 1
        received = False
        try:
            writer.write(self._packet)
            await writer.drain()
            async for frame in read_frames(reader, self.frame_timeout):
                received = True
                self._frame = frame
                self._frame_time = asyncio.get_running_loop().time()
                self._sequence += 1
                self._wake()
        except asyncio.IncompleteReadError:
            if not received:
                raise _ClosedBeforeFrameError from None
        except (OSError, TimeoutError, BambuCameraError):
            if not received:
                raise
        finally:
            writer.transport.abort()

    def _give_up(self, error: BambuError) -> None:
        """End the viewers with ``error``; the next viewer starts over."""
        _LOGGER.debug("Camera %s:%s gives up: %s", self.host, self.port, error)
        self._error = error
        self._task = None
        self._wake()
