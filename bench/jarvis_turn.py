"""Benchmark: Home Assistant's time per JARVIS turn and the prompt it sends, by exposed entities.

Not a test. Run: ``.venv/bin/python -m bench.jarvis_turn [--turns 20]``.

With an instant stand-in model (``holomat_dev.openai_standin``, on 127.0.0.1), for 0, 50, 200
and 800 exposed entities (input booleans over 10 areas), it measures for JARVIS and for Home
Assistant core's ``openai_conversation`` (pointed at the same stand-in through the SDK's
``OPENAI_BASE_URL``; it speaks the Responses API, which the stand-in also serves for text):

- the median wall time of one ``conversation.async_converse`` turn (a new conversation each
  time, after warm-up turns, the two agents alternating): Home Assistant's share, since the
  model answers at once;
- the prompt sent: characters of the request's instructions, messages and tools, and tokens
  estimated as characters / 4 (no tokenizer is available offline).

Both agents get the same LLM APIs (Assist + HoloMat).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from typing import Any

from homeassistant import loader
from homeassistant.components import conversation
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import area_registry as ar, entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_test_home_assistant

from custom_components.holomat.const import CONF_ENTRY_TYPE, EntryType
from custom_components.holomat.jarvis.config_flow import default_agent_options
from custom_components.holomat.jarvis.const import CONF_BASE_URL
from holomat_dev.openai_standin import OpenAIStandin, Reply

SIZES = (0, 50, 200, 800)
AREAS = 10
APIS = ["assist", "holomat"]
PROMPT_KEYS = ("instructions", "input", "messages", "tools")
WARM_UP = 3


async def _add_entities(hass: HomeAssistant, count: int) -> list[str]:
    """Create ``count`` input booleans spread over ``AREAS`` areas; return their ids."""
    config = {f"device_{i}": {"name": f"Device {i}"} for i in range(count)}
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": config})
    areas = [ar.async_get(hass).async_create(f"Room {i}").id for i in range(AREAS)]
    entities = er.async_get(hass)
    ids = [f"input_boolean.device_{i}" for i in range(count)]
    for i, entity_id in enumerate(ids):
        entities.async_update_entity(entity_id, area_id=areas[i % AREAS])
    return ids


def _expose(hass: HomeAssistant, ids: list[str], count: int) -> None:
    """Expose the first ``count`` entities to Assist and hide the others."""
    for i, entity_id in enumerate(ids):
        async_expose_entity(hass, conversation.DOMAIN, entity_id, i < count)


async def _add_agents(hass: HomeAssistant, standin: OpenAIStandin) -> dict[str, str]:
    """Add a JARVIS agent and a core OpenAI agent on the stand-in; return their entity ids."""
    jarvis = MockConfigEntry(
        domain="holomat",
        data={CONF_ENTRY_TYPE: EntryType.JARVIS, CONF_BASE_URL: standin.base_url, "api_key": "k"},
        subentries_data=[
            ConfigSubentryData(
                data=default_agent_options() | {"llm_hass_api": APIS},
                subentry_type="conversation",
                title="JARVIS",
                unique_id=None,
            )
        ],
    )
    core = MockConfigEntry(
        domain="openai_conversation",
        data={"api_key": "k"},
        subentries_data=[
            ConfigSubentryData(
                data={"recommended": True, "llm_hass_api": APIS},
                subentry_type="conversation",
                title="OpenAI",
                unique_id=None,
            )
        ],
    )
    agents = {}
    for name, entry in (("JARVIS", jarvis), ("core openai_conversation", core)):
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id), name
        await hass.async_block_till_done()
        agents[name] = next(
            e.entity_id
            for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
            if e.domain == "conversation"
        )
    return agents


def _prompt_chars(body: dict[str, Any]) -> int:
    """Return the characters of what a request asks the model to read."""
    return len(json.dumps({k: body[k] for k in PROMPT_KEYS if k in body}, ensure_ascii=False))


async def _turn(hass: HomeAssistant, standin: OpenAIStandin, agent: str) -> tuple[float, int]:
    """Run one turn; return its milliseconds and the prompt characters it sent."""
    standin.script(Reply(text="Certainly, sir.", pieces=1))
    start = time.perf_counter()
    result = await conversation.async_converse(
        hass, "Hello JARVIS", None, Context(), agent_id=agent
    )
    elapsed = (time.perf_counter() - start) * 1000
    assert result.response.speech["plain"]["speech"] == "Certainly, sir.", result.response
    return elapsed, _prompt_chars(standin.requests[-1])


async def _measure(
    hass: HomeAssistant, standin: OpenAIStandin, agents: dict[str, str], turns: int
) -> dict[str, tuple[float, int]]:
    """Return each agent's median milliseconds per turn and prompt characters.

    Agents take turns, in alternating order, so both see the same machine load and caches.
    """
    durations: dict[str, list[float]] = {name: [] for name in agents}
    chars: dict[str, int] = {}
    for turn in range(turns + WARM_UP):
        order = list(agents.items()) if turn % 2 else list(agents.items())[::-1]
        for name, agent in order:
            elapsed, chars[name] = await _turn(hass, standin, agent)
            if turn >= WARM_UP:
                durations[name].append(elapsed)
    return {name: (statistics.median(durations[name]), chars[name]) for name in agents}


async def main(turns: int) -> None:
    """Print the figures for each size and agent."""
    standin = OpenAIStandin()
    await standin.start()
    os.environ["OPENAI_BASE_URL"] = standin.base_url
    with tempfile.TemporaryDirectory() as config_dir:
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            for component in ("homeassistant", "intent", "conversation"):
                assert await async_setup_component(hass, component, {})
            assert await async_setup_component(hass, "holomat", {})
            ids = await _add_entities(hass, max(SIZES))
            agents = await _add_agents(hass, standin)
            print(f"Median of {turns} turns after {WARM_UP} warm-ups; tokens ~ characters / 4.")
            print(
                f"{'exposed':>7}  {'agent':<26} {'ms/turn':>8} {'prompt chars':>13} {'~tokens':>8}"
            )
            for size in SIZES:
                _expose(hass, ids, size)
                for name, (ms, chars) in (await _measure(hass, standin, agents, turns)).items():
                    print(f"{size:>7}  {name:<26} {ms:>8.1f} {chars:>13,} {chars // 4:>8,}")
            await hass.async_stop(force=True)
    await standin.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20, help="measured turns per size and agent")
    asyncio.run(main(parser.parse_args().turns))
