"""Clients that leave mid-request: their ``espeak-ng`` is killed, nothing is kept for them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from functools import partial

import pytest
from wyoming.client import AsyncClient
from wyoming.server import AsyncServer
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeVoice

from holomat_addon.options import VoiceSettings
from holomat_addon.voice.espeak import espeak_synthesize
from holomat_addon.voice.handler import VoiceEventHandler
from holomat_addon.voice.service import VoiceService
from holomat_addon.voice.sphinx import CommandRecognizer

from .conftest import free_port
from .raw_client import child_processes
from .wyoming_client import request

# About 0.6 s of espeak-ng work on the dev machine (ten minutes of speech).
LONG_TEXT = ("The printer is paused now and it was at forty two percent. " * 170)[:9_900]


async def espeak_started() -> list[int]:
    """Wait until an espeak-ng child runs; return its ids."""
    async with asyncio.timeout(10):
        while not (pids := child_processes("espeak-ng")):  # noqa: ASYNC110 -- polls /proc
            await asyncio.sleep(0.005)
    return pids


async def espeak_gone() -> None:
    """Wait until no espeak-ng child is left (running or unreaped)."""
    async with asyncio.timeout(10):
        while child_processes("espeak-ng"):  # noqa: ASYNC110 -- polls /proc
            await asyncio.sleep(0.01)


@pytest.fixture
async def served(recognizer: CommandRecognizer) -> AsyncIterator[tuple[str, VoiceService]]:
    """Run a real offline server; yield its URI and service (to look at its phrase cache)."""
    service = VoiceService(VoiceSettings(), recognizer)
    uri = f"tcp://127.0.0.1:{free_port()}"
    server = AsyncServer.from_uri(uri)
    await server.start(partial(VoiceEventHandler, service))
    yield uri, service
    await server.stop()


async def test_cancelled_synthesis_kills_espeak() -> None:
    """Cancelling a synthesis kills and reaps its espeak-ng before the cancellation returns."""
    task = asyncio.create_task(espeak_synthesize(LONG_TEXT, "en-us"))
    await espeak_started()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert child_processes("espeak-ng") == []


async def test_plain_synthesize_abandoned(served: tuple[str, VoiceService]) -> None:
    """A client that leaves during a plain synthesize stops its espeak-ng: nothing is cached."""
    uri, service = served
    async with AsyncClient.from_uri(uri) as client:
        await client.write_event(Synthesize(LONG_TEXT, SynthesizeVoice("espeak-en")).event())
        await espeak_started()
    await espeak_gone()
    # Had espeak-ng run to its end, its audio would be in the cache.
    assert len(service.cache) == 0
    events = await request(uri, Synthesize("Still here.").event(), until="audio-stop")
    assert events[-1].type == "audio-stop"


async def test_stream_abandoned(served: tuple[str, VoiceService]) -> None:
    """A client that leaves mid-stream stops the sentences being spoken and those ahead."""
    uri, service = served
    async with AsyncClient.from_uri(uri) as client:
        await client.write_event(SynthesizeStart(SynthesizeVoice("espeak-en")).event())
        for sentence in range(4):
            text = f"Sentence {sentence}. {LONG_TEXT[:2_000]}\n"
            await client.write_event(SynthesizeChunk(text).event())
        await espeak_started()
    await espeak_gone()
    assert len(service.cache) == 0
