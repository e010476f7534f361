"""Decode one MQTT payload from a printer into a JSON object, within bounds, never recursing deep.

A printer's report is one JSON object, at most about 20 kB (a full report with four AMS units)
and nested at most eight levels (``print.ams.ams[].tray[]``, ``print.device.extruder.info[]``;
``holomat_dev/recordings``). Payloads are normally UTF-8, but some firmware sends other bytes
(shared notes on Bambu printers, §1): they are read as Latin-1 instead of being dropped.

Python's ``json.loads`` recurses once per nesting level and raises ``RecursionError`` on a
payload such as ``{"print":`` repeated 20,000 times, so the depth is measured first, outside
strings, without recursion (``too_deep``).
"""

from __future__ import annotations

import json
from typing import Any, Final

MAX_PAYLOAD: Final = 256 * 1024  # bytes; the largest recorded full report is about 20 kB
MAX_DEPTH: Final = 32  # nesting levels; recorded reports use eight at most
_NOT_BRACKETS: Final = bytes(range(256)).translate(None, b"[]{}")
_OPENING: Final = frozenset(b"[{")
_CHUNK: Final = 4096  # bytes scanned at a time: a deep payload is caught in its first chunk


class MalformedPayloadError(ValueError):
    """The payload is not a report: too large, too deep, not JSON, or not a JSON object."""


def too_deep(payload: bytes, limit: int = MAX_DEPTH) -> bool:
    """Return whether ``payload``'s arrays and objects nest deeper than ``limit`` levels.

    Brackets inside JSON strings do not count. A payload with no more brackets than ``limit``
    cannot nest deeper, so a small delta is answered by two ``bytes.count`` calls. Otherwise
    escaped quotes are cut out, and the payload is read a chunk at a time: split at its quotes,
    the parts outside strings stripped to their brackets, the brackets counted, stopping at the
    first one past the limit. A payload that fools this (only invalid JSON can) still meets
    ``json.loads``'s own ``RecursionError``, which ``decode_payload`` catches.
    """
    if len(payload) <= _CHUNK and payload.count(b"{") + payload.count(b"[") <= limit:
        return False
    if b"\\" in payload:  # an escaped backslash, then an escaped quote: neither ends a string
        payload = payload.replace(b"\\\\", b"").replace(b'\\"', b"")
    depth = 0
    in_string = False
    for start in range(0, len(payload), _CHUNK):
        parts = payload[start : start + _CHUNK].split(b'"')
        outside = b"".join(parts[1::2] if in_string else parts[::2])
        in_string ^= len(parts) % 2 == 0  # an odd number of quotes in the chunk
        for char in outside.translate(None, _NOT_BRACKETS):
            if char in _OPENING:
                depth += 1
                if depth > limit:
                    return True
            else:
                depth -= 1
    return False


def decode_payload(payload: bytes) -> dict[str, Any]:
    """Return the JSON object in ``payload``.

    Raises ``MalformedPayloadError`` (a ``ValueError``) saying why when the payload is over
    ``MAX_PAYLOAD`` bytes, nests deeper than ``MAX_DEPTH`` levels, is not JSON (``NaN`` and
    ``Infinity`` are read as floats that the merge then drops), or is JSON but not an object.
    """
    if len(payload) > MAX_PAYLOAD:
        raise MalformedPayloadError(f"{len(payload)} bytes, more than a report ever takes")
    if too_deep(payload):
        raise MalformedPayloadError(f"nested more than {MAX_DEPTH} levels deep")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        text = payload.decode("latin-1")
    try:
        message = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise MalformedPayloadError(f"not JSON: {err}") from None
    if not isinstance(message, dict):
        raise MalformedPayloadError(f"a JSON {type(message).__name__}, not an object")
    return message
