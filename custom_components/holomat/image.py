"""Image entities of HoloMat: the preview of a model server's last model."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import EntryType, entry_type
from .model_server import image as model_server_image

# The preview changes only when the action generates a model.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the image entities of a HoloMat config entry."""
    match entry_type(entry):
        case EntryType.MODEL_SERVER:
            await model_server_image.async_setup_entry(hass, entry, async_add_entities)
