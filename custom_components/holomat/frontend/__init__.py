"""HoloMat's dashboard cards: serve the bundle and register it as a dashboard resource.

The bundle (``dist/``, built from the repository's ``frontend/`` folder and committed) is served
under ``/holomat_frontend/``. In storage mode (the default), ``holomat-cards.js?v=<hash>`` is
added to the dashboard resources, or an older HoloMat entry is pointed to it; resources the user
added are never touched. In YAML mode the user adds the line the README gives.
"""

from __future__ import annotations

from pathlib import Path
import re
from typing import Final

from homeassistant.components.http import StaticPathConfig
from homeassistant.components.lovelace.const import LOVELACE_DATA, MODE_STORAGE
from homeassistant.components.lovelace.resources import ResourceStorageCollection
from homeassistant.core import HomeAssistant

from ..const import LOGGER

DIST: Final = Path(__file__).parent / "dist"
URL_BASE: Final = "/holomat_frontend"
BUNDLE: Final = "holomat-cards.js"
BUNDLE_URL: Final = f"{URL_BASE}/{BUNDLE}"
_HEADER = re.compile(rb"sources sha256=([0-9a-f]{64})")


def bundle_version(bundle: Path = DIST / BUNDLE) -> str:
    """Return the bundle's version: the first 12 hex digits of its sources' SHA-256.

    The build writes that hash in the bundle's first line; raises ``ValueError`` without it and
    ``OSError`` when the bundle cannot be read.
    """
    with bundle.open("rb") as file:
        match = _HEADER.search(file.readline())
    if match is None:
        raise ValueError(f"{bundle} has no sources hash in its first line")
    return match.group(1).decode()[:12]


async def async_setup_frontend(hass: HomeAssistant, dist: Path = DIST) -> None:
    """Serve the cards in ``dist`` and make sure the dashboards load them (once per HA start).

    A missing or hand-made bundle is logged and skipped: the rest of HoloMat works without it.
    """
    if "http" not in hass.config.components:  # no web server: nobody to show cards to
        return
    try:
        version = await hass.async_add_executor_job(bundle_version, dist / BUNDLE)
    except (OSError, ValueError) as err:
        LOGGER.error("HoloMat's dashboard cards are missing, reinstall HoloMat: %s", err)
        return
    # Served without long cache headers: browsers revalidate, so a YAML-mode resource line
    # without a version still picks up an update. Chunk names carry their content hash.
    await hass.http.async_register_static_paths([StaticPathConfig(URL_BASE, str(dist), False)])
    await async_register_resource(hass, f"{BUNDLE_URL}?v={version}")


async def async_register_resource(hass: HomeAssistant, url: str) -> None:
    """Add ``url`` to the dashboard resources, or point HoloMat's own entries to it.

    Only in storage mode: YAML-mode resources are the user's file.
    """
    lovelace = hass.data.get(LOVELACE_DATA)
    if lovelace is None or lovelace.resource_mode != MODE_STORAGE:
        LOGGER.debug("Dashboard resources are not in storage mode: add %s yourself", BUNDLE_URL)
        return
    resources = lovelace.resources
    if not isinstance(resources, ResourceStorageCollection):  # pragma: no cover - storage mode
        return
    if not resources.loaded:  # loaded on first use, as lovelace's own websocket commands do
        await resources.async_load()
        resources.loaded = True
    ours = [item for item in resources.async_items() if item["url"].split("?")[0] == BUNDLE_URL]
    if not ours:
        await resources.async_create_item({"res_type": "module", "url": url})
        LOGGER.info("Added HoloMat's cards to the dashboard resources: %s", url)
    for item in ours:
        if item["url"] != url or item.get("type") != "module":
            await resources.async_update_item(item["id"], {"res_type": "module", "url": url})
