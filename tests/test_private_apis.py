"""Guards on the private internals HoloMat overrides or relies on (DEVELOPERS.md: pinned internals).

Each hook is pinned to the version it was written against; every failure here names the hook and
the HoloMat code that uses it. After an upgrade that breaks one: read the hook in the new version,
adapt that code, then move the pin (and the expected signature here).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import inspect
import json
from pathlib import Path
import socket
import ssl
from typing import Any

import aiomqtt
from homeassistant.components import assist_pipeline, conversation
from homeassistant.components.assist_pipeline.pipeline import (
    PipelineStorageCollection,
    async_setup_pipeline_store,
)
from homeassistant.components.conversation.chat_log import (
    async_subscribe_chat_logs,
    current_chat_log,
)
from homeassistant.components.conversation.const import ChatLogEventType
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.components.tts.helper import get_engine_instance
from homeassistant.const import __version__ as ha_version
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import area_registry as ar, chat_session, entity_registry as er, llm
from homeassistant.setup import async_setup_component
from homeassistant.util.json import JsonObjectType
from paho.mqtt.client import MQTTMessage
import pytest
import voluptuous as vol

from custom_components.holomat.bambu.mqtt import MqttClient
from custom_components.holomat.jarvis.compact import CompactAssistAPI
from custom_components.holomat.model_server.text_image import preferred_image_entity
from holomat_dev.mosquitto import Mosquitto

ROOT = Path(__file__).parent.parent
MANIFEST = ROOT / "custom_components" / "holomat" / "manifest.json"

# Hook -> the parameters it had in the pinned version, and where HoloMat uses it.
AIOMQTT_HOOKS = {
    "_on_message": ("self", "client", "userdata", "message"),
    "_on_socket_register_write": ("self", "client", "userdata", "sock"),
    "_on_socket_close": ("self", "client", "userdata", "sock"),
}
ASSIST_API_HOOKS = {
    "_async_get_exposed_entities_prompt": ("self", "llm_context", "exposed_entities"),
    "_async_get_tools": ("self", "llm_context", "exposed_entities"),
}


def _parameters(function: Callable[..., Any]) -> tuple[str, ...]:
    return tuple(inspect.signature(function).parameters)


def _pinned(package: str) -> str:
    """Return the version requirements_test.txt pins ``package`` to."""
    for line in (ROOT / "requirements_test.txt").read_text().splitlines():
        name, _, version = line.partition("==")
        if name.strip() == package:
            return version.strip()
    raise AssertionError(f"requirements_test.txt does not pin {package}")


async def _until(predicate: Callable[[], object], failure: str, within: float = 5.0) -> None:
    """Wait until ``predicate()`` holds, else fail with ``failure``."""
    end = asyncio.get_running_loop().time() + within
    while not predicate():
        if asyncio.get_running_loop().time() > end:
            pytest.fail(failure)
        await asyncio.sleep(0.01)


# --- the pins -------------------------------------------------------------------------------


def test_aiomqtt_is_pinned_where_it_is_installed() -> None:
    requirements = json.loads(MANIFEST.read_text())["requirements"]
    assert f"aiomqtt=={aiomqtt.__version__}" in requirements, (
        f"manifest.json must pin aiomqtt=={aiomqtt.__version__}, the version whose private "
        f"callbacks {sorted(AIOMQTT_HOOKS)} bambu/mqtt.py overrides; it has {requirements}"
    )
    assert _pinned("aiomqtt") == aiomqtt.__version__


def test_home_assistant_minimum_is_the_version_the_hooks_were_written_against() -> None:
    minimum = json.loads((ROOT / "hacs.json").read_text())["homeassistant"]
    assert minimum == _pinned("homeassistant") == ha_version, (
        f"hacs.json's minimum ({minimum}) must be the Home Assistant the private hooks in "
        f"DEVELOPERS.md were checked against (installed: {ha_version})"
    )


# --- aiomqtt: bambu/mqtt.py -----------------------------------------------------------------


@pytest.mark.parametrize("hook", AIOMQTT_HOOKS)
def test_aiomqtt_callbacks_keep_their_signature(hook: str) -> None:
    theirs = _parameters(getattr(aiomqtt.Client, hook))
    assert theirs == AIOMQTT_HOOKS[hook] == _parameters(getattr(MqttClient, hook)), (
        f"aiomqtt.Client.{hook} now takes {theirs}: bambu/mqtt.py's MqttClient overrides it "
        f"with {AIOMQTT_HOOKS[hook]}"
    )


async def test_aiomqtt_calls_the_callbacks_we_override(mosquitto: Mosquitto) -> None:
    """On a real mosquitto: every message reaches ``_on_message``, sockets go through the others."""
    await mosquitto.start()
    broker = mosquitto.simulator
    calls: dict[str, list[Any]] = {hook: [] for hook in AIOMQTT_HOOKS}
    payloads: list[bytes] = []

    class Recording(MqttClient):
        """MqttClient, noting what aiomqtt and paho hand to each overridden callback."""

        def _on_message(self, client: Any, userdata: Any, message: MQTTMessage) -> None:
            calls["_on_message"].append(message)
            super()._on_message(client, userdata, message)

        def _on_socket_register_write(self, client: Any, userdata: Any, sock: Any) -> None:
            calls["_on_socket_register_write"].append(sock)
            super()._on_socket_register_write(client, userdata, sock)

        def _on_socket_close(self, client: Any, userdata: Any, sock: Any) -> None:
            calls["_on_socket_close"].append(sock)
            super()._on_socket_close(client, userdata, sock)

    client = Recording(
        broker.host,
        broker.port,
        username=broker.username,
        password=broker.password,
        on_payload=payloads.append,
    )
    disconnected = client._disconnected
    assert isinstance(disconnected, asyncio.Future), (
        "aiomqtt.Client._disconnected is no longer a future: MqttClient._on_socket_register_write "
        "fails it when a write breaks the connection"
    )
    assert client._loop is asyncio.get_running_loop(), (
        "aiomqtt.Client._loop is no longer the event loop: MqttClient registers writers on it"
    )
    async with client:
        await client.subscribe("guard/#")
        await client.publish("guard/report", b'{"print": {}}', qos=1)
        await _until(
            lambda: payloads,
            "aiomqtt no longer hands messages to Client._on_message: MqttClient overrides it to "
            "give payloads to on_payload (printer reports would never arrive)",
        )
        assert len(client.messages) == 0, "MqttClient._on_message no longer bypasses the queue"
    assert payloads == [b'{"print": {}}']
    assert all(isinstance(message, MQTTMessage) for message in calls["_on_message"])
    for hook in ("_on_socket_register_write", "_on_socket_close"):
        assert calls[hook], f"aiomqtt no longer calls Client.{hook}: MqttClient overrides it"
        assert all(isinstance(sock, socket.socket | ssl.SSLSocket) for sock in calls[hook])


# --- Home Assistant's AssistAPI: jarvis/compact.py ------------------------------------------


@pytest.mark.parametrize("hook", ASSIST_API_HOOKS)
def test_assist_api_hooks_keep_their_signature(hook: str) -> None:
    assert hasattr(llm.AssistAPI, hook), (
        f"llm.AssistAPI.{hook} is gone: jarvis/compact.py's CompactAssistAPI overrides it"
    )
    theirs = _parameters(getattr(llm.AssistAPI, hook))
    assert theirs == ASSIST_API_HOOKS[hook] == _parameters(getattr(CompactAssistAPI, hook)), (
        f"llm.AssistAPI.{hook} now takes {theirs}: CompactAssistAPI overrides it with "
        f"{ASSIST_API_HOOKS[hook]}"
    )


async def test_assist_api_hands_both_hooks_the_exposed_entities(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"desk": {"name": "Desk lamp"}, "fan": {}}}
    )
    office = ar.async_get(hass).async_create("Office")
    er.async_get(hass).async_update_entity("input_boolean.desk", area_id=office.id)
    for entity_id in ("input_boolean.desk", "input_boolean.fan"):
        async_expose_entity(hass, conversation.DOMAIN, entity_id, True)
    seen: dict[str, Any] = {}
    tools: list[llm.Tool] = []

    class Recording(llm.AssistAPI):
        """Assist's API, noting what each hook is given."""

        def _async_get_exposed_entities_prompt(
            self, llm_context: llm.LLMContext, exposed_entities: dict[str, Any] | None
        ) -> list[str]:
            seen["_async_get_exposed_entities_prompt"] = exposed_entities
            return ["<the hook's prompt>"]

        def _async_get_tools(
            self, llm_context: llm.LLMContext, exposed_entities: dict[str, Any] | None
        ) -> list[llm.Tool]:
            seen["_async_get_tools"] = exposed_entities
            tools.extend(super()._async_get_tools(llm_context, exposed_entities))
            return tools

    context = llm.LLMContext("holomat", Context(), "en", conversation.DOMAIN, None)
    instance = await Recording(hass).async_get_api_instance(context)

    for hook in ASSIST_API_HOOKS:
        entities = (seen.get(hook) or {}).get("entities")
        assert entities is not None, f"llm.AssistAPI no longer calls {hook} with the entities"
        assert entities["input_boolean.desk"] == {
            "names": "Desk lamp",
            "domain": "input_boolean",
            "areas": "Office",
        }, f"llm.AssistAPI hands {hook} entities of another shape: compact.py reads them"
        assert set(entities) == {"input_boolean.desk", "input_boolean.fan"}
    assert "<the hook's prompt>" in instance.api_prompt, (
        "llm.AssistAPI no longer puts _async_get_exposed_entities_prompt in its prompt"
    )
    assert instance.tools == tools, "llm.AssistAPI no longer offers _async_get_tools' tools"


# --- the conversation's chat log: llm_confirmation.py ---------------------------------------


async def test_current_chat_log_is_the_turns_log_inside_its_tools(hass: HomeAssistant) -> None:
    """``conversation.chat_log.current_chat_log`` holds the turn's chat log in a tool call."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    in_tool: list[conversation.ChatLog | None] = []

    class Probe(llm.Tool):
        """Note the chat log a tool call sees."""

        name = "probe"
        description = "Note the chat log."
        parameters = vol.Schema({})

        async def async_call(
            self, hass: HomeAssistant, tool_input: llm.ToolInput, llm_context: llm.LLMContext
        ) -> JsonObjectType:
            in_tool.append(current_chat_log.get())
            return {}

    class ProbeAPI(llm.API):
        """An LLM API offering only the probe."""

        async def async_get_api_instance(self, llm_context: llm.LLMContext) -> llm.APIInstance:
            return llm.APIInstance(self, "", llm_context, [Probe()])

    user_input = conversation.ConversationInput(
        text="yes", context=Context(), conversation_id=None, device_id=None,
        satellite_id=None, language="en", agent_id="conversation.jarvis",
    )  # fmt: skip
    with (
        chat_session.async_get_chat_session(hass) as session,
        conversation.async_get_chat_log(hass, session, user_input) as chat_log,
    ):
        assert current_chat_log.get() is chat_log, (
            "conversation.chat_log.current_chat_log is no longer set during a turn: "
            "llm_confirmation.async_confirmed reads the user's words from it"
        )
        await chat_log.async_provide_llm_data(
            user_input.as_llm_context("holomat"), ProbeAPI(hass=hass, id="probe", name="Probe")
        )
        call = llm.ToolInput(tool_name="probe", tool_args={})
        content = conversation.AssistantContent("conversation.jarvis", None, tool_calls=[call])
        async for _ in chat_log.async_add_assistant_content(content):
            pass
    assert in_tool == [chat_log], (
        "a tool call no longer sees conversation.chat_log.current_chat_log: "
        "llm_confirmation.async_confirmed would never confirm"
    )
    assert isinstance(chat_log.content[1], conversation.UserContent)
    assert chat_log.content[1].content == "yes"


async def test_chat_log_subscription_reports_every_users_turn(hass: HomeAssistant) -> None:
    """``chat_log.async_subscribe_chat_logs`` reports each user turn of each conversation.

    The one-turn rule (``llm_confirmation``) counts turns from it: a turn it did not report
    would let a pending stop outlive the turn after its question.
    """
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    assert inspect.signature(async_subscribe_chat_logs).parameters.keys() == {
        "hass",
        "callback_func",
    }
    seen: list[tuple[str, ChatLogEventType, str | None, str | None]] = []

    def note(conversation_id: str, event: ChatLogEventType, data: dict[str, Any]) -> None:
        content = data.get("content") or {}
        seen.append((conversation_id, event, content.get("role"), content.get("content")))

    unsubscribe = async_subscribe_chat_logs(hass, note)
    first = await conversation.async_converse(hass, "hello", None, Context(), language="en")
    await conversation.async_converse(
        hass, "no, keep printing", first.conversation_id, Context(), language="en"
    )
    unsubscribe()
    users = [
        (conversation_id, text)
        for conversation_id, event, role, text in seen
        if event is ChatLogEventType.CONTENT_ADDED and role == "user"
    ]
    assert (first.conversation_id, "hello") in users, (
        "chat logs no longer report a user's turn: llm_confirmation counts turns from them"
    )
    assert (first.conversation_id, "no, keep printing") in users, (
        "chat logs no longer report a later user's turn: llm_confirmation counts turns from them"
    )


# --- assist_pipeline and tts: voice/pipeline.py ---------------------------------------------


async def test_pipeline_store_is_the_one_assist_pipeline_runs_from(hass: HomeAssistant) -> None:
    """``assist_pipeline.pipeline.async_setup_pipeline_store`` returns the live store."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "assist_pipeline", {})
    assert _parameters(async_setup_pipeline_store) == ("hass",)
    store = (await async_setup_pipeline_store(hass)).pipeline_store
    assert isinstance(store, PipelineStorageCollection)
    assert store is (await async_setup_pipeline_store(hass)).pipeline_store, (
        "assist_pipeline.pipeline.async_setup_pipeline_store makes a new store at each call: "
        "voice/pipeline.py calls it each time it updates the JARVIS pipeline"
    )
    for method in ("async_create_item", "async_delete_item", "async_get_preferred_item"):
        assert callable(getattr(store, method, None)), f"PipelineStorageCollection.{method} gone"
    settings = {
        "conversation_engine": "conversation.home_assistant",
        "conversation_language": "*",
        "language": "en",
        "name": "Guard",
        "stt_engine": None,
        "stt_language": None,
        "tts_engine": None,
        "tts_language": None,
        "tts_voice": None,
        "wake_word_entity": None,
        "wake_word_id": None,
        "prefer_local_intents": True,
    }
    pipeline = await store.async_create_item(settings)
    store.async_set_preferred_item(pipeline.id)
    assert pipeline in assist_pipeline.async_get_pipelines(hass), (
        "a pipeline created in async_setup_pipeline_store's store is not one HA runs"
    )
    assert store.async_get_preferred_item() == pipeline.id


async def test_tts_engine_lookup(hass: HomeAssistant) -> None:
    """``tts.helper.get_engine_instance(hass, engine)``: an engine, its languages and voices."""
    assert _parameters(get_engine_instance) == ("hass", "engine"), (
        "tts.helper.get_engine_instance changed: voice/pipeline.py reads each engine's "
        "supported_languages and async_get_supported_voices through it"
    )
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "tts", {"tts": {"platform": "demo"}})
    await hass.async_block_till_done()
    assert get_engine_instance(hass, "tts.none") is None
    engine = get_engine_instance(hass, "demo")
    assert engine is not None, "tts.helper.get_engine_instance no longer finds an engine by id"
    assert "en" in engine.supported_languages
    assert callable(engine.async_get_supported_voices)


async def test_ai_task_image_preference_is_read_where_the_user_sets_it(
    hass: HomeAssistant, hass_ws_client: Any
) -> None:
    """``ai_task.const.DATA_PREFERENCES``: the AI Task entity the user prefers for images."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "ai_task", {})
    assert preferred_image_entity(hass) is None
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {"type": "ai_task/preferences/set", "gen_image_entity_id": "ai_task.guard"}
    )
    assert (await client.receive_json())["success"]
    assert preferred_image_entity(hass) == "ai_task.guard", (
        "hass.data[ai_task.const.DATA_PREFERENCES].gen_image_entity_id no longer holds the "
        "preference set in Settings: model_server/text_image.py picks the AI Task entity by it"
    )
