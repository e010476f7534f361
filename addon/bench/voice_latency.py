"""Voice latency benchmark (not a test): prints figures. Run from addon/ in the add-on's env.

    cd addon && .venv/bin/python -m bench.voice_latency [--runs 20] [--stt-ms 150] [--tts-ms 100]

A client speaks Wyoming to the real server on 127.0.0.1 exactly as HA's core ``wyoming``
integration does; the OpenAI-compatible stand-in (tests/voice/openai_standin.py) answers after a
fixed latency. Figures:

- STT: from ``audio-stop`` (end of speech) to ``transcript``; HoloMat's share = that minus the time
  the request spent inside the stand-in (its fixed latency and work): WAV packing, noise check,
  HTTP on loopback, Wyoming framing.
- TTS streamed: from the ``synthesize-chunk`` that completes the model's first sentence to the first
  ``audio-chunk``; share = that minus the time inside the stand-in (sentence split, request,
  framing).
- Offline: the same with pocketsphinx and espeak-ng (all of it is ours).
- End of speech to first TTS audio = STT + TTS first audio (the agent's time to its first sentence
  excluded: that is the model's).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import time
from functools import partial

import aiohttp
from aiohttp import web
from wyoming.asr import Transcribe
from wyoming.audio import AudioChunk, AudioChunkConverter, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.server import AsyncServer
from wyoming.tts import SynthesizeChunk, SynthesizeStart, SynthesizeStop, SynthesizeVoice

from holomat_addon.voice.audio import parse_wav
from holomat_addon.voice.handler import VoiceEventHandler
from holomat_addon.voice.service import VoiceService
from holomat_addon.voice.settings import VoiceSettings
from holomat_addon.voice.sphinx import CommandRecognizer
from tests.voice.openai_standin import API_KEY, StandinState, make_app

REPLY = ["The printer ", "is paused", " now. ", "It was at ", "forty two percent."]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _speech(text: str) -> bytes:
    wav = subprocess.run(["espeak-ng", "--stdout", text], capture_output=True, check=True).stdout
    fmt, pcm = parse_wav(wav)
    return AudioChunkConverter(16000, 2, 1).convert(AudioChunk(fmt.rate, 2, 1, pcm)).audio


async def _stt(port: int, pcm: bytes) -> float:
    """Return seconds from audio-stop to transcript."""
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Transcribe(language="en").event())
        await client.write_event(AudioStart(16000, 2, 1).event())
        for start in range(0, len(pcm), 2048):
            await client.write_event(AudioChunk(16000, 2, 1, pcm[start : start + 2048]).event())
        start_time = time.perf_counter()
        await client.write_event(AudioStop().event())
        while (event := await client.read_event()) is not None:
            if event.type in ("transcript", "error"):
                assert event.type == "transcript", event.data
                return time.perf_counter() - start_time
    raise RuntimeError("no transcript")


async def _tts_first_audio(port: int, voice: str, run: int) -> float:
    """Return seconds from the chunk ending the first sentence to the first audio-chunk."""
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(SynthesizeStart(voice=SynthesizeVoice(voice)).event())
        # A different reply each run so the phrase cache does not answer.
        pieces = [*REPLY[:2], REPLY[2].replace("now", f"now {run}"), *REPLY[3:]]
        for piece in pieces[:2]:
            await client.write_event(SynthesizeChunk(piece).event())
        start_time = time.perf_counter()
        await client.write_event(SynthesizeChunk(pieces[2]).event())
        first = None
        while (event := await client.read_event()) is not None:
            if event.type == "audio-chunk" and first is None:
                first = time.perf_counter() - start_time
                for piece in pieces[3:]:
                    await client.write_event(SynthesizeChunk(piece).event())
                await client.write_event(SynthesizeStop().event())
            if event.type in ("synthesize-stopped", "error"):
                break
        assert first is not None
        return first


def _line(name: str, values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"{name:<56} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms"


async def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--stt-ms", type=float, default=150)
    parser.add_argument("--tts-ms", type=float, default=100)
    args = parser.parse_args()
    state = StandinState(transcript="Pause the printer.", latency=0)
    runner = web.AppRunner(make_app(state))
    await runner.setup()
    standin_port = _port()
    await web.TCPSite(runner, "127.0.0.1", standin_port).start()
    recognizer = CommandRecognizer()
    servers = []
    ports = {}
    async with aiohttp.ClientSession() as session:
        for name, settings in {
            "endpoint": VoiceSettings(
                openai_url=f"http://127.0.0.1:{standin_port}/v1", openai_api_key=API_KEY
            ),
            "offline": VoiceSettings(),
        }.items():
            ports[name] = _port()
            server = AsyncServer.from_uri(f"tcp://127.0.0.1:{ports[name]}")
            await server.start(
                partial(VoiceEventHandler, VoiceService(settings, recognizer, session))
            )
            servers.append(server)
        pcm = _speech("pause the printer")
        # Warm up both paths once.
        await _stt(ports["endpoint"], pcm)
        await _tts_first_audio(ports["endpoint"], "echo", -1)
        state.latency = args.stt_ms / 1000
        state.handling.clear()
        stt = [await _stt(ports["endpoint"], pcm) for _ in range(args.runs)]
        stt_share = [t - h for t, h in zip(stt, state.handling, strict=True)]
        state.latency = args.tts_ms / 1000
        state.handling.clear()
        tts = [await _tts_first_audio(ports["endpoint"], "echo", i) for i in range(args.runs)]
        tts_share = [t - h for t, h in zip(tts, state.handling, strict=True)]
        stt_off = [await _stt(ports["offline"], pcm) for _ in range(args.runs)]
        tts_off = [
            await _tts_first_audio(ports["offline"], "espeak-en", i) for i in range(args.runs)
        ]
        for server in servers:
            await server.stop()
    await runner.cleanup()
    print(f"{args.runs} runs; stand-in latency STT {args.stt_ms:.0f} ms, TTS {args.tts_ms:.0f} ms")
    print(f"speech: {len(pcm) / 32000:.2f} s of espeak-ng 'pause the printer'")
    print(_line("STT end of speech -> transcript (endpoint)", stt))
    print(_line("  HoloMat's share (minus time inside the endpoint)", stt_share))
    print(_line("TTS first sentence -> first audio (endpoint)", tts))
    print(_line("  HoloMat's share (minus time inside the endpoint)", tts_share))
    total = [a + b for a, b in zip(stt, tts, strict=True)]
    print(_line("end of speech -> first audio, without the agent", total))
    shares = [a + b for a, b in zip(stt_share, tts_share, strict=True)]
    print(_line("  HoloMat's share", shares))
    print(_line("offline STT (pocketsphinx) end of speech -> transcript", stt_off))
    print(_line("offline TTS (espeak-ng) first sentence -> first audio", tts_off))


if __name__ == "__main__":
    asyncio.run(main())
