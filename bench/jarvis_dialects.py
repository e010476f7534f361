"""Benchmark: how JARVIS fares with each recorded server dialect, and what it costs to learn it.

Not a test. Run: ``.venv/bin/python -m bench.jarvis_dialects``.

For every dialect of the corpus (``tests/jarvis/dialects/*.json``: OpenAI, Ollama, llama.cpp,
vLLM, Mistral, LocalAI, models writing tool calls or reasoning as text), replayed over real HTTP
by ``holomat_dev``'s stand-in, it runs through Home Assistant's ``conversation.async_converse``
two rounds of a tool turn ("Printers?") and a plain turn ("Hello"), each on a new JARVIS entry
(nothing learnt before), and prints:

- whether the tool turn's answer is the expected one, and how many tools ran;
- whether the plain turn's answer is the expected one;
- the server's limits learnt (refused requests), the turn in which the last one was learnt, and
  the requests the server got in the first and in the second round.

For dialects that only fail (a prompt over llama.cpp's context size), "ok" means the user heard
the specific localized reply.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile

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
from holomat_dev.openai_standin import OpenAIStandin

ROUNDS = 2


async def _agent(hass: HomeAssistant, standin: OpenAIStandin, dialect: Dialect) -> MockConfigEntry:
    """Add a JARVIS entry on the stand-in for the dialect's model; return it."""
    entry = MockConfigEntry(
        domain="holomat",
        data={CONF_ENTRY_TYPE: EntryType.JARVIS, CONF_BASE_URL: standin.base_url, "api_key": "k"},
        subentries_data=[
            ConfigSubentryData(
                data=default_agent_options() | {CONF_MODEL: dialect.model},
                subentry_type="conversation",
                title=f"JARVIS {dialect.name}",
                unique_id=None,
            )
        ],
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id), dialect.name
    await hass.async_block_till_done()
    return entry


async def _say(hass: HomeAssistant, agent: str, text: str) -> str:
    """Say ``text`` to ``agent``; return its answer."""
    result = await conversation.async_converse(hass, text, None, Context(), agent_id=agent)
    return str(result.response.speech["plain"]["speech"])


async def _run(hass: HomeAssistant, dialect: Dialect) -> str:
    """Return the printed row of one dialect."""
    standin = OpenAIStandin()
    await standin.start()
    dialect.serve(standin)
    entry = await _agent(hass, standin, dialect)
    agent = next(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.domain == "conversation"
    )
    expect = dialect.expect
    failing = (
        await async_get_text(hass, TurnError(expect["error"]).reply, "en")
        if "error" in expect
        else None
    )
    tool_ok = plain_ok = True
    tools_run = 0
    learnt_in = 0
    requests: list[int] = []
    turn = 0
    for _ in range(ROUNDS):
        sent = len(standin.requests)
        for text, replies, wanted in (
            ("Printers?", dialect.tool_turn, failing or expect.get("tool_speech")),
            ("Hello", dialect.plain_turn, failing or expect.get("plain_speech")),
        ):
            turn += 1
            before = entry.runtime_data.dialects.get(dialect.model)
            learnt_before = before.learnt if before else 0
            standin.script(*replies)
            ok = await _say(hass, agent, text) == wanted
            if text == "Printers?":
                tool_ok &= ok
                tools_run = sum(m["role"] == "tool" for m in standin.requests[-1]["messages"])
            else:
                plain_ok &= ok
            if entry.runtime_data.dialects[dialect.model].learnt > learnt_before:
                learnt_in = turn
        requests.append(len(standin.requests) - sent)
    learnt = entry.runtime_data.dialects[dialect.model].learnt
    await hass.config_entries.async_unload(entry.entry_id)
    await standin.stop()
    return (
        f"{dialect.name:<26} {'ok' if tool_ok else 'FAIL':>9} {tools_run:>5} "
        f"{'ok' if plain_ok else 'FAIL':>10} {learnt:>7} {learnt_in:>8} "
        f"{requests[0]:>9} {requests[1]:>9}"
    )


async def main() -> None:
    """Print one row per dialect (the refusals JARVIS logs as it learns are left out)."""
    logging.getLogger("custom_components.holomat.jarvis").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as config_dir:
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            for component in ("homeassistant", "intent", "conversation"):
                assert await async_setup_component(hass, component, {})
            assert await async_setup_component(hass, "holomat", {})
            print(f"{ROUNDS} rounds of (tool turn, plain turn) per dialect, each on a new entry.")
            print(
                f"{'dialect':<26} {'tool turn':>9} {'tools':>5} {'plain turn':>10} "
                f"{'learnt':>7} {'by turn':>8} {'requests1':>9} {'requests2':>9}"
            )
            for dialect in all_dialects():
                print(await _run(hass, dialect))
            await hass.async_stop(force=True)


if __name__ == "__main__":
    asyncio.run(main())
