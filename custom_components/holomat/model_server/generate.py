"""Generate a 3D model on a model server: upload, poll, download, write under media, announce.

Shared by the ``generate_3d_model`` action and JARVIS's tool. A generation ends in exactly one
event: ``holomat_model_generated`` (the model's data) or ``holomat_model_failed`` (``reason``: a
translation key, ``message``: what went wrong). Errors are raised as translated
``HomeAssistantError`` / ``ServiceValidationError``.
"""

from __future__ import annotations

from collections.abc import Awaitable
import mimetypes
from pathlib import Path

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util import dt as dt_util, slugify

from ..const import CONF_ENTRY_TYPE, DOMAIN, LOGGER, EntryType
from .client import (
    ModelParameters,
    ModelServerAuthError,
    ModelServerBusyError,
    ModelServerConnectionError,
    ModelServerError,
    ModelServerRequestError,
    ModelServerTimeoutError,
)
from .const import EVENT_MODEL_FAILED, EVENT_MODEL_GENERATED, MEDIA_FOLDER
from .models import GeneratedModel, ImageInput, ModelServerConfigEntry, model_signal


def loaded_model_server(hass: HomeAssistant, entry_id: str | None) -> ModelServerConfigEntry:
    """Return model server ``entry_id`` (or the first loaded one) if it is loaded."""
    entries = [
        entry
        for entry in hass.config_entries.async_loaded_entries(DOMAIN)
        if entry.data.get(CONF_ENTRY_TYPE) == EntryType.MODEL_SERVER
        and entry_id in (None, entry.entry_id)
    ]
    if entries:
        return entries[0]
    entry = hass.config_entries.async_get_entry(entry_id) if entry_id else None
    if entry is not None and entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="model_server_not_loaded",
            translation_placeholders={"name": entry.title},
        )
    raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_model_server")


def _server_error(err: ModelServerError, name: str) -> HomeAssistantError:
    """Return the translated error for a failure of model server ``name``."""
    placeholders = {"name": name, "error": str(err)}
    key = "model_server_unreachable_action"
    if isinstance(err, ModelServerAuthError):
        key = "model_server_auth_failed"
    elif isinstance(err, ModelServerTimeoutError):
        key = "model_timeout"
    elif isinstance(err, ModelServerBusyError):
        key = "model_server_busy"
        placeholders["retry_after"] = str(err.retry_after or 10)
    elif isinstance(err, ModelServerRequestError):
        key = "model_rejected"
        placeholders["error"] = err.message
        placeholders["code"] = err.code
    elif not isinstance(err, ModelServerConnectionError):  # pragma: no cover - exhaustive
        LOGGER.exception("Unexpected model server error", exc_info=err)
    return HomeAssistantError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def media_target(hass: HomeAssistant) -> tuple[str | None, Path]:
    """Return the media source directory id and the folder models are written to."""
    if hass.config.media_dirs:
        source_id = (
            "local" if "local" in hass.config.media_dirs else next(iter(hass.config.media_dirs))
        )
        return source_id, Path(hass.config.media_dirs[source_id]) / MEDIA_FOLDER
    return None, Path(hass.config.path("media")) / MEDIA_FOLDER


def _picture_name(name: str, picture: ImageInput) -> str:
    """Return the file name the picture of model ``name`` is kept under."""
    extension = mimetypes.guess_extension(picture.content_type) or Path(picture.filename).suffix
    return f"{name}.picture{extension or '.img'}"


def _write(
    folder: Path, name: str, stl: bytes, preview: bytes, picture: ImageInput
) -> tuple[Path, Path, Path]:
    """Write the STL, its preview and the picture it was made from to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = (folder / f"{name}.stl", folder / f"{name}.png", folder / _picture_name(name, picture))
    for path, data in zip(paths, (stl, preview, picture.data), strict=True):
        path.write_bytes(data)
    return paths


def _media(source_id: str | None, path: Path) -> tuple[str | None, str | None]:
    """Return the media-source id and URL of ``path`` in ``<media>/holomat/`` (none outside)."""
    if source_id is None:
        return None, None
    relative = f"{MEDIA_FOLDER}/{path.name}"
    return f"media-source://media_source/{source_id}/{relative}", f"/media/{source_id}/{relative}"


def fire_failed(
    hass: HomeAssistant, entry: ModelServerConfigEntry, source: str, err: HomeAssistantError
) -> None:
    """Fire ``holomat_model_failed`` for ``err``."""
    hass.bus.async_fire(
        EVENT_MODEL_FAILED,
        {
            "config_entry_id": entry.entry_id,
            "source": source,
            "reason": err.translation_key or type(err).__name__,
            "message": str(err),
        },
    )


async def async_generate_model(
    hass: HomeAssistant,
    entry: ModelServerConfigEntry,
    image: Awaitable[ImageInput],
    parameters: ModelParameters,
    *,
    source: str,
    name: str | None = None,
    within: float,
) -> GeneratedModel:
    """Turn ``image`` into a model on ``entry``'s server within ``within`` seconds.

    ``image`` is awaited here so that a failure to get it is announced like any other. The STL,
    its PNG preview and the picture go to ``<media>/holomat/<name>.stl``, ``.png`` and
    ``.picture.<ext>`` (``name`` slugified; by default the time and the job id). Raises translated
    Home Assistant errors.
    """
    data = entry.runtime_data
    try:
        picture = await image
        client = data.client
        try:
            job = await client.async_submit(
                picture.data,
                parameters,
                filename=picture.filename,
                content_type=picture.content_type,
            )
            job = await client.async_wait(job, within)
            if (result := job.result) is None:  # pragma: no cover - async_wait raises first
                raise ModelServerConnectionError(f"job {job.job_id} is done without a result")
            stl = await client.async_stl(job.job_id)
            preview = await client.async_preview(job.job_id)
        except ModelServerError as err:
            raise _server_error(err, entry.title) from err
        created = dt_util.now()
        file_name = slugify(name or "") or f"model_{created:%Y%m%d_%H%M%S}_{job.job_id[:8]}"
        source_id, folder = media_target(hass)
        try:
            stl_path, preview_path, picture_path = await hass.async_add_executor_job(
                _write, folder, file_name, stl, preview, picture
            )
        except OSError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="model_write_failed",
                translation_placeholders={"folder": str(folder), "error": str(err)},
            ) from err
    except HomeAssistantError as err:
        fire_failed(hass, entry, source, err)
        raise
    media_content_id, url = _media(source_id, stl_path)
    picture_media_content_id, picture_url = _media(source_id, picture_path)
    model = GeneratedModel(
        path=str(stl_path),
        preview_path=str(preview_path),
        picture_path=str(picture_path),
        media_content_id=media_content_id,
        url=url,
        picture_media_content_id=picture_media_content_id,
        picture_url=picture_url,
        triangles=result.triangles,
        size_mm=result.size_mm,
        volume_mm3=result.volume_mm3,
        watertight=result.watertight,
        method=result.method,
        cached=result.cached,
        job_id=job.job_id,
        source=picture.source,
        created=created,
        quality=result.quality,
        quality_reason=result.quality_reason,
        prompt=picture.prompt,
    )
    data.last_model = model
    async_dispatcher_send(hass, model_signal(entry.entry_id), model, preview, picture.data)
    hass.bus.async_fire(
        EVENT_MODEL_GENERATED, {"config_entry_id": entry.entry_id, **model.as_dict()}
    )
    return model
