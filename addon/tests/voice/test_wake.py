"""The wake word service: "hey jarvis" heard offline, as HA's wyoming integration asks for it.

Speech is espeak-ng's. The bundled model was trained on natural-sounding voices and most espeak-ng
voices do not wake it (``bench/wake_word.py`` measures that); these tests check the protocol with
``WAKE_VOICE``, Scottish English with espeak-ng's second female variant, which it hears.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncClient
from wyoming.event import Event
from wyoming.info import Describe, Info
from wyoming.wake import Detect, Detection

from holomat_addon.options import VoiceSettings, settings_from_options
from holomat_addon.voice.wake import Trigger, bundled_wake_words

from .conftest import StartServer, speak
from .wyoming_client import read_until, request

WAKE_VOICE = "en-gb-scotland+f2"
SILENCE = bytes(2 * 16000)  # one second


def said(text: str, voice: str = WAKE_VOICE) -> bytes:
    """Return ``text`` spoken with one second of silence before and after (16 kHz mono)."""
    return SILENCE + speak(text, voice) + SILENCE


async def detect(
    uri: str,
    pcm: bytes,
    *,
    names: list[str] | None = None,
    rate: int = 16000,
    width: int = 2,
    channels: int = 1,
) -> list[Event]:
    """Stream ``pcm`` as HA does (``detect``, ``audio-start``, chunks, ``audio-stop``).

    Returns every event the server sent for it (a ``describe`` sent after the stream marks the
    end: events are answered in order, and after a detection the server keeps listening).
    """
    async with AsyncClient.from_uri(uri) as client:
        await client.write_event(Detect(names=names).event())
        await client.write_event(AudioStart(rate, width, channels).event())
        size = 1024 * width * channels
        for start in range(0, len(pcm), size):
            chunk = AudioChunk(rate, width, channels, pcm[start : start + size], timestamp=start)
            await client.write_event(chunk.event())
        await client.write_event(AudioStop().event())
        await client.write_event(Describe().event())
        events = await read_until(client, "info")
    assert events[-1].type in ("info", "error")
    return [event for event in events if event.type != "info"]


async def test_describe_offers_hey_jarvis(start_server: StartServer) -> None:
    """Describe lists one installed ``wake`` program with the bundled English model."""
    uri = await start_server()
    (event,) = await request(uri, Describe().event(), until="info")
    (program,) = Info.from_event(event).wake
    assert program.name == "holomat-wake"
    assert program.installed
    (model,) = program.models
    assert (model.name, model.phrase, model.languages) == ("hey_jarvis", "Hey Jarvis", ["en"])
    assert "0.97" in (model.description or "")


@pytest.mark.parametrize("names", [None, ["hey_jarvis"]])
async def test_hey_jarvis_detected(start_server: StartServer, names: list[str] | None) -> None:
    """The wake word is answered with one ``detection`` naming it, and no ``not-detected``."""
    uri = await start_server()
    events = await detect(uri, said("hey jarvis"), names=names)
    detections = [Detection.from_event(e) for e in events if Detection.is_type(e.type)]
    assert [d.name for d in detections] == ["hey_jarvis"]
    # The timestamp is that of the chunk the wake word ended in: within the spoken part.
    assert detections[0].timestamp is not None
    assert len(SILENCE) < detections[0].timestamp < len(said("hey jarvis"))
    assert [e.type for e in events] == ["detection"]


@pytest.mark.parametrize(
    "text",
    [
        "turn on the kitchen lights",
        "what is the weather like today",
        "jarvis",
        "the printer is almost done",
    ],
)
async def test_other_speech_not_detected(start_server: StartServer, text: str) -> None:
    """Other speech, "jarvis" alone included, ends with ``not-detected`` and no detection."""
    uri = await start_server()
    events = await detect(uri, said(text))
    assert [e.type for e in events] == ["not-detected"]


async def test_silence_not_detected(start_server: StartServer) -> None:
    uri = await start_server()
    assert [e.type for e in await detect(uri, SILENCE * 3)] == ["not-detected"]


async def test_satellite_stream_hears_each_wake_word_once(start_server: StartServer) -> None:
    """A continuous stream (a satellite) gets one detection per "hey jarvis", not per window."""
    uri = await start_server()
    pcm = said("hey jarvis") + said("set a timer for ten minutes") + said("hey jarvis")
    events = await detect(uri, pcm)
    assert [e.type for e in events] == ["detection", "detection"]


@pytest.mark.parametrize(("rate", "channels"), [(22050, 1), (48000, 2), (16000, 2)])
async def test_other_formats_converted(start_server: StartServer, rate: int, channels: int) -> None:
    """Audio at other rates or in stereo is converted to 16 kHz mono before the model."""
    uri = await start_server()
    samples = np.frombuffer(speak("hey jarvis", WAKE_VOICE, rate), dtype="<i2")
    silence = np.zeros(rate, dtype="<i2")
    mono = np.concatenate([silence, samples, silence])
    pcm = np.repeat(mono, channels).tobytes()
    events = await detect(uri, pcm, rate=rate, channels=channels)
    assert [e.type for e in events] == ["detection"]


async def test_unknown_wake_word_refused(start_server: StartServer) -> None:
    """A wake word this server does not have gets an error naming the one it has."""
    uri = await start_server()
    events = await detect(uri, SILENCE, names=["okay_nabu"])
    assert events[-1].type == "error"
    assert events[-1].data["code"] == "unsupported-request"
    assert "hey_jarvis" in events[-1].data["text"]


@pytest.mark.parametrize("names", ["hey_jarvis", [1], {"a": 1}])
async def test_malformed_names_refused(start_server: StartServer, names: object) -> None:
    uri = await start_server()
    events = await request(uri, Event("detect", {"names": names}), until="error")
    assert events[-1].data["code"] == "malformed-event"


async def test_odd_audio_refused(start_server: StartServer) -> None:
    """Audio that is not PCM the server can convert gets ``unsupported-audio``."""
    uri = await start_server()
    events = await request(
        uri,
        Detect().event(),
        AudioStart(16000, 3, 5).event(),
        AudioChunk(16000, 3, 5, bytes(15)).event(),
        until="error",
    )
    assert events[-1].data["code"] == "unsupported-audio"


async def test_transcribe_after_detect_on_one_connection(start_server: StartServer) -> None:
    """A ``transcribe`` after a wake word sends the next utterance to speech-to-text."""
    uri = await start_server()
    async with AsyncClient.from_uri(uri) as client:
        await client.write_event(Detect().event())
        await client.write_event(AudioStart(16000, 2, 1).event())
        await client.write_event(AudioChunk(16000, 2, 1, said("hey jarvis")).event())
        assert [e.type for e in await read_until(client, "detection")] == ["detection"]
        await client.write_event(Event("transcribe", {"language": "en"}))
        await client.write_event(AudioStart(16000, 2, 1).event())
        pcm = speak("turn on the kitchen lights")
        await client.write_event(AudioChunk(16000, 2, 1, pcm).event())
        await client.write_event(AudioStop().event())
        events = await read_until(client, "transcript")
    assert events[-1].data["text"] == "turn on the kitchen lights"


async def test_cutoff_setting(start_server: StartServer) -> None:
    """``voice_wake_cutoff`` replaces the model's cutoff, and says so in describe."""
    settings = settings_from_options({}, environ={"HOLOMAT_VOICE_WAKE_CUTOFF": "0.8"})
    assert settings.wake_cutoff == 0.8
    (word,) = bundled_wake_words(settings.wake_cutoff)
    assert (word.cutoff, word.model_cutoff) == (0.8, 0.97)
    assert VoiceSettings().wake_cutoff is None
    with pytest.raises(ValueError, match="voice_wake_cutoff"):
        bundled_wake_words(1.5)
    with pytest.raises(ValueError, match="voice_wake_cutoff"):
        settings_from_options({"voice_wake_cutoff": "high"})


async def test_client_leaving_mid_stream(start_server: StartServer) -> None:
    """A client that leaves while the model runs changes nothing for the next one."""
    uri = await start_server()
    for _ in range(3):
        async with AsyncClient.from_uri(uri) as client:
            await client.write_event(Detect().event())
            await client.write_event(AudioStart(16000, 2, 1).event())
            await client.write_event(AudioChunk(16000, 2, 1, said("hey jarvis") * 4).event())
    events = await detect(uri, said("hey jarvis"))
    assert [e.type for e in events] == ["detection"]


@given(
    st.lists(st.floats(0, 1), max_size=300),
    st.floats(0.5, 0.99),
    st.integers(1, 50),
)
def test_trigger_fires_once_per_refractory_period(
    probabilities: list[float], cutoff: float, refractory: int
) -> None:
    """Detections are above the cutoff, at least ``refractory`` apart, and none is missed."""
    trigger = Trigger(cutoff, refractory)
    fired = [i for i, p in enumerate(probabilities) if trigger.update(i, p)]
    assert all(probabilities[i] > cutoff for i in fired)
    assert all(b - a >= refractory for a, b in pairwise(fired))
    for i, p in enumerate(probabilities):
        if p > cutoff and i not in fired:  # only silenced by an earlier detection
            assert any(0 < i - f < refractory for f in fired)
