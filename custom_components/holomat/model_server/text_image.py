"""Pictures from words: an AI Task entity draws what the user describes, shaped to be printed.

The user's words (any language) become the subject of ``PRINTABLE_PROMPT``, which asks for what
the add-on's methods turn into a clean model: one whole object, centred, on a plain white
background, with a simple silhouette, and no text (image models draw letters badly and a print
would carry them as noise). The picture comes from Home Assistant's ``ai_task.generate_image``
with the AI Task entity the caller names, else the preferred one (Settings > AI Task), else the
first HoloMat one (a JARVIS server's) that can draw.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final, cast

from homeassistant.components import ai_task
from homeassistant.components.ai_task.const import DATA_PREFERENCES
from homeassistant.const import ATTR_SUPPORTED_FEATURES
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er

from ..const import DOMAIN
from .image_source import async_image_from_media
from .models import ImageInput

MAX_SUBJECT_CHARS: Final = 300
TASK_NAME: Final = "HoloMat 3D model"
PRINTABLE_PROMPT: Final = (
    "{subject}. Exactly one object, whole and centred in the frame, on a plain pure white "
    "background. A simple, bold silhouette with a clear outline, seen from the front. No text, "
    "letters or logos, no shadow, no scenery, no other objects. A design meant to become a "
    "3D-printed object."
)


def printable_prompt(subject: str) -> str:
    """Return the image prompt for ``subject`` (whitespace folded to single spaces).

    Raises ``ServiceValidationError`` (``prompt_empty``) when ``subject`` says nothing.
    """
    words = " ".join(subject.split())
    if not words:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="prompt_empty")
    return PRINTABLE_PROMPT.format(subject=words[:MAX_SUBJECT_CHARS])


def _can_draw(hass: HomeAssistant, entity_id: str) -> bool:
    """Return whether ``entity_id`` is an AI Task entity that generates images."""
    state = hass.states.get(entity_id)
    return (
        state is not None
        and state.domain == ai_task.DOMAIN
        and bool(
            int(state.attributes.get(ATTR_SUPPORTED_FEATURES, 0))
            & ai_task.AITaskEntityFeature.GENERATE_IMAGE
        )
    )


def preferred_image_entity(hass: HomeAssistant) -> str | None:
    """Return the AI Task entity the user prefers for images (Settings > AI Task), if any.

    A private part of Home Assistant (pinned: DEVELOPERS.md, ``tests/test_private_apis.py``).
    """
    preferences = hass.data.get(DATA_PREFERENCES)
    return preferences.gen_image_entity_id if preferences is not None else None


def image_task_entity(hass: HomeAssistant, wanted: str | None) -> str:
    """Return the AI Task entity to draw with: ``wanted``, the preferred one, or HoloMat's first.

    Raises ``ServiceValidationError``: ``ai_task_cannot_draw`` when ``wanted`` cannot draw,
    ``no_image_generator`` when no entity can.
    """
    if wanted is not None:
        if not _can_draw(hass, wanted):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="ai_task_cannot_draw",
                translation_placeholders={"entity_id": wanted},
            )
        return wanted
    preferred = preferred_image_entity(hass)
    if preferred is not None and _can_draw(hass, preferred):
        return preferred
    for entry in er.async_get(hass).entities.values():
        if entry.platform == DOMAIN and _can_draw(hass, entry.entity_id):
            return entry.entity_id
    raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_image_generator")


async def async_image_from_prompt(hass: HomeAssistant, prompt: str, entity_id: str) -> ImageInput:
    """Return the picture AI Task entity ``entity_id`` draws of ``prompt``, shaped to be printed.

    The picture's ``source`` and ``prompt`` are the user's words. Raises translated
    ``HomeAssistantError`` (``image_generation_failed``) when the entity fails.
    """
    instructions = printable_prompt(prompt)
    try:
        result = await ai_task.async_generate_image(
            hass, task_name=TASK_NAME, entity_id=entity_id, instructions=instructions
        )
    except HomeAssistantError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="image_generation_failed",
            translation_placeholders={"entity_id": entity_id, "prompt": prompt, "error": str(err)},
        ) from err
    # ``ai_task`` always answers a dict (``task.py``); its type says a service may answer None.
    media_source_id = str(cast(dict[str, Any], result)["media_source_id"])
    picture = await async_image_from_media(hass, media_source_id)
    return replace(picture, source=prompt, prompt=prompt)
