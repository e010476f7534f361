"""Token usage sensors of JARVIS agents: what the last turn cost, so users can see the bill."""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import SensorEntity, SensorStateClass
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import JarvisConfigEntry
from .client import TurnUsage
from .const import SIGNAL_USAGE, SUBENTRY_AGENT
from .entity import add_subentry_entities, agent_device_info


async def async_setup_entry(
    hass: HomeAssistant,
    entry: JarvisConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a token usage sensor for each agent of the server."""
    add_subentry_entities(
        entry,
        async_add_entities,
        SUBENTRY_AGENT,
        lambda subentry: JarvisUsageSensor(entry, subentry),
    )


class JarvisUsageSensor(SensorEntity):
    """Tokens of the agent's last turn; prompt, completion and totals since start as attributes."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    _attr_translation_key = "jarvis_last_turn_tokens"
    _attr_native_unit_of_measurement = "tokens"
    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_entity_category = EntityCategory.DIAGNOSTIC

    def __init__(self, entry: JarvisConfigEntry, subentry: ConfigSubentry) -> None:
        """Follow the usage of ``subentry``'s agent."""
        self.entry = entry
        self.key = subentry.subentry_id
        self._attr_unique_id = f"{subentry.subentry_id}_last_turn_tokens"
        self._attr_device_info = agent_device_info(subentry)

    async def async_added_to_hass(self) -> None:
        """Update when the agent ends a turn."""
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, SIGNAL_USAGE.format(self.key), self.async_write_ha_state
            )
        )

    @property
    def native_value(self) -> int | None:
        """Return the last turn's total tokens (unknown before the first turn)."""
        usage = self.entry.runtime_data.last_usage.get(self.key)
        return usage.total_tokens if usage else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Return the last turn's split and the totals since Home Assistant started."""
        data = self.entry.runtime_data
        last = data.last_usage.get(self.key, TurnUsage())
        total = data.total_usage.get(self.key, TurnUsage())
        return {
            "prompt_tokens": last.prompt_tokens,
            "completion_tokens": last.completion_tokens,
            "requests": last.requests,
            "total_prompt_tokens": total.prompt_tokens,
            "total_completion_tokens": total.completion_tokens,
        }
