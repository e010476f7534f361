"""Sensors of HoloMat: printer telemetry, JARVIS token usage."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import EntryType, entry_type
from .jarvis import sensor as jarvis_sensor
from .printer import sensor as printer_sensor

# Entities are pushed by coordinators; commands go to separate devices.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entities of a HoloMat config entry."""
    match entry_type(entry):
        case EntryType.PRINTER:
            await printer_sensor.async_setup_entry(hass, entry, async_add_entities)
        case EntryType.JARVIS:
            await jarvis_sensor.async_setup_entry(hass, entry, async_add_entities)
