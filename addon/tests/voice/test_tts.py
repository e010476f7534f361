"""Text-to-speech: espeak-ng and endpoint voices, streaming by sentence, cache and failures."""

from __future__ import annotations

import asyncio

import pytest
from wyoming.client import AsyncClient
from wyoming.info import Describe
from wyoming.tts import (
    Synthesize,
    SynthesizeChunk,
    SynthesizeStart,
    SynthesizeStop,
    SynthesizeVoice,
)

from .conftest import StartServer
from .openai_standin import StandinState
from .wyoming_client import read_until, request


def audio_of(events: list) -> bytes:  # type: ignore[type-arg]
    """Return the PCM of all audio chunks."""
    return b"".join(e.payload or b"" for e in events if e.type == "audio-chunk")


@pytest.mark.parametrize(
    ("voice", "text"), [("espeak-en", "Printer paused."), ("espeak-fr", "Impression en pause.")]
)
async def test_offline_voice(start_server: StartServer, voice: str, text: str) -> None:
    """Offline espeak-ng speaks English and French: one audio group at 22.05 kHz 16-bit mono."""
    uri = await start_server()
    events = await request(
        uri, Synthesize(text, voice=SynthesizeVoice(voice)).event(), until="audio-stop"
    )
    types = [e.type for e in events]
    assert types[0] == "audio-start"
    assert types[-1] == "audio-stop"
    assert set(types[1:-1]) == {"audio-chunk"}
    assert events[0].data["rate"] == 22050
    assert len(audio_of(events)) > 22050  # more than half a second of speech


async def test_default_voice_and_language_as_name(start_server: StartServer) -> None:
    """No voice gives the default; a bare language (wyoming 1.7 clients) picks a voice for it."""
    uri = await start_server()
    plain = await request(uri, Synthesize("Hello.").event(), until="audio-stop")
    french = await request(
        uri, Synthesize("Bonjour.", voice=SynthesizeVoice("fr")).event(), until="audio-stop"
    )
    assert audio_of(plain)
    assert audio_of(french)


async def test_phrase_cache(start_server: StartServer) -> None:
    """A phrase said again is served from the cache with the same audio."""
    uri = await start_server()
    event = Synthesize("The print is done.", voice=SynthesizeVoice("espeak-en")).event()
    first = await request(uri, event, until="audio-stop")
    second = await request(uri, event, until="audio-stop")
    assert audio_of(first) == audio_of(second)


async def test_endpoint_voice(
    start_server: StartServer, standin: tuple[str, StandinState], api_key: str
) -> None:
    """The ballad voice goes to /v1/audio/speech as pcm and comes back at 24 kHz, whole samples."""
    url, state = standin
    uri = await start_server(openai_url=url, openai_api_key=api_key)
    events = await request(
        uri,
        Synthesize("Printer paused.", voice=SynthesizeVoice("ballad")).event(),
        until="audio-stop",
    )
    assert events[0].data["rate"] == 24000
    assert all(len(e.payload or b"") % 2 == 0 for e in events if e.type == "audio-chunk")
    assert state.speech_requests == [
        {
            "model": "gpt-4o-mini-tts",
            "input": "Printer paused.",
            "voice": "ballad",
            "response_format": "pcm",
        }
    ]


async def test_streaming_first_sentence_before_text_ends(start_server: StartServer) -> None:
    """The first sentence is spoken while text still arrives; one format; synthesize-stopped."""
    uri = await start_server()
    async with AsyncClient.from_uri(uri) as client:
        await client.write_event(SynthesizeStart(voice=SynthesizeVoice("espeak-en")).event())
        for piece in ["The printer ", "is paused. ", "It was at forty"]:
            await client.write_event(SynthesizeChunk(piece).event())
        first = await asyncio.wait_for(read_until(client, "audio-stop"), timeout=5)
        assert first[0].type == "audio-start"
        assert audio_of(first)
        # The rest of the text only now arrives.
        await client.write_event(SynthesizeChunk(" two percent.").event())
        full = "The printer is paused. It was at forty two percent."
        await client.write_event(Synthesize(full).event())
        await client.write_event(SynthesizeStop().event())
        rest = await read_until(client, "synthesize-stopped")
    types = [e.type for e in rest]
    # Exactly one more sentence group: the compatibility synthesize was ignored.
    assert types.count("audio-start") == 1
    assert types[-1] == "synthesize-stopped"
    assert {e.data["rate"] for e in first + rest if e.type == "audio-start"} == {22050}


async def test_streaming_endpoint_failure(
    start_server: StartServer, standin: tuple[str, StandinState]
) -> None:
    """A refused key during streaming is an error event; the server then serves others."""
    url, _ = standin
    uri = await start_server(openai_url=url, openai_api_key="sk-wrong")
    async with AsyncClient.from_uri(uri) as client:
        await client.write_event(SynthesizeStart(voice=SynthesizeVoice("echo")).event())
        await client.write_event(SynthesizeChunk("Hello there. ").event())
        events = await read_until(client, "synthesize-stopped")
    assert events[-1].type == "error"
    assert events[-1].data["code"] == "endpoint-auth"
    assert (await request(uri, Describe().event(), until="info"))[-1].type == "info"


async def test_unknown_voice(start_server: StartServer) -> None:
    """An unknown voice is an error naming the voices there are."""
    uri = await start_server()
    events = await request(
        uri, Synthesize("Hi.", voice=SynthesizeVoice("nova")).event(), until="audio-stop"
    )
    assert events[-1].data["code"] == "unsupported-request"
    assert "espeak-en, espeak-fr" in events[-1].data["text"]


async def test_endpoint_unreachable_tts(start_server: StartServer) -> None:
    """An unreachable speech endpoint gives a readable error."""
    uri = await start_server(openai_url="http://127.0.0.1:9/v1")
    events = await request(
        uri, Synthesize("Hi.", voice=SynthesizeVoice("echo")).event(), until="audio-stop"
    )
    assert events[-1].data["code"] == "endpoint-unreachable"


async def test_unknown_events_ignored(start_server: StartServer) -> None:
    """Events from newer clients are ignored, the connection keeps working."""
    from wyoming.event import Event

    uri = await start_server()
    events = await request(uri, Event("future-thing"), Describe().event(), until="info")
    assert [e.type for e in events] == ["info"]


async def test_endpoint_breaks_off(
    start_server: StartServer, standin: tuple[str, StandinState], api_key: str
) -> None:
    """An endpoint that drops the connection mid-audio gives an error event."""
    url, state = standin
    state.cut_speech = True
    uri = await start_server(openai_url=url, openai_api_key=api_key)
    events = await request(
        uri,
        Synthesize("Printer paused.", voice=SynthesizeVoice("echo")).event(),
        until="audio-stop",
    )
    assert events[-1].type == "error"
    assert events[-1].data["code"] == "endpoint-error"
    assert "broke off" in events[-1].data["text"]


async def test_language_only_voice(start_server: StartServer) -> None:
    """A voice given only by language (wyoming 1.10 clients) gets a voice of that language."""
    uri = await start_server()
    event = Synthesize("Bonjour.", voice=SynthesizeVoice(language="fr")).event()
    french = await request(uri, event, until="audio-stop")
    english = await request(
        uri, Synthesize("Bonjour.", voice=SynthesizeVoice("espeak-en")).event(), until="audio-stop"
    )
    assert audio_of(french)
    assert audio_of(french) != audio_of(english)


async def test_later_sentences_synthesized_ahead(
    start_server: StartServer, standin: tuple[str, StandinState], api_key: str
) -> None:
    """While the first sentence plays, the next ones are already being synthesized, in order."""
    url, state = standin
    state.latency = 0.2
    uri = await start_server(openai_url=url, openai_api_key=api_key)
    sentences = ["The printer is paused.", "It was at forty two percent.", "Say resume."]
    async with AsyncClient.from_uri(uri) as client:
        await client.write_event(SynthesizeStart(voice=SynthesizeVoice("ballad")).event())
        for sentence in sentences:
            await client.write_event(SynthesizeChunk(sentence + " ").event())
        first = await read_until(client, "audio-chunk")
        # The endpoint answers after 0.2 s: all three requests were made before any audio.
        assert [r["input"] for r in state.speech_requests] == sentences
        await client.write_event(SynthesizeStop().event())
        rest = await read_until(client, "synthesize-stopped")
    events = first + rest
    assert [e.type for e in events].count("audio-start") == 3
    assert events[-1].type == "synthesize-stopped"


async def test_failed_sentence_ahead(
    start_server: StartServer, standin: tuple[str, StandinState]
) -> None:
    """A sentence synthesized ahead that fails is reported when its turn comes."""
    url, _ = standin
    uri = await start_server(openai_url=url, openai_api_key="sk-wrong", cache_mb=0)
    async with AsyncClient.from_uri(uri) as client:
        await client.write_event(SynthesizeStart(voice=SynthesizeVoice("echo")).event())
        await client.write_event(SynthesizeChunk("One. Two. Three. ").event())
        events = await read_until(client, "synthesize-stopped")
    assert events[-1].data["code"] == "endpoint-auth"
