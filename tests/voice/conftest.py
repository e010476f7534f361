"""Fixtures: the add-on's Wyoming server as a subprocess, HA's wyoming entry, espeak-ng audio."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
import socket
import subprocess
import time

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

ADDON = Path(__file__).parents[2] / "addon"
FRENCH_COMMAND = "Mets l'imprimante en pause."
# An espeak-ng voice the bundled "hey jarvis" model hears (most do not: addon/bench/wake_word.py).
WAKE_VOICE = "en-gb-scotland+f2"


def speak(text: str, voice: str = "en-us") -> bytes:
    """Return ``text`` spoken by espeak-ng as 16 kHz 16-bit mono PCM (resampled by ffmpeg)."""
    wav = subprocess.run(
        ["espeak-ng", "--stdout", "-v", voice, text], capture_output=True, check=True
    ).stdout
    return subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-i", "-", "-ar", "16000", "-ac", "1", "-f", "s16le", "-"],
        input=wav,
        capture_output=True,
        check=True,
    ).stdout


def _free_port() -> int:
    """Return a TCP port free on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(args: list[str], port: int) -> subprocess.Popen[bytes]:
    """Start a server of the add-on's env (cwd ``addon/``) and wait until ``port`` answers."""
    process = subprocess.Popen([str(ADDON / ".venv/bin/python"), "-m", *args], cwd=ADDON)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.1)
        else:
            return process


def _stop(*processes: subprocess.Popen[bytes]) -> None:
    """Stop servers started by ``_start``."""
    for process in processes:
        process.terminate()
        process.wait(10)


def _voice_args(port: int, *extra: str) -> list[str]:
    """Return the arguments that run the add-on's Wyoming server on ``port``."""
    uri = f"tcp://127.0.0.1:{port}"
    return ["holomat_addon.voice", "--uri", uri, "--options", "/nonexistent.json", *extra]


@pytest.fixture
def addon_port(socket_enabled: None) -> Iterator[int]:
    """Run the add-on's Wyoming server (offline engines) from its own Python 3.11 env."""
    port = _free_port()
    process = _start(_voice_args(port), port)
    yield port
    _stop(process)


@pytest.fixture
def addon_with_endpoint_port(socket_enabled: None) -> Iterator[int]:
    """Run the add-on's server against its OpenAI-compatible stand-in, both as subprocesses.

    The stand-in (addon/tests/voice/openai_standin.py) cannot understand speech: it answers the
    French transcript of the test's utterance.
    """
    standin_port, port = _free_port(), _free_port()
    standin = _start(
        [
            "tests.voice.openai_standin",
            "--port",
            str(standin_port),
            "--transcript",
            FRENCH_COMMAND,
        ],
        standin_port,
    )
    url = f"http://127.0.0.1:{standin_port}/v1"
    server = _start(
        _voice_args(port, "--openai-url", url, "--openai-api-key", "sk-test-holomat"), port
    )
    yield port
    _stop(server, standin)


@pytest.fixture
async def ha(hass: HomeAssistant, tmp_path: Path) -> HomeAssistant:
    """Return HA with its TTS cache in ``tmp_path`` (never stale audio) and core set up."""
    hass.config.config_dir = str(tmp_path)
    assert await async_setup_component(hass, "homeassistant", {})
    return hass


@pytest.fixture
async def wyoming_entry(ha: HomeAssistant, addon_port: int) -> AsyncIterator[MockConfigEntry]:
    """Connect HA's core wyoming integration to the add-on's server."""
    entry = MockConfigEntry(domain="wyoming", data={"host": "127.0.0.1", "port": addon_port})
    entry.add_to_hass(ha)
    assert await ha.config_entries.async_setup(entry.entry_id)
    await ha.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    yield entry
    await ha.config_entries.async_unload(entry.entry_id)
