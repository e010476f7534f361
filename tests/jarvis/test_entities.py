"""What a user sees of a JARVIS server: its agents' entities and its AI tasks' entities."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.jarvis import PLATFORMS

from ..snapshots import snapshot_entry_platform
from .conftest import AGENT_SUBENTRY_ID, AI_TASK_SUBENTRY_ID


async def test_entities_belong_to_their_subentry(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Each entity of a JARVIS server belongs to its agent or AI task, by unique id too."""
    entities = er.async_entries_for_config_entry(er.async_get(hass), init_integration.entry_id)
    assert {entity.domain for entity in entities} == set(PLATFORMS)
    for entity in entities:
        expected = AI_TASK_SUBENTRY_ID if entity.domain == Platform.AI_TASK else AGENT_SUBENTRY_ID
        assert entity.config_subentry_id == expected
        assert entity.unique_id.startswith(expected)


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_entities(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    snapshot: SnapshotAssertion,
) -> None:
    """Each platform's entities of the agent: registry entries and states."""
    await snapshot_entry_platform(hass, init_integration.entry_id, platform, snapshot)


async def test_agent_device(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """The agent is a service device named after it, showing its model."""
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, AGENT_SUBENTRY_ID)})
    assert device is not None
    assert device.name == "JARVIS"
    assert device.model == "gpt-4o-mini"
    assert device.entry_type is dr.DeviceEntryType.SERVICE
