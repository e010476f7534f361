"""Limits the HTTP server puts on each connection and request, whatever a client sends."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HttpLimits:
    """What one client may cost the server; the defaults suit Home Assistant on a LAN.

    ``header_timeout_s``: seconds from connecting to the end of the first request head
    (slowloris); ``keepalive_timeout_s``: seconds an idle kept-alive connection may take to
    finish its next request head (longer than aiohttp clients' 15 s pool, so a client never
    reuses a connection the server is closing); ``upload_timeout_s``: seconds to receive a
    whole upload once its job slot is reserved. ``max_fields``: multipart parts or JSON keys
    per request; ``max_field_bytes``: bytes of one parameter value; ``max_json_depth``:
    nesting of a JSON body (an object of scalars is depth 1); ``echo_chars``: characters of a
    client's value quoted back in an error message.
    """

    header_timeout_s: float = 10.0
    keepalive_timeout_s: float = 30.0
    upload_timeout_s: float = 120.0
    max_fields: int = 16
    max_field_bytes: int = 64
    max_json_depth: int = 4
    echo_chars: int = 64


def clip(value: object, limit: int) -> str:
    """Return ``repr(value)`` cut to ``limit`` characters, marked with ``…`` when cut."""

    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[:limit] + "…"
