"""The images of a model server's last model: its rendered preview and the picture it came from."""

from __future__ import annotations

from collections.abc import Mapping
import mimetypes
from pathlib import Path
from typing import Any

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
    """Add the last model's preview and picture of a model server."""
    async_add_entities([LastModelImage(hass, entry), LastModelPicture(hass, entry)])


# What the preview's attributes say about the model (the model card shows them): the STL's file
# path, its media URL and the URL to fetch it from (``model_view``), triangles, size (mm, x y z),
# volume (mm³), whether it is watertight, the picture's quality (0-1) and why, the method, where
# the picture came from, the picture's media URL, and the user's words for a drawn picture.
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
    "picture_url",
    "prompt",
)
# What the picture's attributes say: its file, its media URL, where it came from, the words.
PICTURE_ATTRIBUTES = ("picture_path", "picture_url", "source", "prompt")


def _read(path: Path) -> bytes | None:
    """Return a file's bytes, or None when it is gone."""
    try:
        return path.read_bytes()
    except OSError:
        return None


class _LastModelFile(ImageEntity, RestoreEntity):
    """An image of the last model the server generated, kept beside its STL; none until then.

    ``_file`` names the image among the model's facts (the new model's, or after a restart the
    last state's attributes), so a restart shows the same image again from the media folder.
    """

    _attr_has_entity_name = True
    _attributes: tuple[str, ...]

    def __init__(self, hass: HomeAssistant, entry: ModelServerConfigEntry) -> None:
        """Attach the image to the server's device."""
        super().__init__(hass)
        self._entry = entry
        self._attr_unique_id = f"{device_id(entry)}_{self._attr_translation_key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, device_id(entry))})
        self._image: bytes | None = None
        self._attr_extra_state_attributes = {}

    @staticmethod
    def _file(facts: Mapping[str, Any]) -> str | None:
        """Return the path of the image among a model's facts."""
        raise NotImplementedError

    @staticmethod
    def _pick(preview: bytes, picture: bytes) -> bytes:
        """Return which of a new model's images this entity shows."""
        raise NotImplementedError

    def _show(self, image: bytes, path: str, facts: Mapping[str, Any]) -> None:
        """Show ``image`` (the file ``path``) and the facts the entity tells of its model."""
        self._image = image
        self._attr_content_type = mimetypes.guess_type(path)[0] or "image/png"
        self._attr_extra_state_attributes = {
            key: facts[key] for key in self._attributes if key in facts
        }

    async def async_added_to_hass(self) -> None:
        """Show the image shown before a restart, then follow the new models."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, model_signal(self._entry.entry_id), self._async_model_generated
            )
        )
        last = await self.async_get_last_state()
        if last is None or (path := self._file(last.attributes)) is None:
            return
        image = await self.hass.async_add_executor_job(_read, Path(path))
        if image is None:
            return
        self._show(image, path, last.attributes)
        self._attr_image_last_updated = dt_util.parse_datetime(last.state)

    @callback
    def _async_model_generated(self, model: GeneratedModel, preview: bytes, picture: bytes) -> None:
        """Show the new model's image."""
        facts = {**model.as_dict(), "stl_url": model_url(model.path)}
        self._show(self._pick(preview, picture), self._file(facts) or "", facts)
        self._attr_image_last_updated = model.created
        self.async_write_ha_state()

    async def async_image(self) -> bytes | None:
        """Return the image of the last model."""
        return self._image


class LastModelImage(_LastModelFile):
    """The rendered preview (PNG) of the last model, written next to its STL."""

    _attr_translation_key = "last_model"
    _attributes = MODEL_ATTRIBUTES

    @staticmethod
    def _file(facts: Mapping[str, Any]) -> str | None:
        """Return the preview beside the model's STL."""
        return str(Path(facts["path"]).with_suffix(".png")) if facts.get("path") else None

    @staticmethod
    def _pick(preview: bytes, picture: bytes) -> bytes:
        """Show the preview."""
        return preview


class LastModelPicture(_LastModelFile):
    """The picture the last model was made from (a photo, a file, or drawn from words)."""

    _attr_translation_key = "last_model_picture"
    _attributes = PICTURE_ATTRIBUTES

    @staticmethod
    def _file(facts: Mapping[str, Any]) -> str | None:
        """Return the picture kept beside the model's STL."""
        return str(facts["picture_path"]) if facts.get("picture_path") else None

    @staticmethod
    def _pick(preview: bytes, picture: bytes) -> bytes:
        """Show the picture, in its own format."""
        return picture
