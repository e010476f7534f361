"""Fixtures for JARVIS's tests: a real OpenAI-compatible stand-in server and a loaded entry."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from homeassistant.config_entries import ConfigSubentryDataWithId
from homeassistant.const import CONF_API_KEY, CONF_MODEL, CONF_TIMEOUT
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN, EntryType
from custom_components.holomat.jarvis.config_flow import default_agent_options
from custom_components.holomat.jarvis.const import (
    CONF_BASE_URL,
    CONF_IMAGE_MODEL,
    SUBENTRY_AGENT,
    SUBENTRY_AI_TASK,
)
from holomat_dev.openai_standin import OpenAIStandin

API_KEY = "sk-test-key"
AGENT = "conversation.jarvis"
# Fixed ids, so the entities' unique ids (the agent's subentry id) are the same in every run.
ENTRY_ID = "01JARVISENTRY00000000000000"
AGENT_SUBENTRY_ID = "01JARVISAGENT00000000000000"
AI_TASK_SUBENTRY_ID = "01JARVISAITASK0000000000000"


@pytest.fixture(autouse=True)
async def setup_homeassistant(request: pytest.FixtureRequest) -> None:
    """Set up Home Assistant's core component, as every real instance has it (Assist needs it)."""
    if "hass" in request.fixturenames:
        hass: HomeAssistant = request.getfixturevalue("hass")
        assert await async_setup_component(hass, "homeassistant", {})


@pytest.fixture
async def standin(socket_enabled: None) -> AsyncGenerator[OpenAIStandin]:
    """Serve a stand-in model server on 127.0.0.1 that wants ``API_KEY``."""
    server = OpenAIStandin(api_key=API_KEY)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def agent_options() -> dict[str, Any]:
    """Return the agent's settings (tests override this fixture to change them)."""
    return default_agent_options()


@pytest.fixture
def task_options() -> dict[str, Any]:
    """Return the AI task's settings (tests override this fixture to change them)."""
    return {CONF_MODEL: "gpt-4o-mini", CONF_IMAGE_MODEL: "gpt-image-1", CONF_TIMEOUT: 30}


@pytest.fixture
def mock_config_entry(
    standin: OpenAIStandin, agent_options: dict[str, Any], task_options: dict[str, Any]
) -> MockConfigEntry:
    """Return a JARVIS entry for the stand-in, as the flow makes one: an agent and an AI task."""
    return MockConfigEntry(
        domain=DOMAIN,
        entry_id=ENTRY_ID,
        title="JARVIS (127.0.0.1)",
        data={
            CONF_ENTRY_TYPE: EntryType.JARVIS,
            CONF_BASE_URL: standin.base_url,
            CONF_API_KEY: API_KEY,
        },
        subentries_data=[
            ConfigSubentryDataWithId(
                data=agent_options,
                subentry_id=AGENT_SUBENTRY_ID,
                subentry_type=SUBENTRY_AGENT,
                title="JARVIS",
                unique_id=None,
            ),
            ConfigSubentryDataWithId(
                data=task_options,
                subentry_id=AI_TASK_SUBENTRY_ID,
                subentry_type=SUBENTRY_AI_TASK,
                title="JARVIS AI Task",
                unique_id=None,
            ),
        ],
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> AsyncGenerator[MockConfigEntry]:
    """Load Home Assistant's core intents and the JARVIS entry; unload it at the end."""
    assert await async_setup_component(hass, "intent", {})
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    yield mock_config_entry
    await hass.config_entries.async_unload(mock_config_entry.entry_id)
