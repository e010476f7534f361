"""Malformed and oversized events: an ``error`` event, the connection closed, others served."""

from __future__ import annotations

import json

import pytest
from wyoming.audio import AudioChunk, AudioStart
from wyoming.client import AsyncClient
from wyoming.info import Describe
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop

from holomat_addon.voice.text import MAX_TTS_CHARS

from .conftest import StartServer
from .raw_client import exchange
from .wyoming_client import read_until, request


def header(**fields: object) -> bytes:
    """Return one event header line."""
    return json.dumps(fields).encode() + b"\n"


async def assert_still_serving(uri: str) -> None:
    """Check that a new client still gets ``info``."""
    events = await request(uri, Describe().event(), until="info")
    assert events[-1].type == "info"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"this is not json\n", id="not-json"),
        pytest.param(b"\xff\xfe{}\n", id="not-utf8"),
        pytest.param(b"[1, 2, 3]\n", id="header-not-object"),
        pytest.param(header(data={}), id="no-type"),
        pytest.param(header(type=5), id="type-not-text"),
        pytest.param(header(type="describe", data_length="12"), id="length-not-int"),
        pytest.param(header(type="describe", data_length=True), id="length-bool"),
        pytest.param(header(type="audio-chunk", payload_length=-5), id="negative-length"),
        pytest.param(header(type="describe", data=[1]), id="data-not-object"),
        pytest.param(header(type="describe", data_length=7) + b"[1,2,3]", id="block-not-object"),
        pytest.param(header(type="describe", data_length=5) + b"{nope", id="block-not-json"),
        pytest.param(b'{"type": "describe", "pad": "' + b"x" * 70_000, id="endless-header"),
        pytest.param(header(type="synthesize", data={}), id="synthesize-without-text"),
        pytest.param(header(type="synthesize", data={"text": 5}), id="text-not-text"),
        pytest.param(
            header(type="synthesize", data={"text": "Hi.", "voice": {"name": 7}}),
            id="voice-not-text",
        ),
        pytest.param(header(type="synthesize-chunk", data={"text": ["a"]}), id="chunk-not-text"),
        pytest.param(header(type="transcribe", data={"language": 5}), id="language-not-text"),
        pytest.param(header(type="audio-chunk", data={"rate": 16000}), id="chunk-without-format"),
    ],
)
async def test_malformed_event(start_server: StartServer, data: bytes) -> None:
    """Each malformed event is answered with ``malformed-event``, then the server closes."""
    uri = await start_server()
    events = await exchange(uri, data)
    assert [e.type for e in events] == ["error"]
    assert events[0].data["code"] == "malformed-event"
    assert events[0].data["text"]
    await assert_still_serving(uri)


async def test_oversized_chunk_refused_before_reading(start_server: StartServer) -> None:
    """An 8 MB audio-chunk is refused from its header alone: its payload is never read."""
    uri = await start_server()
    chunk = header(
        type="audio-chunk",
        data={"rate": 16000, "width": 2, "channels": 1},
        payload_length=8 * 1024 * 1024,
    )
    # Only the header is sent: a server that waited for the 8 MB would time out here.
    events = await exchange(uri, chunk)
    assert [e.type for e in events] == ["error"]
    assert events[0].data["code"] == "malformed-event"
    assert "over the limit" in events[0].data["text"]
    await assert_still_serving(uri)


@pytest.mark.parametrize(
    ("rate", "width", "channels"),
    [(16000, 2, 1), (1000, 1, 2)],
)
async def test_utterance_length_checked_before_conversion(
    start_server: StartServer, rate: int, width: int, channels: int
) -> None:
    """Over 60 s of audio in any format is refused (1 kHz 8-bit stereo would grow 16-fold)."""
    uri = await start_server()
    size = 1024 * 1024  # 32 s of 16 kHz 16-bit mono, 524 s of 1 kHz 8-bit stereo
    async with AsyncClient.from_uri(uri) as client:
        await client.write_event(AudioStart(rate, width, channels).event())
        for _ in range(3):
            await client.write_event(AudioChunk(rate, width, channels, bytes(size)).event())
        events = await read_until(client, "transcript")
    assert events[-1].type == "error"
    assert events[-1].data["code"] == "unsupported-audio"
    assert "longer than 60 s" in events[-1].data["text"]
    await assert_still_serving(uri)


async def test_long_synthesize_refused(start_server: StartServer) -> None:
    """A plain synthesize over the text limit is an error, not minutes of speech."""
    uri = await start_server()
    events = await request(
        uri, Synthesize("Hello there. " * (MAX_TTS_CHARS // 10)).event(), until="audio-stop"
    )
    assert [e.type for e in events] == ["error"]
    assert events[0].data["code"] == "text-too-long"
    await assert_still_serving(uri)


async def test_long_stream_refused(start_server: StartServer) -> None:
    """Streamed chunks adding up to more than the limit end in an error while they come in."""
    uri = await start_server()
    piece = "word " * 200  # 1000 characters, never a sentence end
    async with AsyncClient.from_uri(uri) as client:
        await client.write_event(SynthesizeStart().event())
        for _ in range(MAX_TTS_CHARS // len(piece) + 1):
            await client.write_event(SynthesizeChunk(piece).event())
        events = await read_until(client, "synthesize-stopped")
    assert [e.type for e in events] == ["error"]
    assert events[0].data["code"] == "text-too-long"
    await assert_still_serving(uri)


async def test_long_compatibility_synthesize_ignored_while_streaming(
    start_server: StartServer,
) -> None:
    """The full text HA sends while streaming is ignored, so it cannot trip the limit."""
    uri = await start_server()
    events = await request(
        uri,
        SynthesizeStart().event(),
        SynthesizeChunk("Done.").event(),
        Synthesize("x" * (MAX_TTS_CHARS + 1)).event(),
        SynthesizeStop().event(),
        until="synthesize-stopped",
    )
    assert events[-1].type == "synthesize-stopped"
    assert "error" not in [e.type for e in events]


async def test_second_stream_on_one_connection(start_server: StartServer) -> None:
    """A second synthesize-start before synthesize-stop is malformed (one stream at a time)."""
    uri = await start_server()
    events = await request(
        uri, SynthesizeStart().event(), SynthesizeStart().event(), until="synthesize-stopped"
    )
    assert events[-1].type == "error"
    assert events[-1].data["code"] == "malformed-event"


async def test_client_leaving_mid_event(start_server: StartServer) -> None:
    """A client that leaves in the middle of a payload is dropped quietly."""
    uri = await start_server()
    chunk = header(
        type="audio-chunk", data={"rate": 16000, "width": 2, "channels": 1}, payload_length=2048
    )
    assert await exchange(uri, chunk + bytes(100), close=True) == []
    await assert_still_serving(uri)
