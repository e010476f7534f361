"""Read one Wyoming event with every size and type checked before anything is buffered.

The ``wyoming`` package's ``async_read_event`` trusts the header: it ``readexactly()`` whatever
``data_length`` and ``payload_length`` say (an 8 MB ``audio-chunk`` is buffered, then converted)
and hides bad JSON as end of stream. This reader frames events the same way (protocol: a JSON
header line, then ``data_length`` bytes of JSON merged over ``data``, then ``payload_length``
bytes of payload; see ``wyoming.event``) but refuses, before reading them, blocks larger than the
limits, and raises ``MalformedEventError`` for anything a peer must not send.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from wyoming.event import Event

from .errors import MalformedEventError

# Headers are a few hundred bytes; the longest legitimate line is far below this.
MAX_HEADER_BYTES = 64 * 1024


@dataclass(frozen=True)
class WireLimits:
    """Largest ``data`` block and binary payload accepted, in bytes."""

    max_data: int
    max_payload: int


def _length(header: dict[str, Any], key: str, limit: int) -> int:
    """Return a non-negative integer length from the header, at most ``limit`` bytes."""
    value = header.get(key)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MalformedEventError(f"{key} must be a non-negative integer, got {value!r}")
    if value > limit:
        raise MalformedEventError(
            f"{header.get('type')!r} {key} {value} bytes is over the limit of {limit} bytes"
        )
    return value


def _json_object(raw: bytes, what: str) -> dict[str, Any]:
    """Decode a UTF-8 JSON object; raise ``MalformedEventError`` otherwise."""
    try:
        value = json.loads(raw)
    except ValueError as err:  # JSONDecodeError and UnicodeDecodeError
        raise MalformedEventError(f"{what} is not JSON: {err}") from err
    if not isinstance(value, dict):
        raise MalformedEventError(f"{what} must be a JSON object, got {type(value).__name__}")
    return value


async def read_event(reader: asyncio.StreamReader, limits: WireLimits) -> Event | None:
    """Return the next event, or ``None`` at end of stream (also mid-event: the peer left).

    Raises ``MalformedEventError`` for a header that is not a JSON object with a string
    ``type``, a ``data`` that is not an object, lengths that are not integers or exceed
    ``limits``, or a header line over ``MAX_HEADER_BYTES``. Nothing over a limit is read.
    The reader must be created with a ``limit`` above ``MAX_HEADER_BYTES`` (asyncio's default,
    64 KiB, is enough: the line check happens first).
    """
    try:
        line = await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError:
        return None  # the peer left (between events or in the middle of a header)
    except asyncio.LimitOverrunError as err:
        raise MalformedEventError(f"header line over {MAX_HEADER_BYTES} bytes") from err
    if len(line) > MAX_HEADER_BYTES:
        raise MalformedEventError(f"header line over {MAX_HEADER_BYTES} bytes")
    header = _json_object(line, "event header")
    event_type = header.get("type")
    if not isinstance(event_type, str) or not event_type:
        raise MalformedEventError(f"event type must be a non-empty string, got {event_type!r}")
    data = header.get("data") or {}
    if not isinstance(data, dict):
        raise MalformedEventError(f"{event_type!r} data must be a JSON object")
    data_length = _length(header, "data_length", limits.max_data)
    payload_length = _length(header, "payload_length", limits.max_payload)
    try:
        if data_length:
            data = {**data, **_json_object(await reader.readexactly(data_length), "event data")}
        payload = await reader.readexactly(payload_length) if payload_length else None
    except asyncio.IncompleteReadError:
        return None
    return Event(type=event_type, data=data, payload=payload)
