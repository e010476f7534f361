"""JARVIS's ``generate_3d_model`` tool: start a model from a camera, an image file or words.

Generating takes from a second (relief) to minutes (Hunyuan3D, a drawn picture), longer than a
voice turn, so the tool checks its input, takes a snapshot or file at once (a prompt: chooses the
AI Task entity that will draw it), starts the rest in the background and answers straight away.
The end is announced by the ``holomat_model_generated`` / ``holomat_model_failed`` event and a
persistent notification.
"""

from __future__ import annotations

from collections.abc import Awaitable

from homeassistant.components import persistent_notification
from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import llm
from homeassistant.util.json import JsonObjectType
import voluptuous as vol

from ..const import DOMAIN
from ..texts import Text, async_get_text
from .client import METHODS, ModelParameters
from .const import DEFAULT_TIMEOUT
from .generate import async_generate_model, loaded_model_server
from .image_source import async_image_from_camera, async_image_from_path
from .models import ImageInput, ModelServerConfigEntry
from .text_image import MAX_SUBJECT_CHARS, async_image_from_prompt, image_task_entity


class Generate3DModelTool(llm.Tool):
    """Start turning a camera snapshot, an image file or a description into a printable STL."""

    name = "generate_3d_model"
    description = (
        "Start making a printable 3D model (STL file in the media folder). Give one of "
        "'camera' (a camera entity id, for a snapshot), 'path' (an image file) or 'prompt' "
        "(what to make, in the user's words, e.g. 'a small dragon keychain': a picture of it is "
        "drawn first). Returns at once; the user is notified when the model is ready, usually "
        "within a minute or two. Methods: relief (height map panel), silhouette (extruded "
        "outline), auto."
    )
    parameters = vol.Schema(
        {
            vol.Optional(
                "camera", description="camera entity id (or name) to take a snapshot from"
            ): str,
            vol.Optional("path", description="path of an image file (administrators only)"): str,
            vol.Optional(
                "prompt", description="what to make, in words, when there is no picture"
            ): vol.All(str, vol.Length(min=1, max=MAX_SUBJECT_CHARS)),
            vol.Optional("method", description="how to make the model"): vol.In(list(METHODS)),
            vol.Optional("size_mm", description="largest dimension in millimetres"): vol.All(
                vol.Coerce(float), vol.Range(min=5, max=500)
            ),
        }
    )

    async def async_call(
        self, hass: HomeAssistant, tool_input: llm.ToolInput, llm_context: llm.LLMContext
    ) -> JsonObjectType:
        """Take the image, start the generation in the background and answer at once."""
        args = tool_input.tool_args
        entry = loaded_model_server(hass, None)
        if camera := args.get("camera"):
            entity_id = _camera_entity_id(hass, camera)
            if llm_context.assistant and not async_should_expose(
                hass, llm_context.assistant, entity_id
            ):
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="camera_not_exposed",
                    translation_placeholders={"entity_id": entity_id},
                )
            image = _ready(await async_image_from_camera(hass, entity_id))
            source = entity_id
        elif path := args.get("path"):
            await _async_check_admin(hass, llm_context)
            image = _ready(await async_image_from_path(hass, path))
            source = path
        elif prompt := args.get("prompt"):
            source = prompt
            image = async_image_from_prompt(hass, prompt, image_task_entity(hass, None))
        else:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="no_image_given"
            )
        parameters = ModelParameters(
            method=args.get("method", "auto"), size_mm=args.get("size_mm", 80.0)
        )
        entry.async_create_background_task(
            hass,
            _async_generate_and_notify(
                hass, entry, image, parameters, source=source, language=llm_context.language
            ),
            f"{DOMAIN} generate_3d_model from {source}",
        )
        return {
            "status": "started",
            "source": source,
            "method": parameters.method,
            "size_mm": parameters.size_mm,
            "message": "The 3D model is being generated; the user gets a notification when "
            "it is ready.",
        }


async def _async_check_admin(hass: HomeAssistant, llm_context: llm.LLMContext) -> None:
    """Raise ``ServiceValidationError`` unless the conversation's user is an administrator.

    Reading a local file is what the admin-only ``holomat.generate_3d_model`` action does, so
    the tool asks the same of the user behind the turn (``llm_context.context.user_id``); a
    turn without a user (a voice satellite) may use cameras only.
    """
    user_id = llm_context.context.user_id if llm_context.context else None
    user = await hass.auth.async_get_user(user_id) if user_id else None
    if user is None or not user.is_admin:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="image_path_admin_only"
        )


def _camera_entity_id(hass: HomeAssistant, camera: str) -> str:
    """Return the camera entity id ``camera`` names (an entity id or a camera's name)."""
    if camera.startswith("camera."):
        return camera
    wanted = camera.strip().casefold()
    for state in hass.states.async_all("camera"):
        if state.name.casefold() == wanted:
            return state.entity_id
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="camera_not_found",
        translation_placeholders={"camera": camera},
    )


async def _ready(image: ImageInput) -> ImageInput:
    """Return ``image``, already taken."""
    return image


async def _async_generate_and_notify(
    hass: HomeAssistant,
    entry: ModelServerConfigEntry,
    image: Awaitable[ImageInput],
    parameters: ModelParameters,
    *,
    source: str,
    language: str | None,
) -> None:
    """Generate the model and tell the user how it went, in ``language``, in a notification."""
    try:
        model = await async_generate_model(
            hass, entry, image, parameters, source=source, within=DEFAULT_TIMEOUT
        )
    except HomeAssistantError as err:
        title, text = Text.MODEL_SERVER_FAILED_TITLE, Text.MODEL_SERVER_FAILED
        placeholders = {"source": source, "error": str(err)}
    else:
        title, text = Text.MODEL_SERVER_READY_TITLE, Text.MODEL_SERVER_READY
        x, y, z = (f"{size:.0f}" for size in model.size_mm)
        placeholders = {
            "source": source,
            "path": model.path,
            "triangles": str(model.triangles),
            "x": x,
            "y": y,
            "z": z,
        }
    persistent_notification.async_create(
        hass,
        await async_get_text(hass, text, language, **placeholders),
        title=await async_get_text(hass, title, language),
        notification_id=f"{DOMAIN}_model_{source}",
    )
