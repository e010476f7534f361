"""The images endpoint of the OpenAI-compatible stand-in: real PNGs drawn from the prompt.

``POST /v1/images/generations`` answers as the servers HoloMat meets do (OpenAI API reference,
``openai`` 2.15.0 ``types/images_response.py``; LocalAI ``core/http/endpoints/openai/image.go``):

- gpt-image models always answer ``b64_json``, with ``output_format``, ``size``, ``quality``,
  ``background`` and ``usage``, and refuse ``response_format`` with 400 "Unknown parameter:
  'response_format'." (``unknown_parameter``; GetfroggyHoe/universal-immersion-engine#5);
- other models (dall-e, LocalAI's) answer a ``url`` unless ``response_format`` is ``b64_json``;
  LocalAI's is ``<server>/generated-images/<file>.png``, served here too; dall-e-3 adds a
  ``revised_prompt``;
- a model the server lacks: 400 ``{"message": "Model not found <model>", "param": "model"}``
  (lofcz/LLMTornado#144); a prompt its safety system refuses: 400 ``content_policy_violation``
  (dall-e) or ``moderation_blocked`` with type ``image_generation_user_error`` (gpt-image),
  "Your request was rejected ... safety system" (mishl-dev/Discord-AI-Chatbot#160,
  openai/codex#25969); a server without the endpoint: aiohttp's bare 404.

The picture is a dark silhouette (a star-like polygon) centred on white, drawn with Pillow and
decided by the prompt alone, so the add-on's CPU methods make a real model from it and a test can
tell two prompts apart.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
import hashlib
import io
import math
import random
from typing import Any

from aiohttp import web
from PIL import Image, ImageDraw

type Json = dict[str, Any]

SAFETY_REFUSAL = (
    "Your request was rejected as a result of our safety system. Your prompt may contain text "
    "that is not allowed by our safety system."
)


def draw_subject(prompt: str, side: int = 256) -> bytes:
    """Return a PNG (``side`` px square) of a dark silhouette on white, decided by ``prompt``.

    The shape is a polygon of 5 to 9 points around the centre, within 10 % margins.
    """
    rng = random.Random(hashlib.sha256(prompt.encode()).digest())  # noqa: S311 - a drawing
    points = rng.randint(5, 9)
    outer = side * rng.uniform(0.32, 0.4)
    inner = outer * rng.uniform(0.45, 0.7)
    turn = rng.uniform(0, math.pi)
    corners = []
    for step in range(2 * points):
        radius = outer if step % 2 == 0 else inner
        angle = turn + math.pi * step / points
        corners.append((side / 2 + radius * math.cos(angle), side / 2 + radius * math.sin(angle)))
    shade = rng.randint(10, 60)
    image = Image.new("RGB", (side, side), (255, 255, 255))
    ImageDraw.Draw(image).polygon(corners, fill=(shade, shade, shade + rng.randint(0, 40)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@dataclass
class ImageGenerations:
    """``/v1/images/generations`` and ``/generated-images/<file>`` of the stand-in.

    ``models``: the image models served; ``available=False``: no such endpoint (404);
    ``refused_words``: prompts holding one are refused by the "safety system";
    ``elsewhere``: ``url`` answers point to another origin (a CDN: another port of 127.0.0.1);
    ``fault``: ``"huge"`` (the url serves 33 MB) or ``"not_image"`` (it serves text).
    ``requests`` holds the request bodies, ``fetches`` the headers of each picture download.
    """

    models: tuple[str, ...] = ("gpt-image-1", "dall-e-3", "stablediffusion")
    available: bool = True
    refused_words: tuple[str, ...] = ("forbidden",)
    elsewhere: bool = False
    fault: str | None = None
    side: int = 256
    requests: list[Json] = field(default_factory=list)
    fetches: list[dict[str, str]] = field(default_factory=list)
    _files: dict[str, bytes] = field(default_factory=dict)
    _other_origin: str = ""
    _unauthorized: Callable[[web.Request], web.Response | None] | None = None

    def add_routes(
        self, app: web.Application, unauthorized: Callable[[web.Request], web.Response | None]
    ) -> None:
        """Serve the endpoint on ``app``; ``unauthorized`` checks the key as the server does."""
        self._unauthorized = unauthorized
        app.router.add_post("/v1/images/generations", self._generate)
        app.router.add_get("/generated-images/{name}", self._file)

    async def serve_elsewhere(self, runner: web.AppRunner) -> None:
        """Serve the same routes on another port, the "other origin" of ``elsewhere``."""
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._other_origin = f"http://127.0.0.1:{runner.addresses[-1][1]}"

    def _error(
        self, status: int, message: str, type_: str, param: str | None, code: str | None
    ) -> web.Response:
        """Return an OpenAI-shaped error the SDK does not retry."""
        body = {"error": {"message": message, "type": type_, "param": param, "code": code}}
        return web.json_response(body, status=status, headers={"x-should-retry": "false"})

    async def _generate(self, request: web.Request) -> web.Response:
        """Draw the prompt, or refuse as the real servers do."""
        if not self.available:
            raise web.HTTPNotFound
        if self._unauthorized and (denied := self._unauthorized(request)) is not None:
            return denied
        body: Json = await request.json()
        self.requests.append(body)
        model, prompt = str(body.get("model")), str(body.get("prompt", ""))
        gpt_image = model.startswith("gpt-image")
        if model not in self.models:
            message = f"Model not found {model}"
            return self._error(400, message, "invalid_request_error", "model", None)
        if gpt_image and "response_format" in body:
            message = "Unknown parameter: 'response_format'."
            return self._error(
                400, message, "invalid_request_error", "response_format", "unknown_parameter"
            )
        if any(word in prompt.lower() for word in self.refused_words):
            if gpt_image:
                return self._error(
                    400, SAFETY_REFUSAL, "image_generation_user_error", None, "moderation_blocked"
                )
            return self._error(
                400, SAFETY_REFUSAL, "invalid_request_error", None, "content_policy_violation"
            )
        png = draw_subject(prompt, self.side)
        image: Json = {}
        if gpt_image or body.get("response_format") == "b64_json":
            image["b64_json"] = base64.b64encode(png).decode()
        else:
            name = f"{hashlib.sha256(png).hexdigest()[:16]}.png"
            self._files[name] = png
            origin = self._other_origin if self.elsewhere else str(request.url.origin())
            image["url"] = f"{origin}/generated-images/{name}"
        if model == "dall-e-3":
            image["revised_prompt"] = f"A picture of {prompt}"
        answer: Json = {"created": 0, "data": [image]}
        if gpt_image:
            answer |= {
                "output_format": "png",
                "size": f"{self.side}x{self.side}",
                "quality": "medium",
                "background": "opaque",
                "usage": {"input_tokens": 20, "output_tokens": 1056, "total_tokens": 1076},
            }
        return web.json_response(answer)

    async def _file(self, request: web.Request) -> web.Response:
        """Serve a picture drawn before (LocalAI's ``/generated-images``)."""
        self.fetches.append(dict(request.headers))
        if self.fault == "huge":
            return web.Response(body=bytes(33 * 1024 * 1024), content_type="image/png")
        if self.fault == "not_image":
            return web.Response(text="<html>gone</html>", content_type="text/html")
        if (png := self._files.get(request.match_info["name"])) is None:
            raise web.HTTPNotFound
        return web.Response(body=png, content_type="image/png")
