"""The ``holomat.generate_3d_model`` action: a picture or words in, a printable STL out."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Final

from homeassistant.const import ATTR_CONFIG_ENTRY_ID, ATTR_NAME
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.service import async_register_admin_service
import voluptuous as vol

from ..const import DOMAIN
from .client import METHODS, ModelParameters
from .const import DEFAULT_TIMEOUT, SERVICE_GENERATE_3D_MODEL
from .generate import async_generate_model, loaded_model_server
from .image_source import (
    async_image_from_camera,
    async_image_from_media,
    async_image_from_path,
    async_image_from_url,
)
from .models import ImageInput
from .text_image import MAX_SUBJECT_CHARS, async_image_from_prompt, image_task_entity

ATTR_AI_TASK: Final = "ai_task_entity_id"
ATTR_CAMERA: Final = "camera_entity_id"
ATTR_IMAGE_PATH: Final = "image_path"
ATTR_IMAGE_URL: Final = "image_url"
ATTR_MEDIA: Final = "media"
ATTR_PROMPT: Final = "prompt"
ATTR_METHOD: Final = "method"
ATTR_SIZE: Final = "size_mm"
ATTR_BASE: Final = "base_mm"
ATTR_THICKNESS: Final = "thickness_mm"
ATTR_INVERT: Final = "invert"
ATTR_TIMEOUT: Final = "timeout"
IMAGE_SOURCES: Final = (ATTR_CAMERA, ATTR_IMAGE_PATH, ATTR_IMAGE_URL, ATTR_MEDIA, ATTR_PROMPT)

# The media selector sends {"media_content_id", "media_content_type", ...}; a bare id works too.
MEDIA_SCHEMA = vol.Any(
    cv.string,
    vol.All(
        vol.Schema({vol.Required("media_content_id"): cv.string}, extra=vol.ALLOW_EXTRA),
        lambda media: media["media_content_id"],
    ),
)


def _ai_task_needs_prompt(data: dict[str, Any]) -> dict[str, Any]:
    """Refuse an AI Task entity without a prompt: it would go unused without a word said."""
    if ATTR_AI_TASK in data and ATTR_PROMPT not in data:
        raise vol.Invalid(f"{ATTR_AI_TASK} draws a {ATTR_PROMPT}: give one")
    return data


GENERATE_SCHEMA = vol.All(
    vol.Schema(
        {
            vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
            vol.Exclusive(ATTR_CAMERA, "image"): cv.entity_domain("camera"),
            vol.Exclusive(ATTR_IMAGE_PATH, "image"): cv.string,
            vol.Exclusive(ATTR_IMAGE_URL, "image"): cv.url,
            vol.Exclusive(ATTR_MEDIA, "image"): MEDIA_SCHEMA,
            vol.Exclusive(ATTR_PROMPT, "image"): vol.All(
                cv.string, vol.Length(min=1, max=MAX_SUBJECT_CHARS)
            ),
            vol.Optional(ATTR_AI_TASK): cv.entity_domain("ai_task"),
            vol.Optional(ATTR_METHOD, default="auto"): vol.In(METHODS),
            vol.Optional(ATTR_SIZE, default=80): vol.All(
                vol.Coerce(float), vol.Range(min=5, max=500)
            ),
            vol.Optional(ATTR_BASE, default=2): vol.All(
                vol.Coerce(float), vol.Range(min=0, max=20)
            ),
            vol.Optional(ATTR_THICKNESS): vol.All(vol.Coerce(float), vol.Range(min=0.2, max=100)),
            vol.Optional(ATTR_INVERT): cv.boolean,
            vol.Optional(ATTR_NAME): cv.string,
            vol.Optional(ATTR_TIMEOUT, default=DEFAULT_TIMEOUT): vol.All(
                vol.Coerce(float), vol.Range(min=1, max=3600)
            ),
        }
    ),
    cv.has_at_least_one_key(*IMAGE_SOURCES),
    _ai_task_needs_prompt,
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the 3D model action, for administrators: it reads files and fetches URLs."""
    async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_GENERATE_3D_MODEL,
        _async_generate,
        schema=GENERATE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )


def image_input(hass: HomeAssistant, data: dict[str, Any]) -> tuple[str, Awaitable[ImageInput]]:
    """Return where the image comes from and how to get it, from action data.

    For a prompt the AI Task entity is chosen at once, so a missing one is refused before
    anything starts.
    """
    if prompt := data.get(ATTR_PROMPT):
        entity_id = image_task_entity(hass, data.get(ATTR_AI_TASK))
        return prompt, async_image_from_prompt(hass, prompt, entity_id)
    if camera := data.get(ATTR_CAMERA):
        return camera, async_image_from_camera(hass, camera)
    if path := data.get(ATTR_IMAGE_PATH):
        return path, async_image_from_path(hass, path)
    if url := data.get(ATTR_IMAGE_URL):
        return url, async_image_from_url(hass, url)
    media: str = data[ATTR_MEDIA]
    return media, async_image_from_media(hass, media)


async def _async_generate(call: ServiceCall) -> ServiceResponse:
    """Generate a model from the call's image; answer its data."""
    hass = call.hass
    entry = loaded_model_server(hass, call.data.get(ATTR_CONFIG_ENTRY_ID))
    source, image = image_input(hass, dict(call.data))
    parameters = ModelParameters(
        method=call.data[ATTR_METHOD],
        size_mm=call.data[ATTR_SIZE],
        base_mm=call.data[ATTR_BASE],
        thickness_mm=call.data.get(ATTR_THICKNESS),
        invert=call.data.get(ATTR_INVERT),
    )
    model = await async_generate_model(
        hass,
        entry,
        image,
        parameters,
        source=source,
        name=call.data.get(ATTR_NAME),
        within=call.data[ATTR_TIMEOUT],
    )
    return model.as_dict()
