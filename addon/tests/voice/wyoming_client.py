"""Small helpers that talk Wyoming to the server under test as Home Assistant does."""

from __future__ import annotations

import asyncio

from wyoming.asr import Transcribe
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncClient
from wyoming.event import Event


async def read_until(client: AsyncClient, *types: str) -> list[Event]:
    """Read events until one of ``types`` (or ``error``) arrives or the server closes.

    Raises ``TimeoutError`` after 30 s: a server that never answers fails the test, not hangs it.
    """
    events = []
    async with asyncio.timeout(30):
        while (event := await client.read_event()) is not None:
            events.append(event)
            if event.type in (*types, "error"):
                break
    return events


async def transcribe(
    uri: str,
    pcm: bytes,
    *,
    language: str | None = "en",
    rate: int = 16000,
    width: int = 2,
    channels: int = 1,
) -> list[Event]:
    """Send one utterance; return the events up to ``transcript``/``transcript-stop``/``error``."""
    async with AsyncClient.from_uri(uri) as client:
        await client.write_event(Transcribe(language=language).event())
        await client.write_event(AudioStart(rate, width, channels).event())
        size = 2048 * width * channels
        for start in range(0, len(pcm), size):
            chunk = AudioChunk(rate, width, channels, pcm[start : start + size])
            await client.write_event(chunk.event())
        await client.write_event(AudioStop().event())
        events = await read_until(client, "transcript")
        if events and events[-1].type == "transcript" and events[0].type == "transcript-start":
            events += await read_until(client, "transcript-stop")
        return events


async def request(uri: str, *events: Event, until: str) -> list[Event]:
    """Send ``events`` on one connection and read the reply up to ``until``."""
    async with AsyncClient.from_uri(uri) as client:
        for event in events:
            await client.write_event(event)
        return await read_until(client, until)
