"""Errors say what the server said: each its own reply, only a bad key asks for a new one."""

from __future__ import annotations

import json
import logging
from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import issue_registry as ir
import httpx
import openai
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.jarvis.errors import TurnError, describe, read_failure, retry_hint
from custom_components.holomat.jarvis.issues import FAILED_TURNS_BEFORE_ISSUE, issue_id
from custom_components.holomat.jarvis.sse import StreamError
from holomat_dev.openai_standin import OpenAIStandin, Refusal
from tests.texts import translated

from .conftest import AGENT

# What servers answer, each in its own words (sources in the errors module's docstring).
SAID: dict[str, tuple[int, Any, TurnError]] = {
    "openai-region": (
        403,
        {
            "error": {
                "code": "unsupported_country_region_territory",
                "message": "Country, region, or territory not supported",
                "param": None,
                "type": "request_forbidden",
            }
        },
        TurnError.REGION_UNSUPPORTED,
    ),
    "gemini-location": (
        400,
        [
            {
                "error": {
                    "code": 400,
                    "message": "User location is not supported for the API use.",
                    "status": "FAILED_PRECONDITION",
                }
            }
        ],
        TurnError.REGION_UNSUPPORTED,
    ),
    "openai-policy": (
        400,
        {
            "error": {
                "code": "content_policy_violation",
                "message": "Your request was rejected as a result of our safety system.",
                "type": "invalid_request_error",
            }
        },
        TurnError.PROMPT_REFUSED,
    ),
    "azure-content-filter": (
        400,
        {
            "error": {
                "code": "content_filter",
                "message": "The response was filtered due to the prompt triggering Azure "
                "OpenAI's content management policy.",
                "status": 400,
                "innererror": {"code": "ResponsibleAIPolicyViolation"},
            }
        },
        TurnError.PROMPT_REFUSED,
    ),
    "openrouter-moderation": (
        403,
        {
            "error": {
                "code": 403,
                "message": "gpt-4o-mini requires moderation on OpenAI. Your input was flagged "
                'for "harassment".',
                "metadata": {"reasons": ["harassment"], "flagged_input": "..."},
            }
        },
        TurnError.PROMPT_REFUSED,
    ),
    "openrouter-credits": (
        402,
        {"error": {"code": 402, "message": "Insufficient credits. Add more using the link."}},
        TurnError.OUT_OF_CREDITS,
    ),
    "openai-quota": (
        429,
        {
            "error": {
                "code": "insufficient_quota",
                "message": "You exceeded your current quota, please check your plan and "
                "billing details.",
                "type": "insufficient_quota",
            }
        },
        TurnError.OUT_OF_CREDITS,
    ),
    "anthropic-credits": (
        400,
        {
            "type": "error",
            "error": {
                "type": "invalid_request_error",
                "message": "Your credit balance is too low to access the Anthropic API.",
            },
        },
        TurnError.OUT_OF_CREDITS,
    ),
    "deepseek-balance": (
        402,
        {"error": {"message": "Insufficient Balance", "type": "unknown_error", "code": None}},
        TurnError.OUT_OF_CREDITS,
    ),
    "lmstudio-no-model": (
        404,
        {
            "error": "No models loaded. Please load a model in the developer page or use the "
            "`lms load` command."
        },
        TurnError.MODEL_NOT_LOADED,
    ),
    "tabbyapi-no-model": (
        503,
        {"detail": "No models are currently loaded."},
        TurnError.MODEL_NOT_LOADED,
    ),
    "bad-key": (
        401,
        {"error": {"message": "Incorrect API key provided.", "code": "invalid_api_key"}},
        TurnError.INVALID_AUTH,
    ),
}


async def converse(hass: HomeAssistant, language: str) -> str:
    """Say hello to JARVIS; return what it said."""
    result = await conversation.async_converse(
        hass, "Hello", None, Context(), language=language, agent_id=AGENT
    )
    return str(result.response.speech["plain"]["speech"])


@pytest.mark.parametrize("said", SAID.values(), ids=SAID.keys())
async def test_each_error_gets_its_own_reply(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    said: tuple[int, Any, TurnError],
) -> None:
    status, body, error = said
    standin.refusals = (Refusal("always", status, body),)
    for turn in range(FAILED_TURNS_BEFORE_ISSUE):
        language = ("fr", "en")[turn % 2]
        with caplog.at_level(logging.WARNING):
            assert await converse(hass, language) == translated(
                error.reply, language, model="gpt-4o-mini"
            )
    # Nothing such is tried again: one request a turn.
    assert len(standin.requests) == FAILED_TURNS_BEFORE_ISSUE
    # The log holds the server's status and its own words.
    assert f"HTTP {status}: " in caplog.text
    assert read_failure_message(body) in caplog.text
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert bool(flows) == (error is TurnError.INVALID_AUTH)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id(init_integration))
    if error in (TurnError.PROMPT_REFUSED, TurnError.INVALID_AUTH):
        assert issue is None
    else:
        assert issue is not None


def read_failure_message(body: Any) -> str:
    """Return the words of an error body (its message, however nested)."""
    inner = body[0] if isinstance(body, list) else body
    inner = inner.get("error", inner.get("detail"))
    return str(inner["message"] if isinstance(inner, dict) else inner)


def _status_error(status: int, body: Any, headers: dict[str, str] | None = None) -> Exception:
    """Return the error the SDK raises for an answer."""
    request = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx.Response(
        status, headers=headers or {}, content=json.dumps(body).encode(), request=request
    )
    return openai.APIStatusError("Error", response=response, body=body)


@pytest.mark.parametrize(
    ("headers", "body", "seconds"),
    [
        ({"retry-after-ms": "250"}, {}, 0.25),
        ({"Retry-After": "7"}, {}, 7.0),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, {}, 0.0),
        ({"Retry-After": "soon"}, {}, None),
        ({}, {"error": "Model is currently loading", "estimated_time": 20.0}, 20.0),
        ({}, {"error": {"details": [{"retryDelay": "17s"}]}}, 17.0),
        ({}, {"error": {"message": "Please try again in 7.66s."}}, 7.66),
        ({}, {"error": {"message": "Please try again in 350ms."}}, 0.35),
        ({}, {"error": {"message": "Overloaded"}}, None),
    ],
)
def test_the_wait_a_server_names(headers: dict[str, str], body: Any, seconds: float | None) -> None:
    assert retry_hint(_status_error(503, body, headers)) == pytest.approx(seconds)


def test_failures_are_described_never_empty() -> None:
    assert describe(httpx.ReadError("")) == "ReadError"
    connection = openai.APIConnectionError(request=httpx.Request("GET", "http://x"))
    connection.__cause__ = httpx.ConnectError("")
    assert describe(connection) == "Connection error. (ConnectError: no message)"
    stream = StreamError("", {"code": 529, "message": ""})
    failure = read_failure(stream)
    assert (failure.status, str(failure)) == (529, "HTTP 529: StreamError")
    assert failure.error is TurnError.SERVER_BUSY
    html = _status_error(502, "<html>Bad gateway</html>")
    assert read_failure(html).error is TurnError.SERVER_BUSY
