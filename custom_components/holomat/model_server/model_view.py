"""Serve the STL files HoloMat writes under the media folder, to signed-in users.

Home Assistant's media view (``/media/local/...``) serves only audio, video and images, so the
model card fetches its STL here: ``/api/holomat/models/<file>.stl`` (the last model image's
``stl_url`` attribute), with the user's token or a signed path.
"""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
import re
from typing import Final

from aiohttp import hdrs, web
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView

from .generate import media_target

MODELS_URL: Final = "/api/holomat/models"
# The names HoloMat gives its models (slugified): no separators, no leading dot.
_FILE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*\.stl")


def model_url(path: str) -> str:
    """Return the URL this view serves the STL at ``path`` (under the media folder) from."""
    return f"{MODELS_URL}/{Path(path).name}"


class ModelFileView(HomeAssistantView):
    """``GET /api/holomat/models/{filename}``: an STL HoloMat wrote (404 for anything else)."""

    url = f"{MODELS_URL}/{{filename}}"
    name = "api:holomat:models"

    async def get(self, request: web.Request, filename: str) -> web.StreamResponse:
        """Return the STL file ``filename`` from ``<media>/holomat/``."""
        hass = request.app[KEY_HASS]
        if not _FILE_NAME.fullmatch(filename):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        _, folder = media_target(hass)
        path = folder / filename
        if not await hass.async_add_executor_job(path.is_file):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        return web.FileResponse(path, headers={hdrs.CONTENT_TYPE: "model/stl"})
