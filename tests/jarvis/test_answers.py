"""Answers end when the server says; cut ones say so; calls run once; echo fields go back."""

from __future__ import annotations

import time
from typing import Any

from homeassistant.components import conversation
from homeassistant.const import CONF_TIMEOUT
from homeassistant.core import Context, HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.jarvis.config_flow import default_agent_options
from holomat_dev.openai_standin import OpenAIStandin, Refusal, Reply, ToolCall
from tests.texts import translated

from .conftest import AGENT
from .events import chunk, stream

SIGNATURE = {"extra_content": {"google": {"thought_signature": "CvABAdHtim9"}}}


async def converse(hass: HomeAssistant, text: str = "Hello", language: str = "en") -> str:
    """Say ``text`` to JARVIS; return what it said."""
    result = await conversation.async_converse(
        hass, text, None, Context(), language=language, agent_id=AGENT
    )
    return str(result.response.speech["plain"]["speech"])


@pytest.fixture
def agent_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Return the default agent settings, updated by the test's parameter."""
    return default_agent_options() | getattr(request, "param", {})


@pytest.mark.parametrize("agent_options", [{CONF_TIMEOUT: 10.0}], indirect=True)
@pytest.mark.parametrize("usage", [True, False], ids=["with-usage", "without-usage"])
async def test_an_answer_ends_at_its_finish_even_if_the_stream_never_does(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    init_integration: MockConfigEntry,
    usage: bool,
) -> None:
    if not usage:
        standin.refusals = (Refusal("stream_options", 422, {"detail": "stream_options"}),)
    standin.script(
        Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}),), hold_open=True),
        Reply(text="You have no printer, sir.", hold_open=True),
    )
    started = time.monotonic()
    assert await converse(hass, "Printers?") == "You have no printer, sir."
    # Not the 10 s timeout: the answer ended with its finish_reason.
    assert time.monotonic() - started < 5


async def test_a_stream_that_stops_without_a_finish_is_said_cut(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.script(Reply(text="Good evening, sir."))
    assert await converse(hass) == "Good evening, sir."
    calls = [{"index": 0, "id": "call_1", "function": {"name": "holomat__stop_print"}}]
    events = [
        chunk({"role": "assistant", "content": "Stopping the"}),
        chunk({"tool_calls": calls}),
    ]
    standin.script(stream(*events))
    assert await converse(hass, "Stop it") == f"Stopping the… {translated('jarvis_cut_broken')}"
    # The half call never ran: no tool result went back, no second request.
    assert len(standin.requests) == 2


@pytest.mark.parametrize(
    ("finish", "note"), [("content_filter", "jarvis_cut_filter"), ("length", "jarvis_cut_length")]
)
async def test_a_cut_answer_says_so(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    init_integration: MockConfigEntry,
    finish: str,
    note: str,
) -> None:
    standin.script(Reply(text="The print is", finish_reason=finish))
    assert await converse(hass) == f"The print is… {translated(note)}"
    standin.script(Reply(text="", finish_reason=finish))
    assert await converse(hass) == translated(note)
    standin.script(Reply(text="L'impression est", finish_reason=finish))
    assert await converse(hass, "Bonjour", "fr") == f"L'impression est… {translated(note, 'fr')}"


async def test_a_call_both_written_and_structured_runs_once(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    # The server parsed the model's call and still streamed its markup as content.
    standin.script(
        Reply(
            text='<tool_call>{"name": "assist__HolomatPrinterStatus", "arguments": {}}</tool_call>',
            tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}, id="call_1"),),
        ),
        Reply(text="You have no printer, sir."),
    )
    assert await converse(hass, "Printers?") == "You have no printer, sir."
    tools = [m for m in standin.requests[1]["messages"] if m["role"] == "tool"]
    assert [m["tool_call_id"] for m in tools] == ["call_1"]


async def test_gemini_thought_signatures_go_back_with_their_calls(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    # Gemini 3 refuses a request whose tool calls lack their signature (400).
    standin.refusals = (
        Refusal(
            "missing_thought_signature",
            400,
            {
                "error": {
                    "code": 400,
                    "message": "Function call is missing a thought_signature in functionCall "
                    "parts.",
                    "status": "INVALID_ARGUMENT",
                }
            },
        ),
    )
    standin.script(
        Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}, extra=SIGNATURE),)),
        Reply(text="You have no printer, sir."),
        Reply(text="Still none, sir."),
    )
    assert await converse(hass, "Printers?") == "You have no printer, sir."
    ((call,),) = [m["tool_calls"] for m in standin.requests[1]["messages"] if "tool_calls" in m]
    assert call["extra_content"] == SIGNATURE["extra_content"]
    # Servers that sent nothing of the kind get nothing back.
    assert "reasoning_content" not in str(standin.requests[1]["messages"])


async def test_deepseek_reasoning_goes_back_with_the_calls(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    # DeepSeek's thinking mode refuses tool call turns sent back without their reasoning.
    standin.refusals = (
        Refusal(
            "missing_reasoning_content",
            400,
            {
                "error": {
                    "message": "The reasoning_content in the thinking mode must be passed back "
                    "to the API.",
                    "type": "invalid_request_error",
                    "code": "invalid_request_error",
                }
            },
        ),
    )
    standin.script(
        Reply(
            reasoning="The user asks about printers.",
            tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}),),
        ),
        Reply(text="You have no printer, sir."),
    )
    assert await converse(hass, "Printers?") == "You have no printer, sir."
    (assistant,) = [m for m in standin.requests[1]["messages"] if "tool_calls" in m]
    assert assistant["reasoning_content"] == "The user asks about printers."
    assert standin.requests[1]["tools"]
