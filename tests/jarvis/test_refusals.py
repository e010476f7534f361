"""Servers that keep failing, refuse in odd ways, or send calls JARVIS must not run."""

from __future__ import annotations

from datetime import timedelta
import logging
import re
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.jarvis.errors import TurnError
from custom_components.holomat.jarvis.issues import FAILED_TURNS_BEFORE_ISSUE, issue_id
from holomat_dev.openai_standin import OpenAIStandin, Refusal, Reply, ToolCall
from tests.texts import translated

from .conftest import AGENT
from .events import chunk, stream, text_stream


async def converse(hass: HomeAssistant, text: str = "Hello", language: str = "en") -> str:
    """Say ``text`` to JARVIS; return what it said."""
    result = await conversation.async_converse(
        hass, text, None, Context(), language=language, agent_id=AGENT
    )
    return str(result.response.speech["plain"]["speech"])


async def test_every_turn_failing_raises_a_repair_issue(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    failure = Reply(status=500, text="CUDA error: out of memory", error_type="server_error")
    registry = ir.async_get(hass)
    for turn in range(FAILED_TURNS_BEFORE_ISSUE):
        assert registry.async_get_issue(DOMAIN, issue_id(init_integration)) is None, turn
        standin.script(failure)
        assert await converse(hass) == translated(TurnError.UNKNOWN.reply, "en")
    issue = registry.async_get_issue(DOMAIN, issue_id(init_integration))
    assert issue is not None
    assert issue.translation_key == "jarvis_turns_failing"
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders == {
        "url": standin.base_url,
        "turns": "3",
        "error": "HTTP 500: CUDA error: out of memory",
    }
    standin.script(Reply(text="Back online, sir."))
    assert await converse(hass) == "Back online, sir."
    assert registry.async_get_issue(DOMAIN, issue_id(init_integration)) is None


async def test_a_conversation_too_long_is_no_server_failure(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    overflow = Reply(
        status=400,
        text="the request exceeds the available context size, try increasing it",
        error_type="exceed_context_size_error",
    )
    for _ in range(FAILED_TURNS_BEFORE_ISSUE + 1):
        standin.script(overflow)
        assert await converse(hass, language="fr") == translated(
            TurnError.CONTEXT_TOO_LONG.reply, "fr"
        )
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id(init_integration)) is None


async def test_an_error_line_in_the_stream_is_reported_with_its_words(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    error = {"error": {"code": 500, "message": "slot 0 failed to decode", "type": "server_error"}}
    standin.script(stream(chunk({"role": "assistant", "content": ""}), error))
    with caplog.at_level(logging.WARNING):
        assert await converse(hass) == translated(TurnError.UNKNOWN.reply, "en")
    assert "slot 0 failed to decode" in caplog.text


async def test_a_refusal_of_what_was_already_dropped_is_not_retried_forever(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    jinja = {
        "error": {
            "code": 500,
            "message": "tools param requires --jinja flag",
            "type": "server_error",
        }
    }
    standin.refusals = (Refusal("always", 500, jinja),)
    assert await converse(hass) == translated(TurnError.UNKNOWN.reply, "en")
    refused_with_tools, refused_without = standin.requests
    assert "tools" in refused_with_tools
    assert "tools" not in refused_without
    # The retry without tools failed too: tools were not the cause, so nothing is learnt.
    assert init_integration.runtime_data.dialects["gpt-4o-mini"].tools
    standin.refusals = ()
    standin.script(Reply(text="Back, sir."))
    assert await converse(hass) == "Back, sir."
    assert "tools" in standin.requests[-1]


@pytest.mark.parametrize(
    ("arguments", "error_text"),
    [
        ('{"name": ' + "[" * 5000 + "]" * 5000 + "}", "nest deeper than 32 levels"),
        ('{"name": ', "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
    ],
    ids=["deep", "broken", "not-an-object"],
)
async def test_unusable_arguments_become_a_tool_error(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    init_integration: MockConfigEntry,
    arguments: str,
    error_text: str,
) -> None:
    standin.script(
        Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", arguments, id="call_1"),)),
        Reply(text="I could not read my own request, sir."),
    )
    assert await converse(hass, "Printers?") == "I could not read my own request, sir."
    tool = standin.requests[1]["messages"][-1]
    assert tool["role"] == "tool"
    assert tool["tool_call_id"] == "call_1"
    assert "InvalidToolArguments" in tool["content"]
    assert error_text in tool["content"]
    assert "printers" not in tool["content"]


async def test_calls_without_id_get_mistral_ids(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.script(
        Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}),), whole_calls=True),
        Reply(text="None, sir."),
    )
    assert await converse(hass, "Printers?") == "None, sir."
    call_id = standin.requests[1]["messages"][-1]["tool_call_id"]
    assert re.fullmatch(r"[a-zA-Z0-9]{9}", call_id)


async def test_reasoning_without_its_opening_tag_is_never_the_answer(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    # A first plain answer teaches that the model answers plainly: the next one streams at once.
    standin.script(text_stream("Good evening, ", "sir."))
    assert await converse(hass) == "Good evening, sir."
    assert init_integration.runtime_data.dialects["gpt-4o-mini"].bare_think is False
    # Then the model reasons without <think>: what was streamed is set aside as reasoning.
    standin.script(
        text_stream("The user asks the time. ", "I will say it.\n</thi", "nk>\n\nIt is noon, sir.")
    )
    assert await converse(hass, "Time?") == "It is noon, sir."
    assert init_integration.runtime_data.dialects["gpt-4o-mini"].bare_think is True
    standin.script(text_stream("Short.</think>You are welcome, sir."))
    assert await converse(hass, "Thanks") == "You are welcome, sir."
    sent = [m.get("content") for m in standin.requests[-1]["messages"]]
    assert not any("The user asks the time" in str(content) for content in sent)


async def test_unreadable_text_call_is_said_not_lost(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.script(text_stream("On it. <tool_call>not json</tool_call>"))
    assert await converse(hass) == "On it. <tool_call>not json</tool_call>"


async def test_how_a_model_reasons_is_remembered_across_restarts(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    init_integration: MockConfigEntry,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    standin.script(text_stream("A greeting, then.</think>", "Hello, sir."))
    assert await converse(hass) == "Hello, sir."
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    stored = hass_storage[f"holomat.jarvis.{init_integration.entry_id}"]
    assert stored["data"] == {"bare_think": {"gpt-4o-mini": True}}
    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    standin.script(text_stream("Still thinking.</think>", "Hello again, sir."))
    assert await converse(hass) == "Hello again, sir."
    assert init_integration.runtime_data.dialects["gpt-4o-mini"].bare_think is True
