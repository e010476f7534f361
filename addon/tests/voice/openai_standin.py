"""A local stand-in for the audio endpoints of an OpenAI-compatible API (aiohttp on 127.0.0.1).

Faithful to OpenAI's wire formats as the API reference documents them: ``POST
/v1/audio/transcriptions`` takes a multipart form (``file``, ``model``, ``language``,
``response_format``, ``stream``) and answers ``{"text": ...}``, or with ``stream=true`` server-sent
events ``transcript.text.delta`` then ``transcript.text.done``; ``POST /v1/audio/speech`` takes JSON
(``model``, ``input``, ``voice``, ``response_format``) and streams raw 24 kHz 16-bit mono PCM for
``pcm``; a wrong key gets HTTP 401 with ``{"error": {"message", "type", "param", "code"}}``.
It cannot understand speech: tests set the transcript it answers, and it checks the uploaded WAV.
Speech is made with ``espeak-ng`` and resampled to 24 kHz.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import time
import wave
from asyncio.subprocess import PIPE
from dataclasses import dataclass, field

from aiohttp import web
from wyoming.audio import AudioChunk, AudioChunkConverter

from holomat_addon.voice.audio import parse_wav

API_KEY = "sk-test-holomat"


@dataclass
class StandinState:
    """What the stand-in answers and what it received."""

    transcript: str = "Pause the printer."
    latency: float = 0.0
    uploads: list[dict[str, object]] = field(default_factory=list)
    speech_requests: list[dict[str, object]] = field(default_factory=list)
    # Seconds each request spent inside the stand-in before its first byte (benchmarks subtract).
    handling: list[float] = field(default_factory=list)
    # Break the connection after the first piece of speech (a server crashing mid-reply).
    cut_speech: bool = False


def _unauthorized() -> web.Response:
    """Answer like OpenAI does for a wrong key."""
    body = {
        "error": {
            "message": "Incorrect API key provided: sk-wrong. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_api_key",
        }
    }
    return web.json_response(body, status=401)


def make_app(state: StandinState) -> web.Application:
    """Return the stand-in's aiohttp application."""

    def authorized(request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {API_KEY}"

    async def transcriptions(request: web.Request) -> web.StreamResponse:
        started = time.perf_counter()
        if not authorized(request):
            return _unauthorized()
        form = await request.post()
        upload = form["file"]
        assert isinstance(upload, web.FileField)
        with wave.open(io.BytesIO(upload.file.read()), "rb") as wav:
            info: dict[str, object] = {
                "rate": wav.getframerate(),
                "width": wav.getsampwidth(),
                "channels": wav.getnchannels(),
                "frames": wav.getnframes(),
                "model": form.get("model"),
                "language": form.get("language"),
                "stream": form.get("stream"),
            }
        state.uploads.append(info)
        await asyncio.sleep(state.latency)
        if form.get("stream") != "true":
            state.handling.append(time.perf_counter() - started)
            return web.json_response({"text": state.transcript})
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        for word in state.transcript.split(" "):
            delta = {"type": "transcript.text.delta", "delta": word + " "}
            await response.write(f"data: {json.dumps(delta)}\n\n".encode())
        done = {"type": "transcript.text.done", "text": state.transcript}
        await response.write(f"data: {json.dumps(done)}\n\n".encode())
        await response.write_eof()
        return response

    async def speech(request: web.Request) -> web.StreamResponse:
        started = time.perf_counter()
        if not authorized(request):
            return _unauthorized()
        body = await request.json()
        state.speech_requests.append(body)
        await asyncio.sleep(state.latency)
        espeak = await asyncio.create_subprocess_exec(
            "espeak-ng", "--stdout", "-v", "en-us", stdin=PIPE, stdout=PIPE
        )
        wav, _ = await espeak.communicate(body["input"].encode())
        fmt, pcm = parse_wav(wav)
        pcm = AudioChunkConverter(24000, 2, 1).convert(AudioChunk(fmt.rate, 2, 1, pcm)).audio
        response = web.StreamResponse(headers={"Content-Type": "audio/pcm"})
        await response.prepare(request)
        state.handling.append(time.perf_counter() - started)
        # Odd-sized pieces, as HTTP chunking does not respect sample boundaries.
        for start in range(0, len(pcm), 4001):
            await response.write(pcm[start : start + 4001])
            if state.cut_speech:
                assert request.transport is not None
                request.transport.close()
                return response
        await response.write_eof()
        return response

    app = web.Application()
    app.router.add_post("/v1/audio/transcriptions", transcriptions)
    app.router.add_post("/v1/audio/speech", speech)
    return app


def main() -> None:
    """Serve the stand-in on 127.0.0.1 (for the integration's tests, which run in another env)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--transcript", default=StandinState.transcript)
    args = parser.parse_args()
    web.run_app(
        make_app(StandinState(transcript=args.transcript)),
        host="127.0.0.1",
        port=args.port,
        print=None,
    )


if __name__ == "__main__":
    main()
