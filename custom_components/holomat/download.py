"""Bounded downloads over Home Assistant's shared aiohttp session (images from URLs).

A wrong or hostile URL can neither fill memory (``MAX_DOWNLOAD_BYTES``) nor hang a caller
(``DOWNLOAD_TIMEOUT``); every failure is one translated ``HomeAssistantError``
(``image_download_failed``, with the URL and what went wrong).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import aiohttp
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from yarl import URL

from .const import DOMAIN

MAX_DOWNLOAD_BYTES: Final = 32 * 1024 * 1024
DOWNLOAD_TIMEOUT: Final = aiohttp.ClientTimeout(total=30)


def _failed(url: URL | str, error: str) -> HomeAssistantError:
    """Return the translated error of a failed download of ``url``."""
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="image_download_failed",
        translation_placeholders={"url": str(url), "error": error},
    )


async def async_download(
    hass: HomeAssistant, url: URL | str, *, headers: Mapping[str, str] | None = None
) -> tuple[bytes, str]:
    """Return the body at ``url`` (http or https) and its media type.

    The media type is ``application/octet-stream`` when the server names none. Raises
    ``HomeAssistantError`` (``image_download_failed``) when the server cannot be reached,
    answers an error status, takes longer than 30 s or sends more than 32 MB.
    """
    session = async_get_clientsession(hass)
    data = bytearray()
    try:
        async with session.get(
            URL(url), headers=dict(headers or {}), timeout=DOWNLOAD_TIMEOUT
        ) as response:
            response.raise_for_status()
            content_type = response.content_type
            async for chunk in response.content.iter_chunked(64 * 1024):
                data += chunk
                if len(data) > MAX_DOWNLOAD_BYTES:
                    raise _failed(url, "larger than 32 MB")
    except (aiohttp.ClientError, TimeoutError) as err:
        raise _failed(url, str(err) or type(err).__name__) from err
    return bytes(data), content_type
