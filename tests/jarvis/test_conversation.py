"""Turns of a JARVIS agent against the stand-in model server."""

from __future__ import annotations

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from holomat_dev.openai_standin import OpenAIStandin, Reply

from .conftest import AGENT


async def test_streamed_answer(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.script(Reply(text="Good evening, sir. All systems are ready."))
    result = await conversation.async_converse(hass, "Hello", None, Context(), agent_id=AGENT)
    assert result.response.speech["plain"]["speech"] == "Good evening, sir. All systems are ready."
    sent = standin.requests[0]
    assert sent["stream"] is True
    assert sent["messages"][0]["role"] == "system"
    assert sent["messages"][-1] == {"role": "user", "content": "Hello"}
