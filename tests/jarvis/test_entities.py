"""What a user sees of a JARVIS server: one agent entity and one usage sensor per agent."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.holomat.const import DOMAIN


def shown(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    """Return every entity of the entry as the user sees it (the agent's state is a time)."""
    registry = er.async_get(hass)
    result: dict[str, Any] = {}
    for entity in sorted(
        er.async_entries_for_config_entry(registry, entry.entry_id), key=lambda e: e.entity_id
    ):
        state = hass.states.get(entity.entity_id)
        assert state is not None, entity.entity_id
        result[entity.entity_id] = {
            "state": state.state if entity.domain != "conversation" else "<last activity>",
            "unique_id_is_agent": entity.unique_id.startswith(str(entity.config_subentry_id)),
            **state.attributes,
        }
    return result


async def test_agent_as_shown(
    hass: HomeAssistant, init_integration: MockConfigEntry, snapshot: SnapshotAssertion
) -> None:
    assert shown(hass, init_integration) == snapshot
    (agent,) = init_integration.subentries
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, agent)})
    assert device is not None
    assert device.name == "JARVIS"
    assert device.model == "gpt-4o-mini"
    assert device.entry_type is dr.DeviceEntryType.SERVICE
