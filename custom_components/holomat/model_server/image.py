"""The preview image of a model server: a PNG rendering of the last model it generated."""

from __future__ import annotations

from pathlib import Path

from homeassistant.components.image import ImageEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from .model_view import model_url
from .models import GeneratedModel, ModelServerConfigEntry, device_id, model_signal


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ModelServerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the last-model preview of a model server."""
    async_add_entities([LastModelImage(hass, entry)])


# What the image's attributes say about the model (the model card shows them): the STL's file
# path, its media URL and the URL to fetch it from (``model_view``), triangles, size (mm, x y z),
# volume (mm³), whether it is watertight, the picture's quality (0-1) and why, the method, and
# where the picture came from.
MODEL_ATTRIBUTES = (
    "path",
    "url",
    "stl_url",
    "triangles",
    "size_mm",
    "volume_mm3",
    "watertight",
    "quality",
    "quality_reason",
    "method",
    "source",
)


def _read(path: Path) -> bytes | None:
    """Return a file's bytes, or None when it is gone."""
    try:
        return path.read_bytes()
    except OSError:
        return None


class LastModelImage(ImageEntity, RestoreEntity):
    """The rendered preview (PNG) of the last model the server generated; none until then.

    The preview is also written next to the STL, so after a restart the entity shows it again
    from the media folder.
    """

    _attr_has_entity_name = True
    _attr_translation_key = "last_model"
    _attr_content_type = "image/png"

    def __init__(self, hass: HomeAssistant, entry: ModelServerConfigEntry) -> None:
        """Attach the image to the server's device."""
        super().__init__(hass)
        self._entry = entry
        self._attr_unique_id = f"{device_id(entry)}_last_model"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, device_id(entry))})
        self._preview: bytes | None = None
        self._attr_extra_state_attributes = {}

    async def async_added_to_hass(self) -> None:
        """Show the preview shown before a restart, then follow the new models."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, model_signal(self._entry.entry_id), self._async_model_generated
            )
        )
        last = await self.async_get_last_state()
        if last is None or not (path := last.attributes.get("path")):
            return
        preview = await self.hass.async_add_executor_job(_read, Path(path).with_suffix(".png"))
        if preview is None:
            return
        self._preview = preview
        self._attr_image_last_updated = dt_util.parse_datetime(last.state)
        self._attr_extra_state_attributes = {
            key: last.attributes[key] for key in MODEL_ATTRIBUTES if key in last.attributes
        }

    @callback
    def _async_model_generated(self, model: GeneratedModel, preview: bytes) -> None:
        """Show the new model's preview."""
        self._preview = preview
        self._attr_image_last_updated = model.created
        facts = {**model.as_dict(), "stl_url": model_url(model.path)}
        self._attr_extra_state_attributes = {key: facts[key] for key in MODEL_ATTRIBUTES}
        self.async_write_ha_state()

    async def async_image(self) -> bytes | None:
        """Return the PNG preview of the last model."""
        return self._preview
