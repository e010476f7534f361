"""Draw a picture with a JARVIS server's image model: ``POST /v1/images/generations``.

Facts of the images API (OpenAI API reference, ``openai`` 2.15.0 ``types/images_response.py``;
LocalAI ``core/http/endpoints/openai/image.go``):

- the answer is ``{"created", "data": [{"b64_json" | "url", "revised_prompt"}], "output_format",
  "size", ...}``; OpenAI's gpt-image models always answer ``b64_json`` and refuse
  ``response_format`` (400 "Unknown parameter: 'response_format'"), so none is sent; dall-e
  models and LocalAI answer a ``url`` by default (LocalAI ``<server>/generated-images/<file>``,
  possibly relative), which is fetched with Home Assistant's session, bounded in size, with the
  key only when the picture lies on the server's own origin (a CDN must never see it);
- refusals: 400 ``moderation_blocked`` (gpt-image, type ``image_generation_user_error``) or
  ``content_policy_violation`` (dall-e), "Your request was rejected ... safety system"
  (openai/codex#25969, mishl-dev/Discord-AI-Chatbot#160); a model the server lacks: 400/404
  with ``param: "model"`` or ``code: "model_not_found"`` ("Model not found gpt-image-1-mini",
  lofcz/LLMTornado#144); a server without the endpoint: a bare 404 (Ollama's "404 page not
  found", FastAPI's ``{"detail": "Not Found"}``) or 405.

Every failure is a translated ``HomeAssistantError`` naming the server.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from io import BytesIO
from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import openai
from PIL import Image, UnidentifiedImageError
from yarl import URL

from ..const import DOMAIN
from ..download import async_download
from .errors import server_message

REFUSAL_CODES: Final = frozenset({"moderation_blocked", "content_policy_violation"})
# The formats Home Assistant's media browser and the add-on both take.
IMAGE_FORMATS: Final = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


@dataclass(frozen=True, slots=True)
class Picture:
    """A drawn picture: its bytes, media type, size in pixels and the prompt the model used."""

    data: bytes
    mime_type: str
    width: int
    height: int
    revised_prompt: str | None


def image_error(err: openai.APIError, url: str, model: str) -> HomeAssistantError:
    """Return what a failed ``images.generate`` means for the user (see the module's facts)."""
    message = server_message(err)
    placeholders = {"url": url, "error": message}
    key = "jarvis_task_failed"
    if isinstance(err, openai.APIStatusError):
        code = err.code or ""
        lowered = message.lower()
        if code in REFUSAL_CODES or "safety system" in lowered:
            key = "jarvis_image_refused"
        elif (
            err.param == "model"
            or code == "model_not_found"
            or (model.lower() in lowered and ("not exist" in lowered or "not found" in lowered))
        ):
            key = "jarvis_image_model_missing"
            placeholders["model"] = model
        elif err.status_code in (404, 405):
            key = "jarvis_image_unsupported"
    return HomeAssistantError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def _invalid(url: str, problem: str) -> HomeAssistantError:
    """Return the error of an answer that is not a picture."""
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="jarvis_image_invalid",
        translation_placeholders={"url": url, "error": problem},
    )


def _identify(data: bytes, url: str) -> tuple[str, int, int]:
    """Return the media type and size of image ``data``; raise when it is no PNG, JPEG, WebP."""
    try:
        with Image.open(BytesIO(data)) as image:
            if image.format in IMAGE_FORMATS:
                return IMAGE_FORMATS[image.format], image.width, image.height
            problem = f"{image.format} is not PNG, JPEG or WebP"
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as err:
        problem = str(err)
    raise _invalid(url, problem)


async def async_draw(
    hass: HomeAssistant,
    client: openai.AsyncOpenAI,
    *,
    model: str,
    prompt: str,
    api_key: str | None,
    within: float,
) -> Picture:
    """Return the picture the server's image ``model`` draws for ``prompt``, within ``within`` s.

    ``api_key`` (the entry's, ``None`` for none) goes with a ``url`` answer's download only to
    the server's own origin. Raises translated ``HomeAssistantError``.
    """
    base = URL(str(client.base_url))
    server = str(base).rstrip("/")
    try:
        answer = await client.with_options(timeout=within).images.generate(
            model=model, prompt=prompt
        )
    except openai.APIError as err:
        raise image_error(err, server, model) from err
    image = answer.data[0] if answer.data else None
    if image is not None and image.b64_json:
        try:
            data = base64.b64decode(image.b64_json, validate=True)
        except (binascii.Error, ValueError) as err:
            raise _invalid(server, str(err)) from err
    elif image is not None and image.url:
        where = base.join(URL(image.url))
        same_origin = where.origin() == base.origin()
        headers = {"Authorization": f"Bearer {api_key}"} if api_key and same_origin else {}
        data, _ = await async_download(hass, where, headers=headers)
    else:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="jarvis_image_missing",
            translation_placeholders={"url": server},
        )
    mime_type, width, height = await hass.async_add_executor_job(_identify, data, server)
    return Picture(data, mime_type, width, height, image.revised_prompt)
