"""Conversation agents of HoloMat: the JARVIS agents of a JARVIS server."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import EntryType, entry_type
from .jarvis import conversation as jarvis_conversation

# Turns run concurrently; each request is its own HTTP call.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the conversation entities of a HoloMat config entry."""
    match entry_type(entry):
        case EntryType.JARVIS:
            await jarvis_conversation.async_setup_entry(hass, entry, async_add_entities)
