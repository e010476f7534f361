"""An X1 printer's RTSPS live view, served by GStreamer's RTSP server in a child process.

``RtspsServer(certificate, access_code)`` runs ``holomat_dev/rtsps_gst.py`` with Debian's
Python 3 (the virtualenv cannot import ``gi``): TLS with the printer's certificate on a free
port of 127.0.0.1, Basic authentication of ``bblp`` / access code (a wrong one gets ``401``),
H.264 at 1280x720, path ``/streaming/live/1`` (OpenBambuAPI ``video.md``), showing what the
camera server draws (``camera_server.draw_frame`` of ``scene``, redrawn every 0.5 s through a
JPEG file the child re-reads) or, without a scene, a test pattern. ``url`` is what HA's
``stream`` (PyAV) and ffmpeg open. ``available()`` tells whether the Debian packages are there.

Certificates: libavformat's RTSP demuxer opens its TLS connection with no options, so neither
HA's ``stream`` nor the ffmpeg command line (Debian's 5.1, GnuTLS) can verify or pin the
certificate (``-tls_verify`` is "not found" for ``rtsps://`` inputs): they accept any. The
integration checks the pin itself with a TLS handshake before it hands the URL over
(``bambu.pin_check.async_check_pin``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
from pathlib import Path
import shutil
import subprocess
import tempfile
from types import TracebackType
from typing import Self

from .camera_server import CameraScene, draw_frame
from .certificates import PrinterCertificate
from .mosquitto import _die_with_parent

SYSTEM_PYTHON = Path("/usr/bin/python3")
SCRIPT = Path(__file__).with_name("rtsps_gst.py")
START_TIMEOUT_S = 20.0
REDRAW_S = 0.5


def available() -> bool:
    """Return whether Debian's Python can import GStreamer's RTSP server (and x264enc exists)."""
    if not SYSTEM_PYTHON.exists() or shutil.which("ffmpeg") is None:
        return False
    probe = (
        "import gi; gi.require_version('Gst', '1.0'); gi.require_version('GstRtspServer', '1.0');"
        "from gi.repository import Gst, GstRtspServer; Gst.init(None);"
        "raise SystemExit(Gst.ElementFactory.find('x264enc') is None)"
    )
    result = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [str(SYSTEM_PYTHON), "-c", probe], capture_output=True, check=False, timeout=30
    )
    return result.returncode == 0


class RtspsServer:
    """The RTSPS stream of one simulated X1 printer (start with ``await start()``)."""

    def __init__(
        self,
        certificate: PrinterCertificate,
        access_code: str,
        port: int = 0,
        scene: Callable[[], CameraScene] | None = None,
    ) -> None:
        """Prepare the server (``port`` 0: a free port chosen at start)."""
        self.certificate = certificate
        self.access_code = access_code
        self.host = "127.0.0.1"
        self.port = port
        self.scene = scene
        self._process: asyncio.subprocess.Process | None = None
        self._painter: asyncio.Task[None] | None = None
        self._frames: Path | None = None

    @property
    def url(self) -> str:
        """Return the stream URL with the credentials, as the integration builds it."""
        return f"rtsps://bblp:{self.access_code}@{self.host}:{self.port}/streaming/live/1"

    async def _paint(self, frame: Path) -> None:
        """Redraw the frame file from the scene every ``REDRAW_S`` (replaced atomically)."""
        assert self.scene is not None
        loop = asyncio.get_running_loop()
        while True:
            jpeg = await loop.run_in_executor(None, draw_frame, self.scene())
            fresh = frame.with_suffix(".new")
            fresh.write_bytes(jpeg)
            fresh.replace(frame)
            await asyncio.sleep(REDRAW_S)

    async def start(self) -> None:
        """Start the child process and wait until it listens; RuntimeError when it cannot."""
        extra: list[str] = []
        if self.scene is not None:
            self._frames = Path(tempfile.mkdtemp(prefix="holomat-rtsps-"))
            frame = self._frames / "frame.jpg"
            frame.write_bytes(draw_frame(self.scene()))
            self._painter = asyncio.create_task(self._paint(frame))
            extra.append(str(frame))
        self._process = await asyncio.create_subprocess_exec(
            str(SYSTEM_PYTHON),
            str(SCRIPT),
            str(self.certificate.chain_path),
            str(self.certificate.key_path),
            self.access_code,
            str(self.port),
            *extra,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        assert self._process.stdout is not None
        try:
            async with asyncio.timeout(START_TIMEOUT_S):
                line = (await self._process.stdout.readline()).decode().split()
        except TimeoutError:
            line = []
        if len(line) != 2 or line[0] != "PORT":
            await self.stop()
            raise RuntimeError(f"the RTSPS server did not start: {' '.join(line)!r}")
        self.port = int(line[1])

    async def stop(self) -> None:
        """Stop the child process and the redrawing."""
        painter, self._painter = self._painter, None
        if painter is not None:
            painter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await painter
        if self._frames is not None:
            shutil.rmtree(self._frames, ignore_errors=True)
            self._frames = None
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            async with asyncio.timeout(5):
                await process.wait()
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()

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
