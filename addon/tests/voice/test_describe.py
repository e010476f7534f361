"""The server describes itself as HA's core wyoming integration reads it, also when run as a CLI."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from pathlib import Path

import pytest
from aiohttp import web
from wyoming.info import Describe, Info

from holomat_addon import __version__
from holomat_addon.voice.health import check

from .conftest import StartServer, free_port, speak
from .wyoming_client import request, transcribe


async def test_describe_offline(start_server: StartServer) -> None:
    """Without an endpoint: offline STT (English commands) and espeak-ng voices (en, fr)."""
    uri = await start_server()
    (event,) = await request(uri, Describe().event(), until="info")
    info = Info.from_event(event)
    (asr,) = info.asr
    (model,) = asr.models
    assert model.name == "pocketsphinx-commands"
    assert model.languages == ["en"]
    assert "English only" in (model.description or "")
    (tts,) = info.tts
    assert tts.supports_synthesize_streaming
    assert {v.name: v.languages for v in tts.voices} == {"espeak-en": ["en"], "espeak-fr": ["fr"]}
    assert not info.handle
    assert [program.name for program in info.wake] == ["holomat-wake"]


async def test_describe_gives_the_addons_version(start_server: StartServer) -> None:
    """Both programs carry the add-on's one version."""
    uri = await start_server()
    (event,) = await request(uri, Describe().event(), until="info")
    info = Info.from_event(event)
    assert info.asr[0].version == info.tts[0].version == __version__


async def test_describe_with_endpoint(start_server: StartServer) -> None:
    """With an endpoint: its model (en, fr) comes first and OpenAI voices such as ballad appear."""
    uri = await start_server(openai_url="http://127.0.0.1:9/v1", stt_streaming=True)
    (event,) = await request(uri, Describe().event(), until="info")
    info = Info.from_event(event)
    assert [m.name for m in info.asr[0].models] == ["whisper-1", "pocketsphinx-commands"]
    assert info.asr[0].models[0].languages == ["en", "fr"]
    assert info.asr[0].supports_transcript_streaming
    voices = {v.name for v in info.tts[0].voices}
    assert {"echo", "ballad", "espeak-en", "espeak-fr"} <= voices


async def _describe_when_up(port: int) -> Info:
    """Wait until the server answers describe; return its info."""
    for _ in range(100):
        try:
            (event,) = await request(f"tcp://127.0.0.1:{port}", Describe().event(), until="info")
            return Info.from_event(event)
        except OSError:
            await asyncio.sleep(0.1)
    raise AssertionError("server never answered")


@pytest.mark.parametrize("status", [200, 403])
async def test_command_line_server(tmp_path: Path, status: int) -> None:
    """The CLI reads the options file, serves, and announces itself to the Supervisor.

    The Supervisor is a stand-in (aiohttp on 127.0.0.1) answering ``POST /discovery`` as the real
    one does: 200 with a uuid, or 403 when the service is not listed in config.yaml. A refusal is
    logged and the server keeps serving.
    """
    received: list[tuple[str | None, object]] = []

    async def discovery(request: web.Request) -> web.Response:
        received.append((request.headers.get("Authorization"), await request.json()))
        if status == 403:
            return web.json_response({"result": "error", "message": "no access"}, status=403)
        return web.json_response({"result": "ok", "data": {"uuid": "0123"}})

    app = web.Application()
    app.router.add_post("/discovery", discovery)
    runner = web.AppRunner(app)
    await runner.setup()
    supervisor_port = free_port()
    await web.TCPSite(runner, "127.0.0.1", supervisor_port).start()
    options = tmp_path / "options.json"
    options.write_text(json.dumps({"voice_command_names": ["kitchen"], "voice_cache_mb": 8}))
    names = tmp_path / "names.txt"
    names.write_text("workbench\n")
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "holomat_addon.voice",
        "--uri",
        f"tcp://127.0.0.1:{port}",
        "--options",
        str(options),
        "--names-file",
        str(names),
        "--discovery",
        "--supervisor-url",
        f"http://127.0.0.1:{supervisor_port}",
        env={**os.environ, "SUPERVISOR_TOKEN": "supervisor-token"},
    )
    try:
        info = await _describe_when_up(port)
        assert info.tts[0].name == "holomat-tts"
        # The wake word is announced with the rest: one server, one discovery.
        assert [model.name for model in info.wake[0].models] == ["hey_jarvis"]
        for _ in range(50):
            if received:
                break
            await asyncio.sleep(0.1)
        assert received == [
            (
                "Bearer supervisor-token",
                {"service": "wyoming", "config": {"uri": f"tcp://{socket.gethostname()}:{port}"}},
            )
        ]
        assert (await _describe_when_up(port)).asr[0].name == "holomat-stt"
        # Names from the options file and the names file are in the offline grammar.
        for command in ("turn on the workbench lights", "turn off the kitchen lights"):
            events = await transcribe(f"tcp://127.0.0.1:{port}", speak(command))
            assert events[-1].data["text"] == command
    finally:
        process.terminate()
        await process.wait()
        await runner.cleanup()


async def test_health_check(start_server: StartServer) -> None:
    """The health check passes on a serving server and fails where nothing listens."""
    uri = await start_server()
    assert await check(uri)
    assert not await check(f"tcp://127.0.0.1:{free_port()}")
