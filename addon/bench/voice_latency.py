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

Hostile clients (``--hostile-only`` runs just these), against the real server started as its own
process (``python -m holomat_addon.voice``) so that its memory and children are its own:

- peak RSS of the server after one 8 MB ``audio-chunk`` (1 kHz 8-bit mono, the format that grows
  most in conversion), against its RSS at rest;
- ``describe`` round trips of other clients while one client streams 1.5 MB of text without a
  sentence end in ``synthesize-chunk`` events of ``--piece`` characters (1024), against at rest;
- the sentence splitter alone on those 1.5 MB (CPU seconds: linear, not quadratic);
- ``espeak-ng`` processes left 0.2 s after 8 clients each asked for ten minutes of speech and left.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
import statistics
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import aiohttp
from aiohttp import web
from wyoming.asr import Transcribe
from wyoming.audio import AudioChunk, AudioChunkConverter, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.info import Describe
from wyoming.server import AsyncServer
from wyoming.tts import (
    Synthesize,
    SynthesizeChunk,
    SynthesizeStart,
    SynthesizeStop,
    SynthesizeVoice,
)

from holomat_addon.options import VoiceSettings
from holomat_addon.voice.audio import parse_wav
from holomat_addon.voice.handler import VoiceEventHandler
from holomat_addon.voice.service import VoiceService
from holomat_addon.voice.sphinx import CommandRecognizer
from holomat_addon.voice.text import SentenceSplitter
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


def _status(pid: int, key: str) -> int:
    """Return a ``/proc/<pid>/status`` figure in MB (``VmRSS``, ``VmHWM``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) // 1024
    raise KeyError(key)


def _espeak_children(pid: int) -> int:
    """Return how many espeak-ng processes ``pid`` has (running or unreaped)."""
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            text = stat.read_text()
            parent = int(text[text.rindex(")") + 2 :].split()[1])
            count += parent == pid and "(espeak-ng)" in text
    return count


async def _describe_ms(port: int) -> float:
    """Return one describe round trip on a new connection, in ms."""
    start = time.perf_counter()
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Describe().event())
        while (event := await client.read_event()) is not None and event.type != "info":
            pass
    return (time.perf_counter() - start) * 1000


async def _server(port: int) -> asyncio.subprocess.Process:
    """Start the offline voice server as its own process; return once it answers."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "holomat_addon.voice",
        "--uri",
        f"tcp://127.0.0.1:{port}",
        "--options",
        "/nonexistent/options.json",
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        with contextlib.suppress(OSError):
            await _describe_ms(port)
            return process
        await asyncio.sleep(0.1)
    raise RuntimeError("voice server did not start")


async def _big_chunk(port: int) -> None:
    """Send one 8 MB audio-chunk at 1 kHz 8-bit mono, then read the reply."""
    with contextlib.suppress(OSError):
        async with AsyncTcpClient("127.0.0.1", port) as client:
            await client.write_event(AudioStart(1000, 1, 1).event())
            await client.write_event(AudioChunk(1000, 1, 1, bytes(8 * 1024 * 1024)).event())
            await client.write_event(AudioStop().event())
            while (event := await client.read_event()) is not None:
                if event.type in ("transcript", "error"):
                    break


def _piece(size: int) -> str:
    """Return ``size`` characters of words without a sentence end."""
    return ("word " * (size // 5 + 1))[: size - 1] + "w"


async def _stream_text(port: int, size: int, piece: str) -> float:
    """Stream ``size`` characters without a sentence end in ``piece``s; return seconds taken."""
    start = time.perf_counter()
    with contextlib.suppress(OSError):
        async with AsyncTcpClient("127.0.0.1", port) as client:
            await client.write_event(SynthesizeStart().event())
            for _ in range(size // len(piece)):
                await client.write_event(SynthesizeChunk(piece).event())
            await client.write_event(SynthesizeStop().event())
            while (event := await client.read_event()) is not None:
                if event.type in ("synthesize-stopped", "error"):
                    break
    return time.perf_counter() - start


async def _probe(port: int, until: asyncio.Task[float], at_least: float) -> list[float]:
    """Return describe round trips (ms) every 50 ms until ``until`` ends, for ``at_least`` s."""
    rounds = []
    end = time.perf_counter() + at_least
    while not until.done() or time.perf_counter() < end:
        rounds.append(await _describe_ms(port))
        await asyncio.sleep(0.05)
    return rounds


async def _abandon(port: int, text: str) -> None:
    """Ask for ``text`` and leave before the audio comes."""
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Synthesize(text, SynthesizeVoice("espeak-en")).event())
        await asyncio.sleep(0.1)


def _ms(values: list[float]) -> str:
    """Return median / p95 / max of ``values`` (ms)."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    return f"median {median:7.1f} ms   p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms"


async def hostile(piece_size: int) -> None:
    """Print the hostile-client figures."""
    port = _port()
    process = await _server(port)
    try:
        rss = _status(process.pid, "VmRSS")
        await _big_chunk(port)
        await asyncio.sleep(0.2)
        peak = _status(process.pid, "VmHWM")
        print(f"{'server RSS at rest':<56} {rss:7d} MB")
        print(f"{'server peak RSS after one 8 MB audio-chunk':<56} {peak:7d} MB (+{peak - rss} MB)")
        rest = [await _describe_ms(port) for _ in range(20)]
        print(f"{'describe round trip at rest':<56} {_ms(rest)}")
        piece = _piece(piece_size)
        stream = asyncio.create_task(_stream_text(port, 1_500_000, piece))
        during = await _probe(port, stream, at_least=2.0)
        took = await stream
        print(f"{'describe while a client streams 1.5 MB of text':<56} {_ms(during)}")
        print(f"{'  (that client was done after)':<56} {took:7.2f} s")
        splitter = SentenceSplitter()
        start = time.perf_counter()
        for _ in range(1_500_000 // len(piece)):
            splitter.feed(piece)
        split_s = time.perf_counter() - start
        print(f"{'SentenceSplitter alone on those 1.5 MB':<56} {split_s:7.2f} s")
        text = ("The printer is paused now and it was at forty two percent. " * 170)[:9_900]
        await asyncio.gather(*(_abandon(port, f"{n} {text}") for n in range(8)))
        await asyncio.sleep(0.2)
        left = _espeak_children(process.pid)
        print(f"{'espeak-ng left 0.2 s after 8 abandoned clients':<56} {left:7d}")
    finally:
        process.terminate()
        await process.wait()


def _args() -> argparse.Namespace:
    """Return the command-line arguments."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--stt-ms", type=float, default=150)
    parser.add_argument("--tts-ms", type=float, default=100)
    parser.add_argument("--hostile-only", action="store_true")
    parser.add_argument("--piece", type=int, default=1024, help="characters per streamed chunk")
    return parser.parse_args()


async def main() -> None:
    """Run the benchmark and print the figures."""
    args = _args()
    if args.hostile_only:
        await hostile(args.piece)
        return
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
    await hostile(args.piece)


if __name__ == "__main__":
    asyncio.run(main())
