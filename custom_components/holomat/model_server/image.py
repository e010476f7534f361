"""The preview image of a model server: a PNG rendering of the last model it generated."""

from __future__ import annotations

from homeassistant.components.image import ImageEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..const import DOMAIN
from .models import ModelServerConfigEntry, device_id, model_signal


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ModelServerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the last-model preview of a model server."""
    async_add_entities([LastModelImage(hass, entry)])


class LastModelImage(ImageEntity):
    """The rendered preview (PNG) of the last model the server generated; none until then."""

    _attr_has_entity_name = True
    _attr_translation_key = "last_model"
    _attr_content_type = "image/png"

    def __init__(self, hass: HomeAssistant, entry: ModelServerConfigEntry) -> None:
        """Attach the image to the server's device."""
        super().__init__(hass)
        self._entry = entry
        self._attr_unique_id = f"{device_id(entry)}_last_model"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, device_id(entry))})

    async def async_added_to_hass(self) -> None:
        """Follow the models the server generates."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, model_signal(self._entry.entry_id), self._async_model_generated
            )
        )

    @callback
    def _async_model_generated(self) -> None:
        """Show the new model's preview."""
        model = self._entry.runtime_data.last_model
        assert model is not None
        self._attr_image_last_updated = model.created
        self.async_write_ha_state()

    async def async_image(self) -> bytes | None:
        """Return the PNG preview of the last model."""
        return self._entry.runtime_data.last_preview

    @property
    def extra_state_attributes(self) -> dict[str, str | None] | None:
        """Return where the last model was written."""
        model = self._entry.runtime_data.last_model
        return None if model is None else {"path": model.path, "url": model.url}
