"""Busy, loading and rate-limited servers are waited for within the turn, then reported as busy."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from homeassistant.components import conversation
from homeassistant.const import CONF_TIMEOUT
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.jarvis.config_flow import default_agent_options
from custom_components.holomat.jarvis.errors import TurnError
from custom_components.holomat.jarvis.issues import FAILED_TURNS_BEFORE_ISSUE, issue_id
from holomat_dev.openai_standin import OpenAIStandin, Refusal, Reply
from tests.texts import translated

from .conftest import AGENT
from .events import chunk, stream


async def converse(hass: HomeAssistant, language: str = "en") -> str:
    """Say hello to JARVIS; return what it said."""
    result = await conversation.async_converse(
        hass, "Hello", None, Context(), language=language, agent_id=AGENT
    )
    return str(result.response.speech["plain"]["speech"])


def failing(status: int, body: Any, **headers: str) -> Reply:
    """Return an error answer with a body in a server's own shape."""
    return Reply(status=status, raw_json=json.dumps(body), headers=tuple(headers.items()))


OVERLOADED = {"data": {"error": {"message": "overloaded"}}}


@pytest.fixture
def agent_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Return the default agent settings, updated by the test's parameter."""
    return default_agent_options() | getattr(request, "param", {})


BUSY = {
    "openai-503": failing(503, {"error": {"message": "The engine is currently overloaded"}}),
    "anthropic-529": failing(
        529, {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    ),
    "llamacpp-loading": failing(
        503, {"error": {"code": 503, "message": "Loading model", "type": "unavailable_error"}}
    ),
    "koboldcpp-busy": failing(
        503,
        {
            "detail": {
                "msg": "Server is busy; please try again later.",
                "type": "service_unavailable",
            }
        },
    ),
    "hf-loading": failing(503, {"error": "Model x is currently loading", "estimated_time": 0.05}),
    "groq-429": failing(
        429,
        {
            "error": {
                "message": "Rate limit reached for model `llama-3.3-70b-versatile`. "
                "Please try again in 50ms.",
                "type": "tokens",
                "code": "rate_limit_exceeded",
            }
        },
    ),
    "gemini-429": failing(
        429,
        [
            {
                "error": {
                    "code": 429,
                    "message": "You exceeded your current quota, please check your plan and "
                    "billing details.",
                    "status": "RESOURCE_EXHAUSTED",
                    "details": [
                        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0s"}
                    ],
                }
            }
        ],
    ),
    "sse-overloaded": stream(
        {"data": {"error": {"message": "overloaded", "type": "overloaded_error"}}}
    ),
    "openrouter-mid-stream": stream(
        {"comment": "OPENROUTER PROCESSING"},
        {
            "data": {
                "id": "gen-1",
                "object": "chat.completion.chunk",
                "error": {"code": 502, "message": "Provider returned error"},
                "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}],
            }
        },
    ),
    "llamacpp-error-line": stream(
        {"error": {"code": 503, "message": "Loading model", "type": "unavailable_error"}}
    ),
}


@pytest.mark.parametrize("busy", BUSY.values(), ids=BUSY.keys())
async def test_a_busy_server_is_asked_again(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry, busy: Reply
) -> None:
    standin.script(busy, busy, Reply(text="At your service, sir."))
    assert await converse(hass) == "At your service, sir."
    assert len(standin.requests) == 3
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id(init_integration)) is None


@pytest.mark.parametrize(
    "headers", [{"retry-after-ms": "400"}, {"Retry-After": "1"}], ids=["ms", "seconds"]
)
async def test_the_wait_the_server_names_is_honoured(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    init_integration: MockConfigEntry,
    headers: dict[str, str],
) -> None:
    standin.script(
        failing(429, {"error": {"message": "Slow down"}}, **headers), Reply(text="Yes, sir.")
    )
    started = time.monotonic()
    assert await converse(hass) == "Yes, sir."
    waited = time.monotonic() - started
    wanted = float(headers.get("retry-after-ms", 0)) / 1000 or float(headers["Retry-After"])
    assert waited >= wanted


@pytest.mark.parametrize("agent_options", [{CONF_TIMEOUT: 1.0}], indirect=True)
@pytest.mark.parametrize(
    ("body", "error"),
    [
        (
            {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}},
            TurnError.SERVER_BUSY,
        ),
        (
            {"error": {"code": 503, "message": "Loading model", "type": "unavailable_error"}},
            TurnError.MODEL_LOADING,
        ),
    ],
    ids=["busy", "loading"],
)
async def test_busy_beyond_the_turn_budget_is_said_and_never_a_repair(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    *,
    body: dict[str, Any],
    error: TurnError,
) -> None:
    standin.refusals = (Refusal("always", 503, body),)
    for turn in range(FAILED_TURNS_BEFORE_ISSUE + 1):
        language = ("en", "fr")[turn % 2]
        started = time.monotonic()
        with caplog.at_level(logging.WARNING):
            assert await converse(hass, language) == translated(error.reply, language)
        assert time.monotonic() - started < 1.5
    # Asked more than once per turn, within its second of budget.
    assert 2 * (FAILED_TURNS_BEFORE_ISSUE + 1) <= len(standin.requests) <= 20
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id(init_integration)) is None
    assert f"HTTP 503: {body['error']['message']}" in caplog.text


async def test_a_wait_longer_than_the_budget_is_not_waited(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    standin.script(failing(503, {"error": {"message": "Overloaded"}}, **{"Retry-After": "300"}))
    assert await converse(hass, "fr") == translated(TurnError.SERVER_BUSY.reply, "fr")
    assert len(standin.requests) == 1


async def test_an_error_after_speech_cuts_the_answer_without_a_retry(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    # Once the model is known to answer plainly, its words are spoken as they come...
    standin.script(Reply(text="Good evening, sir."))
    assert await converse(hass) == "Good evening, sir."
    standin.script(stream(chunk({"content": "The printer is"}), OVERLOADED))
    # ... so an error after them cuts the answer: asking again would say them twice.
    assert await converse(hass) == f"The printer is… {translated('jarvis_cut_broken')}"
    assert len(standin.requests) == 2


async def test_an_error_before_anything_was_spoken_is_asked_again(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    # A model's first answer is held back until known not to be reasoning: nothing was said.
    standin.script(
        stream(chunk({"content": "The printer is"}), OVERLOADED),
        Reply(text="The printer is idle, sir."),
    )
    assert await converse(hass) == "The printer is idle, sir."
    assert len(standin.requests) == 2
