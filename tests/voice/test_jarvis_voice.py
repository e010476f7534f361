"""Saying "pause the printer" to the JARVIS pipeline pauses a simulated printer, and JARVIS answers.

Everything is real but the model: HA's core ``wyoming`` integration talks to the add-on's Wyoming
server (a subprocess, offline STT and espeak-ng), JARVIS talks to ``holomat_dev``'s
OpenAI-compatible stand-in (scripted streamed replies), and the printer is the ``holomat_dev``
simulator on a real mosquitto. A printer command HoloMat's sentences know is handled by the
local intent before any model is asked.
"""

# Fixtures of tests/jarvis and tests/printer are imported by name, then requested by name.
# ruff: noqa: F811

from __future__ import annotations

import asyncio
import time

import pytest

pytest.importorskip("custom_components.holomat.jarvis", reason="the JARVIS feature is not merged")

from homeassistant.components import conversation, tts
from homeassistant.components.assist_pipeline import (
    PipelineEvent,
    PipelineEventType,
    async_get_pipelines,
)
from homeassistant.core import Context, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.voice import async_ensure_jarvis_pipeline
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.openai_standin import OpenAIStandin, Reply
from tests.jarvis.conftest import (  # noqa: F401 - fixtures used by name
    AGENT,
    agent_options,
    init_integration,
    mock_config_entry,
    standin,
    task_options,
)
from tests.printer.conftest import WaitFor, broker, entry, model, printer, simulator, wait_for  # noqa: F401 - fixtures used by name
from tests.printer.test_actions import start_print

from .conftest import speak
from .test_run import _run


@pytest.mark.usefixtures("ha", "printer", "init_integration")
async def test_spoken_pause_reaches_the_printer(
    hass: HomeAssistant,
    wyoming_entry: MockConfigEntry,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
    standin: OpenAIStandin,
) -> None:
    """Audio → add-on STT → JARVIS's local intent → simulator paused → add-on TTS audio."""
    await start_print(hass, simulator, wait_for)
    pipeline = await async_ensure_jarvis_pipeline(hass, AGENT)
    assert pipeline.stt_engine == "stt.holomat_stt"
    assert pipeline.tts_engine == "tts.holomat_tts"
    events = await _run(hass, pipeline.id, speak("jarvis pause the printer"))
    assert PipelineEventType.ERROR not in [e.type for e in events], events
    stt_end = next(e for e in events if e.type == PipelineEventType.STT_END).data
    assert stt_end is not None
    assert stt_end["stt_output"]["text"] == "pause the printer"  # wake word left out
    await wait_for(lambda: simulator.gcode_state == "PAUSE")
    intent_end = next(e for e in events if e.type == PipelineEventType.INTENT_END).data
    assert intent_end is not None
    speech = intent_end["intent_output"]["response"]["speech"]["plain"]["speech"]
    assert speech == "The P1S is paused."
    assert standin.requests == []  # the local intent answered, no model was asked
    run_start = events[0].data
    assert run_start is not None
    stream = tts.async_get_stream(hass, run_start["tts_output"]["token"])
    assert stream is not None
    audio = b"".join([chunk async for chunk in stream.async_stream_result()])
    assert len(audio) > 44 + 22050


LONG_REPLY = (
    "The Benchy print is paused, sir, at forty two percent. The nozzle stays hot so it can carry "
    "on without a seam. Say resume when you are ready and I will start it again."
)


@pytest.mark.usefixtures("ha", "init_integration")
async def test_jarvis_spoken_while_still_writing(
    hass: HomeAssistant, wyoming_entry: MockConfigEntry, standin: OpenAIStandin
) -> None:
    """JARVIS's first sentence is heard before the model has finished its reply."""
    # A model's first answer is held back until JARVIS knows it does not open with bare
    # reasoning (see jarvis/think.py); from its second answer on, it is streamed.
    standin.script(Reply(text="Yes, sir."), Reply(text=LONG_REPLY, pieces=30, delay=0.03))
    await conversation.async_converse(hass, "Ready?", None, Context(), agent_id=AGENT)
    pipeline = await async_ensure_jarvis_pipeline(hass, AGENT)
    first_audio: list[float] = []
    intent_end: list[float] = []
    readers: list[asyncio.Task[None]] = []
    tokens: list[str] = []

    async def read(token: str) -> None:
        stream = tts.async_get_stream(hass, token)
        assert stream is not None
        async for chunk in stream.async_stream_result():
            if len(chunk) > 44 and not first_audio:  # past the WAV header
                first_audio.append(time.perf_counter())

    def on_event(event: PipelineEvent) -> None:
        if event.type == PipelineEventType.RUN_START and event.data:
            tokens.append(event.data["tts_output"]["token"])
        elif event.type == PipelineEventType.INTENT_END:
            intent_end.append(time.perf_counter())
        elif (
            event.type == PipelineEventType.INTENT_PROGRESS
            and event.data
            and event.data.get("tts_start_streaming")
        ):
            readers.append(hass.async_create_task(read(tokens[0])))

    events = await _run(hass, pipeline.id, speak("what is the status of the printer"), on_event)
    await asyncio.gather(*readers)
    assert PipelineEventType.ERROR not in [e.type for e in events]
    assert readers, "HA did not stream JARVIS's reply into TTS"
    assert first_audio[0] < intent_end[0]


async def test_jarvis_entry_keeps_its_pipeline(
    hass: HomeAssistant, wyoming_entry: MockConfigEntry, mock_config_entry: MockConfigEntry
) -> None:
    """Setting up JARVIS makes its pipeline (named after the agent); deleting JARVIS removes it."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    (pipeline,) = [p for p in async_get_pipelines(hass) if p.conversation_engine == AGENT]
    assert pipeline.name == "JARVIS"
    assert pipeline.tts_engine == "tts.holomat_tts"
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert len([p for p in async_get_pipelines(hass) if p.conversation_engine == AGENT]) == 1
    await hass.config_entries.async_remove(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert not [p for p in async_get_pipelines(hass) if p.conversation_engine == AGENT]
