"""Talk to the server under test with raw bytes, as a broken or hostile client would."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import urlparse

from wyoming.event import Event, async_read_event


async def exchange(uri: str, data: bytes, *, close: bool = False) -> list[Event]:
    """Send ``data``; return every event the server sends until it closes the connection.

    ``close`` half-closes our side after sending. Raises ``TimeoutError`` if the server neither
    answers nor closes within 10 s (it waited for bytes that never come).
    """
    url = urlparse(uri)
    assert url.hostname is not None
    assert url.port is not None
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    try:
        writer.write(data)
        await writer.drain()
        if close:
            writer.write_eof()
        events = []
        async with asyncio.timeout(10):
            while (event := await async_read_event(reader)) is not None:
                events.append(event)
        return events
    finally:
        writer.close()


def child_processes(name: str) -> list[int]:
    """Return the ids of this process's children called ``name`` (running or not yet reaped)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        comm = text[text.index("(") + 1 : text.rindex(")")]
        ppid = int(text[text.rindex(")") + 2 :].split()[1])
        if comm == name and ppid == os.getpid():
            found.append(int(stat.parent.name))
    return found
