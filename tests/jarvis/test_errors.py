"""JARVIS facing failing or limited model servers: errors users understand, graceful fallbacks."""

from __future__ import annotations

import logging
from typing import Any

from homeassistant.components import conversation
from homeassistant.const import CONF_LLM_HASS_API, CONF_MODEL, CONF_PROMPT, CONF_TIMEOUT
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er, intent
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.diagnostics import async_get_config_entry_diagnostics
from custom_components.holomat.jarvis.config_flow import default_agent_options
from custom_components.holomat.jarvis.const import CONF_MAX_TOKENS, CONF_TEMPERATURE
from custom_components.holomat.jarvis.errors import TurnError
from custom_components.holomat.jarvis.messages import TOOLS_UNAVAILABLE
from holomat_dev.openai_standin import OpenAIStandin, Reply, ToolCall
from tests.texts import translated

from .conftest import AGENT, AGENT_SUBENTRY_ID, API_KEY


async def converse(
    hass: HomeAssistant, text: str = "Hello", language: str = "en"
) -> conversation.ConversationResult:
    """Say ``text`` to JARVIS."""
    return await conversation.async_converse(
        hass, text, None, Context(), language=language, agent_id=AGENT
    )


def speech(result: conversation.ConversationResult) -> str:
    """Return what the agent said."""
    return str(result.response.speech["plain"]["speech"])


@pytest.fixture
def agent_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Return the default agent settings, updated by the test's parameter."""
    return default_agent_options() | getattr(request, "param", {})


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (
            # A wait longer than the turn's budget: told at once, not waited for.
            Reply(
                status=429,
                text="Rate limit reached",
                error_code="rate_limit_exceeded",
                headers=(("Retry-After", "120"),),
            ),
            TurnError.RATE_LIMITED,
        ),
        (
            Reply(
                status=400,
                text="This model's maximum context length is 8192 tokens.",
                error_code="context_length_exceeded",
                error_param="messages",
            ),
            TurnError.CONTEXT_TOO_LONG,
        ),
        (
            Reply(status=500, text="The server had an error", error_type="server_error"),
            TurnError.UNKNOWN,
        ),
        (Reply(status=400, text="Invalid 'messages'", error_param="messages"), TurnError.UNKNOWN),
        (Reply(text="I was saying something", drop_after=2), TurnError.UNREACHABLE),
        (Reply(text=""), TurnError.NO_ANSWER),
        (Reply(text=" \n "), TurnError.NO_ANSWER),
        (Reply(text="", reasoning="The user greets me."), TurnError.NO_ANSWER),
    ],
)
@pytest.mark.usefixtures("init_integration")
async def test_server_errors_are_answered_in_the_user_language(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    answer: Reply,
    error: TurnError,
    language: str,
) -> None:
    standin.script(answer)
    result = await converse(hass, language=language)
    assert result.response.error_code is intent.IntentResponseErrorCode.UNKNOWN
    assert speech(result) == translated(error.reply, language)
    assert len(standin.requests) == 1


async def test_french_error_reply(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.script(
        Reply(
            status=429,
            text="Rate limit reached",
            error_code="rate_limit_exceeded",
            headers=(("Retry-After", "120"),),
        )
    )
    result = await converse(hass, "Bonjour", language="fr-FR")
    assert speech(result) == "Le serveur du modèle limite mes requêtes. Réessayez dans un instant."


@pytest.mark.parametrize("agent_options", [{CONF_MODEL: "gpt-9"}], indirect=True)
async def test_missing_model(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    result = await converse(hass, language="fr")
    assert speech(result) == "Le modèle gpt-9 n'est pas disponible sur le serveur."


async def test_unreachable_server(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    await standin.stop()
    result = await converse(hass)
    assert speech(result) == "I cannot reach the model server at the moment."


@pytest.mark.parametrize("agent_options", [{CONF_TIMEOUT: 0.2}], indirect=True)
async def test_slow_server_times_out(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    standin.script(Reply(text="Too late", delay=1.0))
    with caplog.at_level(logging.WARNING):
        result = await converse(hass)
    assert speech(result) == "The model server took too long to answer. Please try again."
    # The log names the cause, even where the HTTP library's error has no words of its own.
    assert (
        "failed a turn of model gpt-4o-mini: timeout (no answer within the timeout: ReadTimeout)"
        in caplog.text
    )


async def test_refused_key_during_a_turn_starts_reauth(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.api_key = "sk-rotated"
    result = await converse(hass)
    assert speech(result) == (
        "The model server refused my API key. Please enter a new one in the settings."
    )
    await hass.async_block_till_done()
    (flow,) = hass.config_entries.flow.async_progress_by_handler("holomat")
    assert flow["step_id"] == "jarvis_reauth"


@pytest.mark.parametrize(
    "agent_options", [{CONF_TEMPERATURE: 0.7, CONF_MAX_TOKENS: 100}], indirect=True
)
async def test_reasoning_model_parameters(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.rejected_params = frozenset({"temperature", "max_tokens"})
    standin.script(Reply(text="Certainly, sir."), Reply(text="Again, sir."))
    result = await converse(hass)
    assert speech(result) == "Certainly, sir."
    first, *_, last = standin.requests
    assert first["temperature"] == 0.7
    assert first["max_tokens"] == 100
    assert "temperature" not in last
    assert "max_tokens" not in last
    assert last["max_completion_tokens"] == 100
    sent = len(standin.requests)
    assert speech(await converse(hass)) == "Again, sir."
    assert len(standin.requests) == sent + 1


async def test_server_without_streaming(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.supports_stream = False
    standin.script(
        Reply(
            tool_calls=(ToolCall("assist__HolomatPrinterStatus", {"printer": "X1C"}, id="call_1"),)
        ),
        Reply(text="No such printer, sir."),
    )
    result = await converse(hass)
    assert speech(result) == "No such printer, sir."
    refused, first, second = standin.requests
    assert refused["stream"] is True
    assert "stream" not in first
    assert second["messages"][-1]["tool_call_id"] == "call_1"


async def test_server_without_tools(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.supports_tools = False
    standin.script(Reply(text="I cannot act on the home from here, sir."))
    result = await converse(hass, "Turn on the kitchen")
    assert speech(result) == "I cannot act on the home from here, sir."
    refused, answered = standin.requests
    assert "tools" in refused
    assert "tools" not in answered
    assert TOOLS_UNAVAILABLE in answered["messages"][0]["content"]


async def test_cut_reply_runs_no_half_call(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.script(
        Reply(
            text="Let me",
            reasoning="The user wants the printers.",
            tool_calls=(ToolCall("assist__HolomatPausePrint", {}),),
            finish_reason="length",
        )
    )
    result = await converse(hass)
    assert speech(result) == f"Let me… {translated('jarvis_cut_length')}"
    assert len(standin.requests) == 1


@pytest.mark.parametrize("agent_options", [{CONF_PROMPT: "{{ broken"}], indirect=True)
async def test_broken_persona_template(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    result = await converse(hass)
    assert result.response.error_code is not None
    assert standin.requests == []


@pytest.mark.parametrize("agent_options", [{CONF_LLM_HASS_API: ["gone"]}], indirect=True)
async def test_agent_without_tools(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.script(
        Reply(text="Hello, sir.", tool_calls=(ToolCall("assist__HassTurnOn", {"name": "x"}),))
    )
    assert speech(await converse(hass)) == "Hello, sir."
    assert "tools" not in standin.requests[0]
    assert len(standin.requests) == 1


async def test_usage_sensor_and_diagnostics(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    agent = AGENT_SUBENTRY_ID
    sensor = er.async_get(hass).async_get_entity_id(
        "sensor", "holomat", f"{agent}_last_turn_tokens"
    )
    assert sensor is not None
    assert hass.states.get(sensor).state == "unknown"
    standin.script(
        Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}),), usage=(100, 20)),
        Reply(text="None, sir.", usage=(130, 4)),
    )
    await converse(hass)
    state = hass.states.get(sensor)
    assert state.state == "254"
    assert state.attributes["prompt_tokens"] == 230
    assert state.attributes["completion_tokens"] == 24
    assert state.attributes["requests"] == 2
    diagnostics = await async_get_config_entry_diagnostics(hass, init_integration)
    assert diagnostics["entry"]["api_key"] == "**REDACTED**"
    assert API_KEY not in str(diagnostics)
    assert diagnostics["models"] == ["gpt-4o-mini", "gpt-5-mini"]
    assert diagnostics["dialects"]["gpt-4o-mini"]["tools"] is True
    (usage,) = diagnostics["total_usage"].values()
    assert usage == {"prompt_tokens": 230, "completion_tokens": 24, "requests": 2}
