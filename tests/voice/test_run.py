"""A full Assist run: espeak-ng audio → the add-on's STT → the agent → the add-on's TTS audio.

JARVIS is not on main yet, so the agent is HA's default conversation agent.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from homeassistant.components import stt, tts
from homeassistant.components.assist_pipeline import (
    AudioSettings,
    PipelineEvent,
    PipelineEventType,
    PipelineStage,
    async_pipeline_from_audio_stream,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.voice import async_ensure_jarvis_pipeline

from .conftest import FRENCH_COMMAND, WAKE_VOICE, speak

AGENT = "conversation.home_assistant"


async def _stream(pcm: bytes, pace: float) -> AsyncIterator[bytes]:
    """Yield PCM in 20 ms pieces like a satellite, ``pace`` times faster than said (0: at once).

    A wake word is heard a little after it was said; the audio that follows it goes to
    speech-to-text only if it has not all been sent to the wake word engine by then.
    """
    for start in range(0, len(pcm), 640):
        yield pcm[start : start + 640]
        if pace:
            await asyncio.sleep(0.02 / pace)


async def _run(
    hass: HomeAssistant,
    pipeline_id: str,
    pcm: bytes,
    on_event: Callable[[PipelineEvent], None] | None = None,
    start_stage: PipelineStage = PipelineStage.STT,
) -> list[PipelineEvent]:
    """Run the pipeline from audio (STT, or the wake word) to TTS with VAD off; return events."""
    events: list[PipelineEvent] = []

    def record(event: PipelineEvent) -> None:
        events.append(event)
        if on_event is not None:
            on_event(event)

    await async_pipeline_from_audio_stream(
        hass,
        context=Context(),
        event_callback=record,
        stt_metadata=stt.SpeechMetadata(
            language="",
            format=stt.AudioFormats.WAV,
            codec=stt.AudioCodecs.PCM,
            bit_rate=stt.AudioBitRates.BITRATE_16,
            sample_rate=stt.AudioSampleRates.SAMPLERATE_16000,
            channel=stt.AudioChannels.CHANNEL_MONO,
        ),
        stt_stream=_stream(pcm, 4.0 if start_stage is PipelineStage.WAKE_WORD else 0.0),
        pipeline_id=pipeline_id,
        tts_audio_output={tts.ATTR_PREFERRED_FORMAT: "wav"},
        audio_settings=AudioSettings(is_vad_enabled=False),
        start_stage=start_stage,
    )
    return events


async def test_spoken_command_answered_aloud(
    hass: HomeAssistant, wyoming_entry: MockConfigEntry
) -> None:
    """Spoken "pause the printer" is transcribed exactly, answered, and spoken back as WAV."""
    pipeline = await async_ensure_jarvis_pipeline(hass, AGENT)
    events = await _run(hass, pipeline.id, speak("pause the printer"))
    types = [e.type for e in events]
    assert types[:3] == [
        PipelineEventType.RUN_START,
        PipelineEventType.STT_START,
        PipelineEventType.STT_END,
    ]
    assert types[-1] == PipelineEventType.RUN_END
    assert PipelineEventType.ERROR not in types
    stt_end = events[2].data
    assert stt_end is not None
    assert stt_end["stt_output"]["text"] == "pause the printer"
    intent_end = next(e for e in events if e.type == PipelineEventType.INTENT_END).data
    assert intent_end is not None
    speech = intent_end["intent_output"]["response"]["speech"]["plain"]["speech"]
    assert speech
    run_start = events[0].data
    assert run_start is not None
    stream = tts.async_get_stream(hass, run_start["tts_output"]["token"])
    assert stream is not None
    audio = b"".join([chunk async for chunk in stream.async_stream_result()])
    assert audio[:4] == b"RIFF"
    assert len(audio) > 44 + 22050  # half a second of speech at least


async def test_silence_is_no_text(hass: HomeAssistant, wyoming_entry: MockConfigEntry) -> None:
    """Silence is reported as no speech: the run ends with stt-no-text-recognized."""
    pipeline = await async_ensure_jarvis_pipeline(hass, AGENT)
    events = await _run(hass, pipeline.id, bytes(32000))
    error = next(e for e in events if e.type == PipelineEventType.ERROR).data
    assert error is not None
    assert error["code"] == "stt-no-text-recognized"


async def test_french_run_through_endpoint(
    ha: HomeAssistant, addon_with_endpoint_port: int
) -> None:
    """In French, STT goes through the OpenAI-compatible endpoint and the answer is spoken."""
    hass = ha
    hass.config.language = "fr"
    entry = MockConfigEntry(
        domain="wyoming", data={"host": "127.0.0.1", "port": addon_with_endpoint_port}
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.LOADED
    pipeline = await async_ensure_jarvis_pipeline(hass, AGENT)
    assert pipeline.stt_engine == "stt.holomat_stt"
    assert pipeline.stt_language == "fr"
    assert pipeline.tts_language == "fr"
    events = await _run(hass, pipeline.id, speak("mets l'imprimante en pause", "fr"))
    assert PipelineEventType.ERROR not in [e.type for e in events]
    stt_end = next(e for e in events if e.type == PipelineEventType.STT_END).data
    assert stt_end is not None
    assert stt_end["stt_output"]["text"] == FRENCH_COMMAND
    tts_end = next(e for e in events if e.type == PipelineEventType.TTS_END).data
    assert tts_end is not None
    run_start = events[0].data
    assert run_start is not None
    stream = tts.async_get_stream(hass, run_start["tts_output"]["token"])
    assert stream is not None
    audio = b"".join([chunk async for chunk in stream.async_stream_result()])
    assert len(audio) > 44 + 24000  # the endpoint's 24 kHz speech, half a second at least
    await hass.config_entries.async_unload(entry.entry_id)


async def test_wake_word_then_command(hass: HomeAssistant, wyoming_entry: MockConfigEntry) -> None:
    """The wake word wakes the JARVIS pipeline; the command said after it is transcribed."""
    pipeline = await async_ensure_jarvis_pipeline(hass, AGENT)
    silence = bytes(32000)
    pcm = silence + speak("hey jarvis", WAKE_VOICE) + silence + speak("pause the printer") + silence
    events = await _run(hass, pipeline.id, pcm, start_stage=PipelineStage.WAKE_WORD)
    types = [e.type for e in events]
    assert types[:4] == [
        PipelineEventType.RUN_START,
        PipelineEventType.WAKE_WORD_START,
        PipelineEventType.WAKE_WORD_END,
        PipelineEventType.STT_START,
    ]
    wake_end = events[2].data
    assert wake_end is not None
    assert wake_end["wake_word_output"]["wake_word_id"] == "hey_jarvis"
    assert wake_end["wake_word_output"]["wake_word_phrase"] == "Hey Jarvis"
    stt_end = next(e for e in events if e.type == PipelineEventType.STT_END).data
    assert stt_end is not None
    assert stt_end["stt_output"]["text"] == "pause the printer"


async def test_no_wake_word_no_run(hass: HomeAssistant, wyoming_entry: MockConfigEntry) -> None:
    """Speech without the wake word never reaches speech-to-text."""
    pipeline = await async_ensure_jarvis_pipeline(hass, AGENT)
    pcm = bytes(32000) + speak("pause the printer", WAKE_VOICE) + bytes(32000)
    events = await _run(hass, pipeline.id, pcm, start_stage=PipelineStage.WAKE_WORD)
    assert [e.type for e in events] == [
        PipelineEventType.RUN_START,
        PipelineEventType.WAKE_WORD_START,
        PipelineEventType.WAKE_WORD_END,
        PipelineEventType.RUN_END,
    ]
    assert events[2].data == {"wake_word_output": {}}
