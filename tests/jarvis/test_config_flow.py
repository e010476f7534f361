"""Config flow of JARVIS: add a server, renew its key, add and edit agents."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import (
    CONF_API_KEY,
    CONF_LLM_HASS_API,
    CONF_MODEL,
    CONF_NAME,
    CONF_PROMPT,
    CONF_TIMEOUT,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN, EntryType
from custom_components.holomat.jarvis.const import (
    CONF_BASE_URL,
    CONF_IMAGE_MODEL,
    CONF_MAX_HISTORY,
    CONF_MAX_TOOL_ROUNDS,
    CONF_PREFER_LOCAL,
    DEFAULT_BASE_URL,
    SUBENTRY_AGENT,
    SUBENTRY_AI_TASK,
)
from custom_components.holomat.voice import CONF_PREFER_PIPELINE
from holomat_dev.openai_standin import OpenAIStandin

from .conftest import API_KEY

CLOSED_URL = "http://127.0.0.1:9/v1"


async def _jarvis_form(hass: HomeAssistant) -> str:
    """Open the flow, choose JARVIS in the menu and return the flow id."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert "jarvis" in result["menu_options"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "jarvis"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "jarvis"
    schema = result["data_schema"].schema
    default = next(key for key in schema if key == CONF_BASE_URL).default()
    assert default == DEFAULT_BASE_URL
    return result["flow_id"]


async def test_add_server_recovers_from_each_error(
    hass: HomeAssistant, standin: OpenAIStandin
) -> None:
    flow_id = await _jarvis_form(hass)
    for user_input, error in (
        ({CONF_BASE_URL: CLOSED_URL, CONF_API_KEY: API_KEY}, "jarvis_cannot_connect"),
        ({CONF_BASE_URL: standin.base_url[:-3], CONF_API_KEY: API_KEY}, "jarvis_cannot_connect"),
        ({CONF_BASE_URL: standin.base_url, CONF_API_KEY: "sk-wrong"}, "jarvis_invalid_auth"),
        ({CONF_BASE_URL: standin.base_url}, "jarvis_invalid_auth"),
    ):
        result = await hass.config_entries.flow.async_configure(flow_id, user_input)
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == {"base": error}
    standin.models_status = 500
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_BASE_URL: standin.base_url, CONF_API_KEY: API_KEY}
    )
    assert result["errors"] == {"base": "unknown"}
    standin.models_status = 200
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_BASE_URL: f" {standin.base_url}/ ", CONF_API_KEY: f" {API_KEY} "}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {
        CONF_ENTRY_TYPE: EntryType.JARVIS,
        CONF_BASE_URL: standin.base_url,
        CONF_API_KEY: API_KEY,
    }
    entry = result["result"]
    agent, task = entry.subentries.values()
    assert (task.title, task.subentry_type) == ("JARVIS AI Task", SUBENTRY_AI_TASK)
    assert task.data == {
        CONF_MODEL: "gpt-4o-mini",
        CONF_IMAGE_MODEL: "gpt-image-1",
        CONF_TIMEOUT: 180,
    }
    assert agent.title == "JARVIS"
    assert agent.subentry_type == SUBENTRY_AGENT
    assert agent.data[CONF_LLM_HASS_API] == ["assist", "holomat"]
    assert agent.data[CONF_MAX_TOOL_ROUNDS] == 3
    assert agent.data[CONF_MODEL] == "gpt-4o-mini"
    assert "JARVIS" in agent.data[CONF_PROMPT]
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("conversation.jarvis") is not None

    flow_id = await _jarvis_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_BASE_URL: standin.base_url, CONF_API_KEY: API_KEY}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    await hass.config_entries.async_unload(entry.entry_id)


async def test_local_server_without_key(hass: HomeAssistant, socket_enabled: None) -> None:
    server = OpenAIStandin(models=("qwen3:8b", "llama3.2:3b"))
    await server.start()
    flow_id = await _jarvis_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_BASE_URL: server.base_url, CONF_API_KEY: "  "}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_API_KEY] is None
    agent, task = result["result"].subentries.values()
    assert agent.data[CONF_MODEL] == task.data[CONF_MODEL] == "llama3.2:3b"  # the first, in order
    await hass.async_block_till_done()
    await hass.config_entries.async_unload(result["result"].entry_id)
    await server.stop()


async def test_refused_key_starts_reauth(
    hass: HomeAssistant, standin: OpenAIStandin, mock_config_entry: MockConfigEntry
) -> None:
    standin.api_key = "sk-rotated"
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["step_id"] == "jarvis_reauth"
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_API_KEY: "sk-still-wrong"}
    )
    assert result["errors"] == {"base": "jarvis_invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_API_KEY: "sk-rotated"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "jarvis_reauth_successful"
    await hass.async_block_till_done()
    assert mock_config_entry.data[CONF_API_KEY] == "sk-rotated"
    assert mock_config_entry.state is ConfigEntryState.LOADED
    await hass.config_entries.async_unload(mock_config_entry.entry_id)


async def test_unreachable_server_retries(
    hass: HomeAssistant, standin: OpenAIStandin, mock_config_entry: MockConfigEntry
) -> None:
    await standin.stop()
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_add_and_edit_agent(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    entry = init_integration
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_AGENT), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    schema = result["data_schema"].schema
    model_selector = next(value for key, value in schema.items() if key == CONF_MODEL)
    assert model_selector.config["options"] == ["gpt-4o-mini", "gpt-5-mini"]
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "Friday",
            CONF_MODEL: "gpt-5-mini",
            CONF_PROMPT: "You are FRIDAY.",
            CONF_LLM_HASS_API: [],
            CONF_MAX_TOOL_ROUNDS: 2.0,
            CONF_MAX_HISTORY: 4.0,
            CONF_PREFER_LOCAL: True,
            CONF_PREFER_PIPELINE: True,
            CONF_TIMEOUT: 30,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    friday = next(s for s in entry.subentries.values() if s.title == "Friday")
    assert friday.data == {
        CONF_MODEL: "gpt-5-mini",
        CONF_PROMPT: "You are FRIDAY.",
        CONF_MAX_TOOL_ROUNDS: 2,
        CONF_MAX_HISTORY: 4,
        CONF_PREFER_LOCAL: True,
        CONF_PREFER_PIPELINE: True,
        CONF_TIMEOUT: 30,
    }
    assert hass.states.get("conversation.friday") is not None

    result = await entry.start_subentry_reconfigure_flow(hass, friday.subentry_id)
    assert result["step_id"] == "reconfigure"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_MODEL: "gpt-4o-mini",
            CONF_LLM_HASS_API: ["assist"],
            CONF_MAX_TOOL_ROUNDS: 3,
            CONF_MAX_HISTORY: 4,
            CONF_PREFER_LOCAL: False,
            CONF_TIMEOUT: 30,
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.subentries[friday.subentry_id].data[CONF_MODEL] == "gpt-4o-mini"
    assert entry.subentries[friday.subentry_id].data[CONF_LLM_HASS_API] == ["assist"]


@pytest.mark.parametrize("subentry_type", [SUBENTRY_AGENT, SUBENTRY_AI_TASK])
async def test_agent_flow_needs_a_loaded_server(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    mock_config_entry: MockConfigEntry,
    subentry_type: str,
) -> None:
    await standin.stop()
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    result = await hass.config_entries.subentries.async_init(
        (mock_config_entry.entry_id, subentry_type), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "entry_not_loaded"


async def test_move_server(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    entry = init_integration
    moved = OpenAIStandin(api_key="sk-new")
    await moved.start()
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "jarvis_reconfigure"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_BASE_URL: moved.base_url, CONF_API_KEY: API_KEY}
    )
    assert result["errors"] == {"base": "jarvis_invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_BASE_URL: f"{moved.base_url}/", CONF_API_KEY: "sk-new"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "jarvis_reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.data[CONF_BASE_URL] == moved.base_url
    assert entry.data[CONF_API_KEY] == "sk-new"
    assert entry.state is ConfigEntryState.LOADED
    assert len(entry.subentries) == 2  # the agent and the AI task, kept
    await hass.config_entries.async_unload(entry.entry_id)
    await moved.stop()
