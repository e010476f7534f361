"""A P1/A1 printer's chamber camera: JPEG frames over TLS, as on the printer's port 6000.

Protocol (OpenBambuAPI ``video.md``; ha-bambulab ``ChamberImageThread``): TLS with the printer's
certificate; the client sends an 80-byte packet (uint32 LE 0x40, 0x3000, 0, 0; ``bblp`` and the
access code, NUL-padded to 32 bytes each); the printer answers a wrong one by closing the
connection, a right one with a 16-byte header (uint32 LE payload size, 0, 1, 0) and a 1280x720
JPEG every 1-2 s. The frames are drawn here with Pillow from a ``CameraScene`` the printer
simulator gives: the bed, the part growing with the layer, the job and a clock.

``faults`` makes it misbehave on demand: refuse every client, send frames that are no JPEG,
cut a frame in the middle, or announce an absurd frame size.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import datetime as dt
import io
import struct

from PIL import Image, ImageDraw, ImageFont

from .certificates import PrinterCertificate
from .tls_service import TlsService

WIDTH, HEIGHT = 1280, 720
AUTH_SIZE = 80
AUTH_HEADER = struct.pack("<IIII", 0x40, 0x3000, 0, 0)


@dataclass(frozen=True, slots=True)
class CameraScene:
    """What the camera sees: the job's name, its current and total layers."""

    job: str = ""
    layer: int = 0
    total_layers: int = 0


@dataclass
class CameraFaults:
    """Misbehaviour on demand: each count is used up frame by frame.

    ``refuse``: close every connection after its authentication packet (as for a wrong
    access code). ``garbage_frames``: the next N frames carry bytes that are no JPEG.
    ``truncate_next``: cut the connection in the middle of the next frame. ``oversized_next``:
    announce a 64 MiB frame in the next header.
    """

    refuse: bool = False
    garbage_frames: int = 0
    truncate_next: bool = False
    oversized_next: bool = False


def draw_frame(scene: CameraScene, now: dt.datetime | None = None) -> bytes:
    """Return a 1280x720 JPEG of the chamber: bed, part at the scene's layer, job, clock."""
    now = now or dt.datetime.now()  # noqa: DTZ005 - the printer's wall clock
    image = Image.new("RGB", (WIDTH, HEIGHT), "#202428")
    draw = ImageDraw.Draw(image)
    draw.polygon([(180, 620), (1100, 620), (980, 420), (300, 420)], fill="#4A4F55")
    if scene.total_layers > 0:
        height = int(260 * min(1.0, max(0, scene.layer) / scene.total_layers))
        draw.rectangle((560, 520 - height, 720, 520), fill="#2E8B57", outline="#10301F")
    font = ImageFont.load_default(size=36)
    draw.text((40, 30), now.strftime("%H:%M:%S"), fill="#F0F0F0", font=font)
    if scene.job:
        label = f"{scene.job}  {scene.layer}/{scene.total_layers}"
        draw.text((40, 80), label, fill="#C8C8C8", font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


class ChamberCameraServer(TlsService):
    """The camera server of one simulated P1/A1 printer, on 127.0.0.1.

    ``scene`` is asked for each frame; ``interval`` is the wall time between frames.
    ``packets_received`` counts the authentication packets received.
    """

    def __init__(
        self,
        certificate: PrinterCertificate,
        access_code: str,
        scene: Callable[[], CameraScene] = CameraScene,
        *,
        port: int = 0,
        interval: float = 0.6,
    ) -> None:
        """Prepare the server (``port`` 0: a free port chosen at start)."""
        super().__init__(certificate, port)
        self.access_code = access_code
        self.scene = scene
        self.interval = interval
        self.faults = CameraFaults()
        self.packets_received = 0

    def _authorized(self, packet: bytes) -> bool:
        """Return whether an authentication packet names ``bblp`` and the access code."""
        user, code = packet[16:48].rstrip(b"\0"), packet[48:80].rstrip(b"\0")
        return (
            packet[:16] == AUTH_HEADER
            and user == b"bblp"
            and code == self.access_code.encode("ascii")
        )

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Check one client's authentication, then send it frames until it leaves."""
        async with asyncio.timeout(10):
            packet = await reader.readexactly(AUTH_SIZE)
        self.packets_received += 1
        if self.faults.refuse or not self._authorized(packet):
            return
        while True:
            if not await self._send_frame(writer):
                return
            await asyncio.sleep(self.interval)

    async def _send_frame(self, writer: asyncio.StreamWriter) -> bool:
        """Send one frame (or the fault asked for); return False once the connection is cut."""
        faults = self.faults
        jpeg = await asyncio.get_running_loop().run_in_executor(None, draw_frame, self.scene())
        if faults.garbage_frames > 0:
            faults.garbage_frames -= 1
            jpeg = b"\x00GARBAGE" * (len(jpeg) // 8)
        size = len(jpeg)
        if faults.oversized_next:
            faults.oversized_next = False
            size = 64 * 1024 * 1024
        writer.write(struct.pack("<IIII", size, 0, 1, 0))
        if faults.truncate_next:
            faults.truncate_next = False
            writer.write(jpeg[: len(jpeg) // 2])
            await writer.drain()
            return False
        writer.write(jpeg)
        await writer.drain()
        return True
