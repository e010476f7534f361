"""Streaming TTS in a real Assist run: the answer is spoken before the agent has finished.

JARVIS is not on main yet, so a small streaming agent stands in for it: it writes its reply into
HA's chat log token by token (``async_add_delta_content_stream``), as JARVIS and every streaming LLM
agent do, with a pause between tokens like a model.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import time
from typing import Literal

from homeassistant.components import conversation, tts
from homeassistant.components.assist_pipeline import PipelineEvent, PipelineEventType
from homeassistant.components.conversation.chat_log import AssistantContentDeltaDict, ChatLog
from homeassistant.components.conversation.const import DATA_COMPONENT
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.voice import async_ensure_jarvis_pipeline

from .conftest import speak
from .test_run import _run

REPLY = (
    "The printer is paused now, as you asked, sir. It was at forty two percent of the print. "
    "Say resume when you want it to carry on. I will keep an eye on the bed temperature."
)
TOKEN_DELAY = 0.03


class StreamingAgent(conversation.ConversationEntity):
    """A conversation agent that streams a fixed reply token by token, like an LLM."""

    _attr_name = "Streaming stand-in"
    _attr_unique_id = "streaming-stand-in"
    _attr_supports_streaming = True

    def __init__(self) -> None:
        """Record when the reply is finished."""
        self.finished_at: float | None = None

    @property
    def supported_languages(self) -> Literal["*"]:
        """Speak every language, as LLM agents do."""
        return "*"

    async def _async_handle_message(
        self, user_input: conversation.ConversationInput, chat_log: ChatLog
    ) -> conversation.ConversationResult:
        """Stream the reply into the chat log."""

        async def deltas() -> AsyncIterator[AssistantContentDeltaDict]:
            yield {"role": "assistant"}
            for word in REPLY.split(" "):
                await asyncio.sleep(TOKEN_DELAY)
                yield {"content": word + " "}

        async for _ in chat_log.async_add_delta_content_stream(self.entity_id, deltas()):
            pass
        self.finished_at = time.perf_counter()
        return conversation.async_get_result_from_chat_log(user_input, chat_log)


async def test_first_audio_before_agent_finishes(
    hass: HomeAssistant, wyoming_entry: MockConfigEntry
) -> None:
    """The add-on speaks the first sentence while the agent is still writing the reply."""
    assert await async_setup_component(hass, "conversation", {})
    agent = StreamingAgent()
    await hass.data[DATA_COMPONENT].async_add_entities([agent])
    pipeline = await async_ensure_jarvis_pipeline(hass, agent.entity_id)
    assert pipeline.tts_engine == "tts.holomat_tts"

    first_audio: list[float] = []
    readers: list[asyncio.Task[None]] = []

    async def read(token: str) -> None:
        stream = tts.async_get_stream(hass, token)
        assert stream is not None
        async for chunk in stream.async_stream_result():
            if len(chunk) > 44 and not first_audio:  # past the WAV header
                first_audio.append(time.perf_counter())

    tokens: list[str] = []

    def on_event(event: PipelineEvent) -> None:
        if event.type == PipelineEventType.RUN_START and event.data:
            tokens.append(event.data["tts_output"]["token"])
        if (
            event.type == PipelineEventType.INTENT_PROGRESS
            and event.data
            and event.data.get("tts_start_streaming")
        ):
            readers.append(hass.async_create_task(read(tokens[0])))

    events = await _run(hass, pipeline.id, speak("pause the printer"), on_event)
    await asyncio.gather(*readers)
    assert PipelineEventType.ERROR not in [e.type for e in events]
    assert readers, "HA did not stream the reply into TTS"
    assert agent.finished_at is not None
    assert first_audio
    assert first_audio[0] < agent.finished_at
