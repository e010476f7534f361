"""JARVIS against each server's recorded dialect, replayed over real HTTP by the stand-in.

The corpus (``tests/jarvis/dialects/*.json``) cites, for each server, the source files its wire
format and refusals were taken from. Each dialect must give a user a working tool turn and plain
turn, learn the server's limits once, and never ask again for what the server refused.
"""

from __future__ import annotations

import logging
from typing import Any

from homeassistant.components import conversation
from homeassistant.const import CONF_MODEL
from homeassistant.core import Context, HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.jarvis.config_flow import default_agent_options
from custom_components.holomat.jarvis.errors import TurnError
from holomat_dev.dialects import Dialect, all_dialects
from holomat_dev.openai_standin import OpenAIStandin
from tests.texts import translated

from .conftest import AGENT


async def converse(hass: HomeAssistant, text: str, language: str = "en") -> str:
    """Say ``text`` to JARVIS; return what it said."""
    result = await conversation.async_converse(
        hass, text, None, Context(), language=language, agent_id=AGENT
    )
    return str(result.response.speech["plain"]["speech"])


@pytest.fixture(params=all_dialects(), ids=lambda dialect: dialect.name)
def dialect(request: pytest.FixtureRequest, standin: OpenAIStandin) -> Dialect:
    """Serve one recorded dialect."""
    recorded: Dialect = request.param
    recorded.serve(standin)
    return recorded


@pytest.fixture
def agent_options(dialect: Dialect) -> dict[str, Any]:
    """Use the dialect's model."""
    return default_agent_options() | {CONF_MODEL: dialect.model}


def _tool_results(body: dict[str, Any]) -> list[str]:
    """Return the tool messages of a request."""
    return [m["content"] for m in body["messages"] if m["role"] == "tool"]


async def test_dialect_tool_and_plain_turns(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    dialect: Dialect,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    expect = dialect.expect
    if "error" in expect:
        for language in ("en", "fr"):
            standin.script(*dialect.tool_turn)
            said = await converse(hass, "Printers?", language)
            reply = TurnError(expect["error"]).reply
            assert said == translated(reply, language, model=dialect.model)
        assert expect["logged"] in caplog.text
        return
    standin.script(*dialect.tool_turn)
    with caplog.at_level(logging.WARNING):
        assert await converse(hass, "Printers?") == expect["tool_speech"]
    results = _tool_results(standin.requests[-1])
    assert len(results) == expect["tools_run"]
    assert all("error" not in result for result in results)
    if expect["tools_run"]:
        assert any('"printers": []' in result for result in results)
    learnt = init_integration.runtime_data.dialects[dialect.model]
    assert learnt.learnt == expect["learnt"]
    # The server's own words are logged for each refusal learnt.
    for refusal in dialect.refusals:
        if refusal.when == "long_tool_call_ids" and not learnt.short_ids:
            continue  # this server's own ids were short already
        if refusal.when.startswith("missing_"):
            continue  # what the server wants back was sent: never refused
        assert isinstance(refusal.body, dict)
        message = refusal.body.get("error", refusal.body)["message"]
        assert str(message)[:40] in caplog.text

    standin.script(*dialect.plain_turn)
    assert await converse(hass, "Hello") == expect["plain_speech"]

    # What was learnt is remembered: the same tool turn again costs no refused request.
    sent = len(standin.requests)
    standin.script(*dialect.tool_turn)
    assert await converse(hass, "Printers?") == expect["tool_speech"]
    assert len(standin.requests) - sent == len(dialect.tool_turn)
    assert learnt.learnt == expect["learnt"]


def test_corpus_cites_its_sources() -> None:
    dialects = all_dialects()
    assert len(dialects) >= 30
    for dialect in dialects:
        assert all(len(source) > 20 for source in dialect.sources), dialect.name
