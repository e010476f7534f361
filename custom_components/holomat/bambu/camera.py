"""Printers' chamber cameras: which kind a model has, its addresses, and the JPEG frame protocol.

- X1 / X1C / X1E: RTSP over TLS, ``rtsps://bblp:<access code>@<host>:322/streaming/live/1``
  (OpenBambuAPI ``video.md``). With "LAN Mode Liveview" off, the port closes at once and the
  report says ``ipcam.rtsp_url: "disable"``; once on, the report carries the URL (same file;
  ha-bambulab ``pybambu/models.py`` ``Camera`` and its ``event_printer_live_view_disabled``).
- P1P / P1S / A1 / A1 mini: JPEG frames over TLS on port 6000 (OpenBambuAPI ``video.md``): the
  client sends an 80-byte authentication packet (four little-endian uint32: payload size 0x40,
  type 0x3000, flags 0, 0; then the user ``bblp`` and the access code, each ASCII, NUL-padded to
  32 bytes); the printer then sends, about every 1-2 s, a 16-byte header (uint32 LE payload size,
  itrack 0, flags 1, 0) and a 1280x720 JPEG from ``FF D8`` to ``FF D9``. A refused access code
  gets no message: the printer closes the connection before the first frame (ha-bambulab
  ``pybambu/bambu_client.py`` ``ChamberImageThread``). Their reports carry no ``rtsp_url``.

The printer shows the same pinned certificate on these ports as on MQTT (``tls.pinned_context``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from enum import StrEnum
import struct
from typing import Any, Final
from urllib.parse import quote, urlsplit

from .errors import BambuAuthError, BambuCameraError
from .models import LiveView, PrinterModel

CAMERA_PORT: Final = 6000
RTSPS_PORT: Final = 322
USERNAME: Final = "bblp"
HEADER_SIZE: Final = 16
MAX_FRAME_BYTES: Final = 4 * 1024 * 1024  # a 1280x720 JPEG is 50-300 KiB
FRAME_TIMEOUT: Final = 10.0  # s without a frame before the connection counts as lost
_AUTH_HEADER: Final = struct.pack("<IIII", 0x40, 0x3000, 0, 0)
_FIELD: Final = 32
_RTSPS: Final = frozenset({PrinterModel.X1, PrinterModel.X1C, PrinterModel.X1E})
_JPEG: Final = frozenset(
    {PrinterModel.P1P, PrinterModel.P1S, PrinterModel.A1, PrinterModel.A1_MINI}
)


class CameraKind(StrEnum):
    """How a printer serves its chamber camera."""

    RTSPS = "rtsps"  # RTSP over TLS on port 322 (X1 family)
    JPEG = "jpeg"  # JPEG frames over TLS on port 6000 (P1, A1)


def camera_kind(model: PrinterModel | None) -> CameraKind | None:
    """Return the camera kind of ``model``; None for an unknown model."""
    if model in _RTSPS:
        return CameraKind.RTSPS
    if model in _JPEG:
        return CameraKind.JPEG
    return None


def rtsps_url(host: str, access_code: str, port: int = RTSPS_PORT) -> str:
    """Return the X1 family's stream URL, credentials included (keep it out of logs)."""
    netloc = f"[{host}]" if ":" in host else host
    return f"rtsps://{USERNAME}:{quote(access_code, safe='')}@{netloc}:{port}/streaming/live/1"


def live_view(ipcam: Mapping[str, Any] | None) -> LiveView:
    """Return the live-view state a report's ``print.ipcam`` object tells.

    ``rtsp_url`` ``"disable"`` is off; an ``rtsp``/``rtsps`` URL is on; anything else, or no
    ``ipcam``, is unknown.
    """
    url = ipcam.get("rtsp_url") if isinstance(ipcam, Mapping) else None
    if not isinstance(url, str):
        return LiveView.UNKNOWN
    if url.strip().lower() == "disable":
        return LiveView.OFF
    if url.lower().startswith(("rtsps://", "rtsp://")):
        return LiveView.ON
    return LiveView.UNKNOWN


def reported_rtsps_port(ipcam: Mapping[str, Any] | None) -> int:
    """Return the port of the report's ``ipcam.rtsp_url`` (322 when it names none)."""
    url = ipcam.get("rtsp_url") if isinstance(ipcam, Mapping) else None
    try:
        port = urlsplit(url).port if isinstance(url, str) else None
    except ValueError:
        port = None
    return port or RTSPS_PORT


def auth_packet(access_code: str, username: str = USERNAME) -> bytes:
    """Return the 80-byte authentication packet of the port-6000 camera.

    Raises ``BambuAuthError`` when a field is not ASCII or longer than 32 bytes.
    """
    try:
        user, code = username.encode("ascii"), access_code.encode("ascii")
    except UnicodeEncodeError as err:
        raise BambuAuthError("the access code must be ASCII") from err
    if len(user) > _FIELD or len(code) > _FIELD:
        raise BambuAuthError("the access code is longer than 32 characters")
    return _AUTH_HEADER + user.ljust(_FIELD, b"\0") + code.ljust(_FIELD, b"\0")


def is_jpeg(payload: bytes) -> bool:
    """Return whether ``payload`` starts with a JPEG's SOI and ends with its EOI marker."""
    return payload.startswith(b"\xff\xd8") and payload.endswith(b"\xff\xd9")


async def read_frames(
    reader: asyncio.StreamReader, frame_timeout: float = FRAME_TIMEOUT
) -> AsyncIterator[bytes]:
    """Yield each JPEG frame read from a port-6000 stream; frames that are no JPEG are dropped.

    Raises ``asyncio.IncompleteReadError`` when the stream ends (``partial`` empty: between
    frames), ``TimeoutError`` when no header or payload comes within ``frame_timeout`` s,
    ``BambuCameraError`` for a size of 0 or over ``MAX_FRAME_BYTES`` (the framing is lost).
    """
    while True:
        async with asyncio.timeout(frame_timeout):
            header = await reader.readexactly(HEADER_SIZE)
        size = int.from_bytes(header[:4], "little")
        if not 0 < size <= MAX_FRAME_BYTES:
            raise BambuCameraError(f"a camera frame header announces {size} bytes")
        async with asyncio.timeout(frame_timeout):
            payload = await reader.readexactly(size)
        if is_jpeg(payload):
            yield payload
