"""``scripts/develop`` brings up the whole workshop, then Ctrl-C stops all of it.

The real script, with everything it starts: the printer simulators, the add-on's two servers
(``addon/.venv``), Home Assistant on a free port with its state in a temporary folder, and
the bootstraps, with ``HOLOMAT_LLM_URL`` pointing at the OpenAI-compatible stand-in. Checked
through Home Assistant's own APIs as a newcomer would find it: logged in as dev / dev, the
printers, the 3D model server and JARVIS loaded, HA's Wyoming entry with the add-on's speech
and wake word entities, and the preferred JARVIS pipeline waking on "hey jarvis".
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import os
from pathlib import Path
import signal
import socket
from typing import Any

import aiohttp
import pytest

from holomat_dev.addon import ADDON_PYTHON, free_port
from holomat_dev.ha_bootstrap import onboard
from holomat_dev.openai_standin import OpenAIStandin
from holomat_dev.workshop_setup import websocket_commands

REPOSITORY = Path(__file__).parents[2]
READY = "HoloMat is running"

pytestmark = pytest.mark.skipif(not ADDON_PYTHON.exists(), reason="needs addon/.venv")


@pytest.fixture
async def llm() -> AsyncIterator[OpenAIStandin]:
    """Serve the OpenAI-compatible stand-in."""
    standin = OpenAIStandin()
    await standin.start()
    yield standin
    await standin.stop()


async def _wait_ready(process: asyncio.subprocess.Process, log: Path, within: float) -> None:
    """Wait until the script says HoloMat is running; fail with its log if it ends or hangs."""
    async with asyncio.timeout(within):
        while READY not in (text := await asyncio.to_thread(log.read_text)):
            assert process.returncode is None, text[-4000:]
            await asyncio.sleep(0.5)


def _listening(port: int) -> bool:
    """Return whether something accepts connections on 127.0.0.1:``port``."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


async def _look_around(url: str) -> dict[str, Any]:
    """Return what a newcomer finds: entries, entities, states, pipelines, JARVIS's answer."""
    async with aiohttp.ClientSession() as session:
        token = await onboard(session, url)
        headers = {"Authorization": f"Bearer {token}"}
        async with session.get(f"{url}/api/config/config_entries/entry", headers=headers) as r:
            entries = await r.json()
        async with session.get(f"{url}/api/states", headers=headers) as r:
            states = {state["entity_id"]: state["state"] for state in await r.json()}
        entities, pipelines = await websocket_commands(
            session,
            url,
            token,
            [{"type": "config/entity_registry/list"}, {"type": "assist_pipeline/pipeline/list"}],
        )
        agents = [
            e["entity_id"]
            for e in entities
            if e["platform"] == "holomat" and e["entity_id"].startswith("conversation.")
        ]
        question = {"text": "hello JARVIS", "agent_id": agents[0] if agents else None}
        async with session.post(
            f"{url}/api/conversation/process", json=question, headers=headers
        ) as r:
            answer = await r.json()
    return {
        "entries": entries,
        "states": states,
        "entities": entities,
        "pipelines": pipelines,
        "agents": agents,
        "answer": answer,
    }


async def _develop(folder: Path, run: int, port: int, **env: str) -> tuple[dict[str, Any], str]:
    """Run scripts/develop until it is up, look around, press Ctrl-C; return findings and log."""
    log = folder / f"develop-{run}.log"
    environ = {
        **os.environ,
        "HOLOMAT_DEV_DIR": str(folder / "dev"),
        "HOLOMAT_DEV_PORT": str(port),
        **env,
    }
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            "bash",
            str(REPOSITORY / "scripts" / "develop"),
            stdout=output,
            stderr=output,
            env=environ,
            start_new_session=True,  # its own process group, as a shell's foreground job
        )
    try:
        await _wait_ready(process, log, within=300)
        found = await _look_around(f"http://127.0.0.1:{port}")
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C
        async with asyncio.timeout(120):
            status = await process.wait()
    text = log.read_text()
    assert status == 130, text[-4000:]
    # Onboarding's google_translate fails to load here (no gtts): only our code is looked at.
    for ours in ("custom_components/holomat/", "holomat_dev/", "holomat_addon/"):
        assert ours not in text, text[-4000:]
    assert not _listening(port)
    return found, text


def _preferred(found: dict[str, Any]) -> dict[str, Any]:
    """Return the preferred pipeline, checking it is the one JARVIS, with the add-on's voice."""
    listing = found["pipelines"]
    pipeline: dict[str, Any]
    (pipeline,) = [p for p in listing["pipelines"] if p["id"] == listing["preferred_pipeline"]]
    assert pipeline["name"] == "JARVIS"
    assert [p["name"] for p in listing["pipelines"]].count("JARVIS") == 1
    assert pipeline["stt_engine"] == "stt.holomat_stt"
    assert pipeline["tts_engine"] == "tts.holomat_tts"
    assert (pipeline["wake_word_entity"], pipeline["wake_word_id"]) == (
        "wake_word.holomat_wake",
        "hey_jarvis",
    )
    return pipeline


@pytest.mark.usefixtures("ctrl_c_reaches_children")
async def test_develop_brings_up_the_workshop(tmp_path: Path, llm: OpenAIStandin) -> None:
    """First without a model server for JARVIS, then again (same state) with one."""
    port = free_port()
    found, _ = await _develop(tmp_path, 1, port)
    entries = {(e["domain"], e["title"]): e["state"] for e in found["entries"]}
    holomat = [title for domain, title in entries if domain == "holomat"]
    assert len(holomat) == 4, holomat  # three printers and the 3D model server
    assert ("wyoming", "holomat-stt") in entries
    assert set(entries.values()) == {"loaded"}, entries
    wyoming = {e["entity_id"] for e in found["entities"] if e["platform"] == "wyoming"}
    assert wyoming == {"stt.holomat_stt", "tts.holomat_tts", "wake_word.holomat_wake"}
    assert all(found["states"][entity] != "unavailable" for entity in wyoming)
    assert found["agents"] == []
    assert _preferred(found)["conversation_engine"] == "conversation.home_assistant"

    found, text = await _develop(
        tmp_path, 2, port, HOLOMAT_LLM_URL=llm.base_url, HOLOMAT_LLM_MODEL="gpt-5-mini"
    )
    entries = {(e["domain"], e["title"]): e["state"] for e in found["entries"]}
    holomat = [title for domain, title in entries if domain == "holomat"]
    assert len(holomat) == 5, holomat  # the same, and JARVIS
    assert any(t.startswith("JARVIS") for t in holomat), holomat
    assert [domain for domain, _ in entries].count("wyoming") == 1, entries
    assert set(entries.values()) == {"loaded"}, entries
    (agent,) = found["agents"]
    speech = found["answer"]["response"]["speech"]["plain"]["speech"]
    assert speech == "Done."  # the stand-in's answer, through JARVIS
    assert llm.requests[-1]["model"] == "gpt-5-mini"  # HOLOMAT_LLM_MODEL
    assert _preferred(found)["conversation_engine"] == agent
    assert "already set up" in text  # the printers, kept from the first run
