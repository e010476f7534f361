"""Benchmark: how JARVIS fares with each recorded server dialect, and with a stream that never ends.

Not a test. Run: ``.venv/bin/python -m bench.jarvis_dialects``.

For every dialect of the corpus (``tests/jarvis/dialects/*.json``: OpenAI, Ollama, llama.cpp,
vLLM, Mistral, LocalAI, Gemini, Azure, OpenRouter, Anthropic, Groq, DeepSeek, KoboldCpp,
TabbyAPI, LM Studio, models writing tool calls or reasoning as text, busy servers, a gateway
that never closes its streams), replayed over real HTTP by ``holomat_dev``'s stand-in, it runs
through Home Assistant's ``conversation.async_converse`` two rounds of a tool turn ("Printers?")
and a plain turn ("Hello"), each dialect on a new JARVIS entry (nothing learnt before), and
prints:

- the turns whose answer is the expected one, a tool turn having run each expected call once
  (for dialects that only fail, such as a prompt over the context or no model loaded: the
  specific localized reply);
- the requests per turn in each round (refused, busy and overflowing requests included);
- the server's limits learnt, and the turn in which the last one was learnt.

Then, for a server that sends a whole answer and never ends its stream (neither ``[DONE]`` nor
the end of the connection), the time to answer, median of ``NEVER_CLOSES_TURNS`` plain turns,
with the usage chunk after the finish (``stream_options``) and without it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import logging
import statistics
import tempfile
import time
from typing import Any

from homeassistant import loader
from homeassistant.components import conversation
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import CONF_MODEL
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_test_home_assistant

from custom_components.holomat.const import CONF_ENTRY_TYPE, EntryType
from custom_components.holomat.jarvis.config_flow import default_agent_options
from custom_components.holomat.jarvis.const import CONF_BASE_URL
from custom_components.holomat.jarvis.errors import TurnError
from custom_components.holomat.texts import async_get_text
from holomat_dev.dialects import Dialect, all_dialects
from holomat_dev.openai_standin import OpenAIStandin, Refusal, Reply

ROUNDS = 2
NEVER_CLOSES_TURNS = 10


@dataclass
class Row:
    """What one dialect gave: turns answered, requests per round, limits learnt."""

    ok: int = 0
    turns: int = 0
    requests: list[int] = field(default_factory=list)
    learnt: int = 0
    learnt_in: int = 0


async def _agent(hass: HomeAssistant, standin: OpenAIStandin, model: str) -> str:
    """Add a JARVIS entry on the stand-in for ``model``; return its conversation entity."""
    entry = MockConfigEntry(
        domain="holomat",
        data={CONF_ENTRY_TYPE: EntryType.JARVIS, CONF_BASE_URL: standin.base_url, "api_key": "k"},
        subentries_data=[
            ConfigSubentryData(
                data=default_agent_options() | {CONF_MODEL: model},
                subentry_type="conversation",
                title=f"JARVIS {model}",
                unique_id=None,
            )
        ],
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id), model
    await hass.async_block_till_done()
    return next(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.domain == "conversation"
    )


async def _say(hass: HomeAssistant, agent: str, text: str) -> str:
    """Say ``text`` to ``agent``; return its answer."""
    result = await conversation.async_converse(hass, text, None, Context(), agent_id=agent)
    return str(result.response.speech["plain"]["speech"])


def _ran_ok(ran: int, expect: dict[str, Any]) -> bool:
    """Return whether a tool turn ran the tools the dialect expects, each once."""
    return "tools_run" not in expect or ran == expect["tools_run"]


async def _run(hass: HomeAssistant, dialect: Dialect) -> Row:
    """Return what one dialect gave over ``ROUNDS`` rounds of a tool and a plain turn."""
    standin = OpenAIStandin()
    await standin.start()
    dialect.serve(standin)
    agent = await _agent(hass, standin, dialect.model)
    entry = hass.config_entries.async_entries("holomat")[-1]
    expect = dialect.expect
    failing = (
        await async_get_text(hass, TurnError(expect["error"]).reply, "en", model=dialect.model)
        if "error" in expect
        else None
    )
    row = Row()
    for _ in range(ROUNDS):
        sent = len(standin.requests)
        for text, replies, wanted in (
            ("Printers?", dialect.tool_turn, failing or expect.get("tool_speech")),
            ("Hello", dialect.plain_turn, failing or expect.get("plain_speech")),
        ):
            row.turns += 1
            known = entry.runtime_data.dialects.get(dialect.model)
            learnt_before = known.learnt if known else 0
            standin.script(*replies)
            said = await _say(hass, agent, text)
            ran = sum(m["role"] == "tool" for m in standin.requests[-1]["messages"])
            row.ok += said == wanted and (replies is not dialect.tool_turn or _ran_ok(ran, expect))
            if entry.runtime_data.dialects[dialect.model].learnt > learnt_before:
                row.learnt_in = row.turns
        row.requests.append(len(standin.requests) - sent)
    row.learnt = entry.runtime_data.dialects[dialect.model].learnt
    await hass.config_entries.async_unload(entry.entry_id)
    await standin.stop()
    return row


async def _never_closes(hass: HomeAssistant, *, usage: bool) -> float:
    """Return the median seconds to answer a plain turn from a stream that never ends."""
    standin = OpenAIStandin()
    await standin.start()
    if not usage:
        standin.refusals = (Refusal("stream_options", 422, {"detail": "stream_options"}),)
    agent = await _agent(hass, standin, standin.models[0])
    entry = hass.config_entries.async_entries("holomat")[-1]
    await _say(hass, agent, "Hello")  # learns what the model does without, if anything
    timings = []
    for _ in range(NEVER_CLOSES_TURNS):
        standin.script(Reply(text="Good evening, sir.", hold_open=True))
        started = time.perf_counter()
        assert await _say(hass, agent, "Hello") == "Good evening, sir."
        timings.append(time.perf_counter() - started)
    await hass.config_entries.async_unload(entry.entry_id)
    await standin.stop()
    return statistics.median(timings)


async def main() -> None:
    """Print one row per dialect, then the never-ending stream's figures."""
    logging.getLogger("custom_components.holomat.jarvis").setLevel(logging.CRITICAL)
    with tempfile.TemporaryDirectory() as config_dir:
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            for component in ("homeassistant", "intent", "conversation"):
                assert await async_setup_component(hass, component, {})
            assert await async_setup_component(hass, "holomat", {})
            print(f"{ROUNDS} rounds of (tool turn, plain turn) per dialect, each on a new entry.")
            print(
                f"{'dialect':<28} {'turns ok':>8} {'requests/turn 1':>15} "
                f"{'requests/turn 2':>15} {'learnt':>6} {'by turn':>7}"
            )
            total = Row()
            for dialect in all_dialects():
                row = await _run(hass, dialect)
                total.ok += row.ok
                total.turns += row.turns
                print(
                    f"{dialect.name:<28} {f'{row.ok}/{row.turns}':>8} "
                    f"{row.requests[0] / 2:>15.1f} {row.requests[1] / 2:>15.1f} "
                    f"{row.learnt:>6} {row.learnt_in or '-':>7}"
                )
            print(f"turns answered as expected: {total.ok}/{total.turns}")
            for usage in (True, False):
                seconds = await _never_closes(hass, usage=usage)
                kind = "with usage after the finish" if usage else "without usage"
                print(f"stream that never ends, {kind}: answered in {seconds * 1000:.0f} ms")
            await hass.async_stop(force=True)


if __name__ == "__main__":
    asyncio.run(main())
