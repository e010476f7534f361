"""Local files an action reads: only from folders Home Assistant may read, in the executor.

A path is allowed when it lies in ``allowlist_external_dirs`` (``hass.config.is_allowed_path``)
or in a media folder; resolving it (symbolic links, ``..``) reads the disk, so the check runs in
the executor, like the reading, which stops at a size limit so a wrong path cannot fill memory.
"""

from __future__ import annotations

from pathlib import Path

from homeassistant.components import media_source
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError

from .const import DOMAIN


def _allowed(hass: HomeAssistant, path: str) -> bool:
    """Return whether HA may read ``path`` (blocking: resolves it)."""
    if hass.config.is_allowed_path(path):
        return True
    resolved = Path(path).resolve()
    media = (Path(folder).resolve() for folder in hass.config.media_dirs.values())
    return any(resolved.is_relative_to(folder) for folder in media)


async def async_allowed_path(hass: HomeAssistant, path: str) -> Path:
    """Return ``path`` if Home Assistant may read it; ``ServiceValidationError`` otherwise."""
    if not await hass.async_add_executor_job(_allowed, hass, path):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="path_not_allowed",
            translation_placeholders={"path": path},
        )
    return Path(path)


def read_capped(path: Path, limit: int) -> bytes | None:
    """Return a file's bytes, or None when it is missing, unreadable or over ``limit`` bytes.

    Blocking: run it in the executor.
    """
    try:
        if path.stat().st_size > limit:
            return None
        return path.read_bytes()
    except OSError:
        return None


async def async_resolve_media(hass: HomeAssistant, media_content_id: str) -> media_source.PlayMedia:
    """Return media-source item ``media_content_id`` resolved.

    Raises ``ServiceValidationError`` (``media_not_found``) when media source cannot resolve it.
    """
    try:
        return await media_source.async_resolve_media(hass, media_content_id, None)
    except media_source.MediaSourceError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="media_not_found",
            translation_placeholders={"media_content_id": media_content_id, "error": str(err)},
        ) from err
