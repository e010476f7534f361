"""Fixtures: real espeak-ng audio, the OpenAI-compatible stand-in and the real Wyoming server."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from functools import partial

import aiohttp
import pytest
from aiohttp import web
from wyoming.audio import AudioChunk, AudioChunkConverter
from wyoming.server import AsyncServer

from holomat_addon.options import VoiceSettings
from holomat_addon.voice.audio import parse_wav
from holomat_addon.voice.handler import VoiceEventHandler
from holomat_addon.voice.service import VoiceService
from holomat_addon.voice.sphinx import CommandRecognizer
from holomat_addon.voice.wake import WakeWord, bundled_wake_words

from .openai_standin import API_KEY, StandinState, make_app


def speak(text: str, voice: str = "en-us", rate: int = 16000, *options: str) -> bytes:
    """Return ``text`` spoken by espeak-ng as 16-bit mono PCM at ``rate``.

    ``options`` go to espeak-ng as they are (``-s`` words per minute, ``-p`` pitch 0-99).
    """
    wav = subprocess.run(
        ["espeak-ng", "--stdout", "-v", voice, *options, text], capture_output=True, check=True
    ).stdout
    fmt, pcm = parse_wav(wav)
    return AudioChunkConverter(rate, 2, 1).convert(AudioChunk(fmt.rate, 2, 1, pcm)).audio


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def recognizer() -> CommandRecognizer:
    """Load the offline recognizer once (with a few entity names)."""
    return CommandRecognizer(["kitchen", "garage"])


@pytest.fixture(scope="session")
def wake_words() -> list[WakeWord]:
    """Load the bundled wake word model once."""
    return bundled_wake_words()


@pytest.fixture
async def standin() -> AsyncIterator[tuple[str, StandinState]]:
    """Run the OpenAI-compatible stand-in on 127.0.0.1; yield its base URL and state."""
    state = StandinState()
    runner = web.AppRunner(make_app(state))
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    yield f"http://127.0.0.1:{port}/v1", state
    await runner.cleanup()


StartServer = Callable[..., Awaitable[str]]


@pytest.fixture
async def start_server(
    recognizer: CommandRecognizer, wake_words: list[WakeWord]
) -> AsyncIterator[StartServer]:
    """Start real Wyoming servers on 127.0.0.1 with given settings; yield a starter → URI."""
    servers: list[AsyncServer] = []
    session = aiohttp.ClientSession()

    async def start(settings: VoiceSettings | None = None, **changes: object) -> str:
        settings = replace(settings or VoiceSettings(), **changes)
        service = VoiceService(settings, recognizer, session, wake_words)
        uri = f"tcp://127.0.0.1:{free_port()}"
        server = AsyncServer.from_uri(uri)
        await server.start(partial(VoiceEventHandler, service))
        servers.append(server)
        return uri

    yield start
    for server in servers:
        await server.stop()
    await session.close()


@pytest.fixture
def api_key() -> str:
    """Return the key the stand-in accepts."""
    return API_KEY
