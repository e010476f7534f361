"""Where the image of a 3D model comes from: a file, a media-source item, a URL or a camera.

Each function returns an ``ImageInput`` or raises a translated ``ServiceValidationError`` (the
caller's input is wrong: path not allowed, entity unknown) or ``HomeAssistantError`` (the image
could not be fetched). Files are read in the executor; files and downloads are capped at
``MAX_IMAGE_BYTES`` so a wrong path or URL cannot fill memory.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
import mimetypes
from pathlib import Path
from typing import Final, Protocol

from homeassistant.components import camera, image as image_component
from homeassistant.components.media_player.browse_media import async_process_play_media_url
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from yarl import URL

from ..const import DOMAIN
from ..download import MAX_DOWNLOAD_BYTES, async_download
from ..files import async_allowed_path, async_resolve_media, read_capped
from .models import ImageInput

MAX_IMAGE_BYTES: Final = MAX_DOWNLOAD_BYTES


def _content_type(name: str) -> str:
    """Return the media type a file name suggests."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


async def _async_read_file(hass: HomeAssistant, path: Path, source: str) -> ImageInput:
    """Return the image in ``path`` (already checked as allowed)."""
    data = await hass.async_add_executor_job(read_capped, path, MAX_IMAGE_BYTES)
    if data is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="image_not_readable",
            translation_placeholders={"path": str(path)},
        )
    return ImageInput(data, _content_type(path.name), path.name, source)


async def async_image_from_path(hass: HomeAssistant, path: str) -> ImageInput:
    """Return the image in file ``path``, which must lie in an allowed or a media folder."""
    return await _async_read_file(hass, await async_allowed_path(hass, path), path)


async def async_image_from_media(hass: HomeAssistant, media_content_id: str) -> ImageInput:
    """Return the image of media-source item ``media_content_id``.

    Cameras and image entities (``media-source://camera/<entity_id>``,
    ``media-source://image/<entity_id>``) resolve to streams: take a snapshot instead. Other
    items are read from their file when they have one, else downloaded from their URL.
    """
    parsed = URL(media_content_id)
    entity_id = parsed.path.lstrip("/")
    if parsed.scheme == "media-source" and parsed.host in ("camera", "image") and entity_id:
        if parsed.host == "camera":
            snapshot = await async_image_from_camera(hass, entity_id)
        else:
            snapshot = await _async_image_entity_picture(hass, entity_id)
        return replace(snapshot, source=media_content_id)
    media = await async_resolve_media(hass, media_content_id)
    if media.path is not None:
        return await _async_read_file(hass, media.path, media_content_id)
    url = async_process_play_media_url(hass, media.url)
    return replace(await async_image_from_url(hass, url), source=media_content_id)


async def async_image_from_url(hass: HomeAssistant, url: str) -> ImageInput:
    """Download the image at ``url`` (http or https, checked by the action's schema)."""
    data, content_type = await async_download(hass, url)
    filename = URL(url).name or "image"
    if content_type in ("", "application/octet-stream"):
        content_type = _content_type(filename)
    return ImageInput(data, content_type, filename, url)


class _Picture(Protocol):
    """What camera and image entities hand out: bytes and their type."""

    content: bytes
    content_type: str


async def _async_entity_image(
    hass: HomeAssistant,
    entity_id: str,
    get_image: Callable[[HomeAssistant, str], Awaitable[_Picture]],
    default_extension: str,
) -> ImageInput:
    """Return the picture an image or camera entity gives, with a translated error."""
    try:
        image = await get_image(hass, entity_id)
    except HomeAssistantError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="camera_image_failed",
            translation_placeholders={"entity_id": entity_id, "error": str(err)},
        ) from err
    extension = mimetypes.guess_extension(image.content_type) or default_extension
    return ImageInput(image.content, image.content_type, f"{entity_id}{extension}", entity_id)


async def _async_image_entity_picture(hass: HomeAssistant, entity_id: str) -> ImageInput:
    """Return the picture image entity ``entity_id`` shows."""
    return await _async_entity_image(hass, entity_id, image_component.async_get_image, ".png")


async def async_image_from_camera(hass: HomeAssistant, entity_id: str) -> ImageInput:
    """Return a snapshot of camera ``entity_id``."""
    return await _async_entity_image(hass, entity_id, camera.async_get_image, ".jpg")
