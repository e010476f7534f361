"""Binary sensors of HoloMat: printer online, HMS problem, print error."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import EntryType, entry_type
from .printer import binary_sensor as printer_binary_sensor

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
            await printer_binary_sensor.async_setup_entry(hass, entry, async_add_entities)
