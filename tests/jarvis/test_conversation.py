"""Turns of a JARVIS agent against the stand-in model server: what users hear, what was sent."""

from __future__ import annotations

from typing import Any

from homeassistant.components import conversation
from homeassistant.components.conversation.chat_log import async_subscribe_chat_logs
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import area_registry as ar, chat_session
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.jarvis.config_flow import default_agent_options
from custom_components.holomat.jarvis.const import (
    CONF_MAX_HISTORY,
    CONF_MAX_TOOL_ROUNDS,
    CONF_PREFER_LOCAL,
)
from holomat_dev.openai_standin import OpenAIStandin, Reply, ToolCall

from .conftest import AGENT


async def converse(
    hass: HomeAssistant, text: str, conversation_id: str | None = None, language: str = "en"
) -> conversation.ConversationResult:
    """Say ``text`` to JARVIS."""
    return await conversation.async_converse(
        hass, text, conversation_id, Context(), language=language, agent_id=AGENT
    )


def speech(result: conversation.ConversationResult) -> str:
    """Return what the agent said."""
    return str(result.response.speech["plain"]["speech"])


@pytest.fixture
async def kitchen(hass: HomeAssistant) -> str:
    """Add an exposed switchable entity named Kitchen."""
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"kitchen": {"name": "Kitchen"}}}
    )
    async_expose_entity(hass, conversation.DOMAIN, "input_boolean.kitchen", True)
    return "input_boolean.kitchen"


async def test_streamed_deltas_reach_the_chat_log(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.script(Reply(text="Good evening, sir. All systems ready.", pieces=4))
    deltas: list[dict[str, Any]] = []
    with (
        chat_session.async_get_chat_session(hass) as session,
        conversation.async_get_chat_log(
            hass, session, chat_log_delta_listener=lambda _log, delta: deltas.append(delta)
        ),
    ):
        result = await converse(hass, "Hello", session.conversation_id)
    assert speech(result) == "Good evening, sir. All systems ready."
    pieces = [delta["content"] for delta in deltas if delta.get("content")]
    assert len(pieces) == 4
    assert "".join(pieces) == "Good evening, sir. All systems ready."
    assert deltas[0] == {"role": "assistant"}
    assert hass.states.get(AGENT).attributes["supported_features"] == 1
    (sent,) = standin.requests
    assert sent["stream"] is True
    assert sent["stream_options"] == {"include_usage": True}
    assert sent["model"] == "gpt-4o-mini"
    assert "JARVIS" in sent["messages"][0]["content"]
    assert sent["messages"][-1] == {"role": "user", "content": "Hello"}
    assert "temperature" not in sent
    assert "max_tokens" not in sent
    names = {tool["function"]["name"] for tool in sent["tools"]}
    assert {
        "assist__HolomatPrinterStatus",
        "assist__HolomatPausePrint",
        "assist__GetDateTime",
    } <= names
    # Only what no intent does: printing a model, and telling when a print ends.
    assert {name for name in names if name.startswith("holomat__")} == {
        "holomat__print_model",
        "holomat__notify_when_done",
    }


async def test_multi_round_tool_turn(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry, kitchen: str
) -> None:
    standin.script(
        Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}, id="call_status"),)),
        Reply(
            text="Turning it on.",
            tool_calls=(
                ToolCall("assist__HassTurnOn", {"name": "Kitchen"}, id="call_on"),
                ToolCall("assist__HolomatPrinterStatus", {"printer": "X1C"}, id="call_x1c"),
            ),
        ),
        Reply(text="The kitchen is on, sir. You have no printer."),
    )
    result = await converse(hass, "Turn on the kitchen and check my printers")
    assert speech(result) == "The kitchen is on, sir. You have no printer."
    assert hass.states.get(kitchen).state == "on"
    assert len(standin.requests) == 3
    second = standin.requests[1]["messages"]
    assert second[-2]["tool_calls"][0]["id"] == "call_status"
    assert second[-2]["tool_calls"][0]["function"]["name"] == "assist__HolomatPrinterStatus"
    assert second[-1]["role"] == "tool"
    assert second[-1]["tool_call_id"] == "call_status"
    assert '"printers": []' in second[-1]["content"]
    third = standin.requests[2]["messages"]
    assert third[-3]["content"] == "Turning it on."
    assert [call["id"] for call in third[-3]["tool_calls"]] == ["call_on", "call_x1c"]
    assert third[-3]["tool_calls"][0]["function"]["arguments"] == '{"name": "Kitchen"}'
    assert [m["tool_call_id"] for m in third[-2:]] == ["call_on", "call_x1c"]
    assert "No printer is exposed to the assistant." in third[-1]["content"]


@pytest.mark.parametrize(
    ("language", "acknowledgement"), [("en", "Done."), ("fr-FR", "C'est fait."), ("de", "Done.")]
)
@pytest.mark.usefixtures("init_integration")
async def test_empty_reply_after_a_tool_call_ends_the_turn(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    kitchen: str,
    language: str,
    acknowledgement: str,
) -> None:
    standin.script(
        Reply(tool_calls=(ToolCall("assist__HassTurnOn", {"name": "Kitchen"}),)), Reply(text="")
    )
    result = await converse(hass, "Kitchen on", language=language)
    assert speech(result) == acknowledgement
    assert len(standin.requests) == 2
    assert hass.states.get(kitchen).state == "on"


@pytest.fixture
def agent_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Return the default agent settings, updated by the test's ``options`` parameter."""
    return default_agent_options() | getattr(request, "param", {})


@pytest.mark.parametrize("agent_options", [{CONF_MAX_TOOL_ROUNDS: 1}], indirect=True)
async def test_tool_rounds_are_capped(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    status = Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}),))
    standin.script(status, Reply(text="No printers, sir."))
    result = await converse(hass, "Printers?")
    assert speech(result) == "No printers, sir."
    assert "tools" in standin.requests[0]
    assert "tools" not in standin.requests[1]

    # A model that calls tools even when none are offered gets no further round.
    standin.script(status, status)
    result = await converse(hass, "Printers?")
    assert result.response.error_code is not None
    assert speech(result) == "I could not finish that in the allowed number of steps."
    assert len(standin.requests) == 4


@pytest.mark.parametrize("agent_options", [{CONF_MAX_HISTORY: 1}], indirect=True)
async def test_history_is_trimmed_by_whole_turns(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.script(
        Reply(text="First answer."),
        Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}, id="call_1"),)),
        Reply(text="Second answer."),
        Reply(text="Third answer."),
    )
    result = await converse(hass, "first")
    result = await converse(hass, "second", result.conversation_id)
    result = await converse(hass, "third", result.conversation_id)
    assert speech(result) == "Third answer."
    messages = standin.requests[-1]["messages"]
    assert [m["role"] for m in messages] == [
        "system",
        "user",
        "assistant",
        "tool",
        "assistant",
        "user",
    ]
    assert messages[1]["content"] == "second"
    assert messages[2]["tool_calls"][0]["id"] == messages[3]["tool_call_id"] == "call_1"
    assert messages[-1]["content"] == "third"


@pytest.mark.parametrize("agent_options", [{CONF_PREFER_LOCAL: True}], indirect=True)
async def test_local_commands_first_and_replayed(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry, kitchen: str
) -> None:
    result = await converse(hass, "turn on the kitchen")
    assert hass.states.get(kitchen).state == "on"
    assert standin.requests == []
    local_speech = speech(result)
    assert local_speech

    standin.script(Reply(text="I turned on the kitchen, sir."))
    result = await converse(hass, "What did you just do?", result.conversation_id)
    assert speech(result) == "I turned on the kitchen, sir."
    messages = standin.requests[0]["messages"]
    assert [m["role"] for m in messages] == [
        "system",
        "user",
        "assistant",
        "tool",
        "assistant",
        "user",
    ]
    call = messages[2]["tool_calls"][0]
    assert call["function"]["name"] == "HassTurnOn"
    assert messages[3]["tool_call_id"] == call["id"]
    assert messages[4]["content"] == local_speech


@pytest.mark.parametrize("agent_options", [{CONF_PREFER_LOCAL: True}], indirect=True)
async def test_dangling_local_call_is_not_replayed(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry, kitchen: str
) -> None:
    # The sentence matches HassTurnOn but the garage has no light: Home Assistant writes the call
    # without a result into the chat log and hands the turn to the model.
    ar.async_get(hass).async_create("Garage")
    added: list[dict[str, Any]] = []
    async_subscribe_chat_logs(hass, lambda _id, _event, data: added.append(data))
    standin.script(Reply(text="There is no light in the garage, sir."))
    result = await converse(hass, "turn on the lights in the garage")
    assert speech(result) == "There is no light in the garage, sir."
    dangling = [
        call for data in added for call in (data.get("content") or {}).get("tool_calls") or ()
    ]
    assert [call.tool_name for call in dangling] == ["HassTurnOn"]
    (request,) = standin.requests
    assert [m["role"] for m in request["messages"]] == ["system", "user"]


@pytest.mark.parametrize(
    "call",
    [
        Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}),), whole_calls=True),
        Reply(
            tool_calls=(ToolCall("assist__HolomatPrinterStatus", {"detail": "job"}),),
            repeat_ids=True,
        ),
        Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}), ToolCall("made_up", {}))),
    ],
    ids=["whole-calls-without-id", "repeated-ids", "made-up"],
)
async def test_tool_call_variants_of_other_servers(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry, call: Reply
) -> None:
    standin.script(call, Reply(text="You have no printer, sir."))
    result = await converse(hass, "Printers?")
    assert speech(result) == "You have no printer, sir."
    messages = standin.requests[1]["messages"]
    assistant = next(m for m in messages if m["role"] == "assistant")
    tool = messages[messages.index(assistant) + 1]
    sent = assistant["tool_calls"][0]
    assert sent["function"]["name"] == "assist__HolomatPrinterStatus"
    assert sent["id"] == tool["tool_call_id"]
    assert sent["id"]
    assert '"printers": []' in tool["content"]
    if len(assistant["tool_calls"]) == 2:
        assert 'Tool \\"made_up\\" not found' in messages[-1]["content"]


async def test_follow_up_question_continues_the_conversation(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.script(Reply(text="Which printer, sir?"))
    result = await converse(hass, "Pause the print")
    assert result.continue_conversation is True


@pytest.mark.parametrize("stream", [True, False])
async def test_think_block_is_thinking_not_speech(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry, stream: bool
) -> None:
    standin.supports_stream = stream
    standin.script(Reply(text="<think>A greeting.</think>\n\nGood evening, sir.", pieces=9))
    thinking: list[str] = []
    with (
        chat_session.async_get_chat_session(hass) as session,
        conversation.async_get_chat_log(
            hass,
            session,
            chat_log_delta_listener=lambda _log, delta: thinking.append(
                delta.get("thinking_content", "")
            ),
        ),
    ):
        result = await converse(hass, "Hello", session.conversation_id)
    assert speech(result) == "Good evening, sir."
    assert "".join(thinking) == "A greeting."
