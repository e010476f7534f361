"""The rest of the development bootstrap: the add-on, a JARVIS agent, the JARVIS pipeline.

Run by ``scripts/develop`` after ``ha_bootstrap``: ``python -m holomat_dev.ha_voice --addon
.dev/addon-ready.json [--url URL]``. A JARVIS agent is added when ``HOLOMAT_LLM_URL`` names an
OpenAI-compatible server (``OPENAI_API_KEY`` its key, ``HOLOMAT_LLM_MODEL`` the model, both
optional). Over Home Assistant's HTTP and websocket APIs only, as a user's clicks would do it:

- ``holomat_dev.addon.register``: the add-on's 3D model server and HA's Wyoming entry;

- ``add_jarvis``: a JARVIS server through HoloMat's config flow (an OpenAI-compatible URL and
  key), its agent's model set through the agent's reconfigure flow when one is asked for;
- ``ensure_jarvis_pipeline``: the preferred "JARVIS" pipeline with the add-on's speech and its
  "hey jarvis" wake word. With a JARVIS agent, HoloMat makes that pipeline itself
  (``custom_components/holomat/voice``): it is waited for and preferred. Without one, a
  pipeline of that name on HA's built-in agent is made (``assist_pipeline/pipeline/create``) and
  removed again once a JARVIS agent has its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from pathlib import Path
import sys
from typing import Any

import aiohttp

from .addon import Addon, checked_json, entry_titles, register, run_flow
from .ha_bootstrap import BootstrapError, onboard, run_step, wait_until_up
from .workshop_setup import websocket_commands

PIPELINE = "JARVIS"
BUILT_IN_AGENT = "conversation.home_assistant"
# The add-on's Wyoming programs (addon/holomat_addon/voice): the entities' original names.
PROGRAMS = {"stt": "holomat-stt", "tts": "holomat-tts", "wake_word": "holomat-wake"}


async def add_jarvis(
    session: aiohttp.ClientSession,
    url: str,
    token: str,
    llm_url: str,
    *,
    api_key: str | None,
    model: str | None,
) -> str:
    """Add the JARVIS server at ``llm_url`` (once); set its agent's ``model``; return a log line.

    Raises ``BootstrapError`` when the server is refused (unreachable, wrong key).
    """
    step = {"base_url": llm_url, "api_key": api_key or ""}
    result = await run_flow(session, url, token, "holomat", {"next_step_id": "jarvis"}, step)
    if result["type"] == "abort" and result["reason"] == "already_configured":
        return f"JARVIS ({llm_url}) is already set up"
    if result["type"] != "create_entry":
        raise BootstrapError(f"adding JARVIS ({llm_url}) failed: {result.get('errors', result)}")
    if model:
        await _set_agent_model(session, url, token, result["result"]["entry_id"], model)
    return f"added JARVIS ({llm_url})" + (f" with {model}" if model else "")


async def _set_agent_model(
    session: aiohttp.ClientSession, url: str, token: str, entry_id: str, model: str
) -> None:
    """Reconfigure the entry's agent to ``model``, keeping its other settings."""
    [subentries] = await websocket_commands(
        session, url, token, [{"type": "config_entries/subentries/list", "entry_id": entry_id}]
    )
    headers = {"Authorization": f"Bearer {token}"}
    flows = f"{url}/api/config/config_entries/subentries/flow"
    agent = subentries[0]
    start = {"handler": [entry_id, agent["subentry_type"]], "subentry_id": agent["subentry_id"]}
    async with session.post(flows, json=start, headers=headers) as response:
        form = await checked_json(response)
    answers = {
        field["name"]: field["description"]["suggested_value"]
        for field in form["data_schema"]
        if "suggested_value" in field.get("description", {})
    }
    async with session.post(
        f"{flows}/{form['flow_id']}", json=answers | {"model": model}, headers=headers
    ) as response:
        result = await checked_json(response)
    if result["type"] != "abort":  # reconfigure_successful
        raise BootstrapError(f"setting JARVIS's model to {model} failed: {result}")


async def ensure_jarvis_pipeline(
    session: aiohttp.ClientSession, url: str, token: str, within: float = 120.0
) -> str:
    """Make the "JARVIS" pipeline the preferred one, with the wake word; return a log line.

    Waits up to ``within`` s for the add-on's Wyoming entities (and, with a JARVIS agent, for
    HoloMat to give its pipeline the wake word). Raises ``BootstrapError`` if they never come.
    """
    titles = await entry_titles(session, url, token, "holomat")
    agent_expected = any(title.startswith("JARVIS") for title in titles)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        entities, listing = await websocket_commands(
            session,
            url,
            token,
            [{"type": "config/entity_registry/list"}, {"type": "assist_pipeline/pipeline/list"}],
        )
        engines = _addon_engines(entities)
        agents = [
            e["entity_id"]
            for e in entities
            if e["platform"] == "holomat" and e["entity_id"].startswith("conversation.")
        ]
        pipelines = listing["pipelines"]
        if agents:
            ours = [p for p in pipelines if p["conversation_engine"] in agents]
            if ours and ours[0]["wake_word_entity"]:
                return await _prefer(session, url, token, ours[0], pipelines)
        elif not agent_expected and len(engines) == len(PROGRAMS):
            return await _built_in_pipeline(session, url, token, engines, pipelines)
        if loop.time() > deadline:
            raise BootstrapError(
                f"no JARVIS pipeline with a wake word within {within:.0f} s "
                f"(add-on entities: {sorted(engines.values())}, agents: {agents})"
            )
        await asyncio.sleep(1)


def _addon_engines(entities: list[dict[str, Any]]) -> dict[str, str]:
    """Return the add-on's Wyoming entity ids by domain (``stt``, ``tts``, ``wake_word``)."""
    found: dict[str, str] = {}
    for entity in entities:
        domain = entity["entity_id"].split(".")[0]
        if entity["platform"] == "wyoming" and PROGRAMS.get(domain) == entity["original_name"]:
            found.setdefault(domain, entity["entity_id"])
    return found


async def _prefer(
    session: aiohttp.ClientSession,
    url: str,
    token: str,
    pipeline: dict[str, Any],
    pipelines: list[dict[str, Any]],
) -> str:
    """Prefer ``pipeline``; remove another "JARVIS" on HA's built-in agent made before."""
    commands: list[dict[str, Any]] = [
        {"type": "assist_pipeline/pipeline/set_preferred", "pipeline_id": pipeline["id"]}
    ]
    commands += [
        {"type": "assist_pipeline/pipeline/delete", "pipeline_id": old["id"]}
        for old in pipelines
        if old["name"] == PIPELINE
        and old["conversation_engine"] == BUILT_IN_AGENT
        and old["id"] != pipeline["id"]
    ]
    await websocket_commands(session, url, token, commands)
    return f"the {pipeline['name']} pipeline ({pipeline['conversation_engine']}) is preferred"


async def _built_in_pipeline(
    session: aiohttp.ClientSession,
    url: str,
    token: str,
    engines: dict[str, str],
    pipelines: list[dict[str, Any]],
) -> str:
    """Create (or update) "JARVIS" on HA's built-in agent with the add-on's engines; prefer it."""
    [config] = await websocket_commands(session, url, token, [{"type": "get_config"}])
    language = config["language"]
    stt, tts, wake = await websocket_commands(
        session,
        url,
        token,
        [
            {"type": "stt/engine/list", "language": language},
            {"type": "tts/engine/voices", "engine_id": engines["tts"], "language": language},
            {"type": "wake_word/info", "entity_id": engines["wake_word"]},
        ],
    )
    stt_languages = next(
        p["supported_languages"] for p in stt["providers"] if p["engine_id"] == engines["stt"]
    )
    wake_word = next(w for w in wake["wake_words"] if w["id"] == "hey_jarvis")
    fields = {
        "name": PIPELINE,
        "conversation_engine": BUILT_IN_AGENT,
        "conversation_language": language,
        "language": language,
        "stt_engine": engines["stt"] if stt_languages else None,
        "stt_language": stt_languages[0] if stt_languages else None,
        "tts_engine": engines["tts"],
        "tts_language": language,
        "tts_voice": tts["voices"][0]["voice_id"] if tts["voices"] else None,
        "wake_word_entity": engines["wake_word"],
        "wake_word_id": wake_word["id"],
        "prefer_local_intents": False,
    }
    old = [p for p in pipelines if p["name"] == PIPELINE]
    if old:
        command = {"type": "assist_pipeline/pipeline/update", "pipeline_id": old[0]["id"]}
    else:
        command = {"type": "assist_pipeline/pipeline/create"}
    [pipeline] = await websocket_commands(session, url, token, [command | fields])
    return await _prefer(session, url, token, pipeline, pipelines)


async def bootstrap(url: str, addon: Addon) -> None:
    """Register ``addon``, add JARVIS when ``HOLOMAT_LLM_URL`` is set, prefer the pipeline."""
    async with aiohttp.ClientSession() as session:
        await wait_until_up(session, url)
        token = await onboard(session, url)
        for line in await register(session, url, token, addon):
            print(line)  # noqa: T201
        if llm_url := os.environ.get("HOLOMAT_LLM_URL"):
            key, model = os.environ.get("OPENAI_API_KEY"), os.environ.get("HOLOMAT_LLM_MODEL")
            print(await add_jarvis(session, url, token, llm_url, api_key=key, model=model))  # noqa: T201
        print(await ensure_jarvis_pipeline(session, url, token))  # noqa: T201


def main() -> int:
    """Run the bootstrap from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--addon", type=Path, required=True, help="holomat_dev.addon's ready file")
    args = parser.parse_args()
    return run_step(bootstrap(args.url, Addon(**json.loads(args.addon.read_text()))))


if __name__ == "__main__":
    sys.exit(main())
