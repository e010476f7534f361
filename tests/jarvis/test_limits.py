"""Limits are learnt from evidence and forgotten in time; a context overflow fits the history."""

from __future__ import annotations

import json
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import conversation
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import Context, HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.jarvis.dialect import LIMIT_TTL
from custom_components.holomat.jarvis.trim import TRIMMED
from holomat_dev.openai_standin import OpenAIStandin, Reply, ToolCall

from .conftest import AGENT


async def converse(hass: HomeAssistant, text: str, conversation_id: str | None = None) -> Any:
    """Say ``text`` to JARVIS; return the result."""
    return await conversation.async_converse(
        hass, text, conversation_id, Context(), language="en", agent_id=AGENT
    )


def speech(result: Any) -> str:
    """Return what the agent said."""
    return str(result.response.speech["plain"]["speech"])


async def test_a_learnt_limit_is_forgotten_and_probed_again(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    dialects = init_integration.runtime_data.dialects
    standin.supports_tools = False
    assert speech(await converse(hass, "Hello")) == "Done."
    assert len(standin.requests) == 2
    assert not dialects["gpt-4o-mini"].tools
    freezer.tick(LIMIT_TTL / 2)
    assert speech(await converse(hass, "Hello")) == "Done."
    assert len(standin.requests) == 3
    # The model was updated meanwhile; after a while JARVIS offers tools again.
    standin.supports_tools = True
    freezer.tick(LIMIT_TTL / 2)
    assert speech(await converse(hass, "Hello")) == "Done."
    assert len(standin.requests) == 4
    assert "tools" in standin.requests[-1]
    assert dialects["gpt-4o-mini"].tools
    assert dialects["gpt-4o-mini"].learnt == 1


async def test_after_an_overflow_the_history_fits_oldest_and_largest_tool_results_first(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    switches = {f"switch_{n}": {"name": f"Workshop switch number {n}"} for n in range(40)}
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": switches})
    for entity in switches:
        async_expose_entity(hass, conversation.DOMAIN, f"input_boolean.{entity}", True)
    standin.script(
        Reply(tool_calls=(ToolCall("assist__GetLiveContext", {}, id="call_live"),)),
        Reply(text="Forty switches, all off, sir."),
    )
    first = await converse(hass, "What is on?")
    assert speech(first) == "Forty switches, all off, sir."
    conversation_id = first.conversation_id
    sent = standin.requests[-1]
    (live,) = [m["content"] for m in sent["messages"] if m["role"] == "tool"]
    whole = len(json.dumps(sent["messages"])) + len(json.dumps(sent["tools"]))
    # The model's context holds the next turn only without that large tool result.
    standin.context_chars = whole - len(live) // 2
    standin.script(Reply(text="Still forty, sir."), Reply(text="Good night, sir."))
    assert speech(await converse(hass, "And now?", conversation_id)) == "Still forty, sir."
    overflowed, fitted = standin.requests[-2:]
    assert [m["content"] for m in fitted["messages"] if m["role"] == "tool"] == [TRIMMED]
    users = [m["content"] for m in fitted["messages"] if m["role"] == "user"]
    assert users == ["What is on?", "And now?"]
    assert len(overflowed["messages"]) == len(fitted["messages"])
    # The next turn fits at once.
    assert speech(await converse(hass, "Good night", conversation_id)) == "Good night, sir."
    assert len(standin.requests) == 5
