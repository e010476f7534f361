"""Slice a model for one printer on the model server (the add-on), keeping the plate in media.

Shared by the ``print_file`` action and JARVIS's ``print_model`` tool: the STL goes to the
add-on's ``POST /slice`` (or, for a model the add-on made, only its job id), the job is awaited,
and the ``.gcode.3mf`` is written beside the models, under ``<media>/holomat/``. Errors are
raised as translated ``HomeAssistantError`` / ``ServiceValidationError``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
import uuid

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import slugify

from ..const import DOMAIN
from .client import ModelServerConnectionError, ModelServerError, ModelServerRequestError
from .generate import _server_error, loaded_model_server, media_target
from .plates import SlicedPlate, SliceSettings


@dataclass(frozen=True, slots=True)
class SlicedFile:
    """A sliced plate: the ``.gcode.3mf`` bytes, the slicer's estimates, where it was kept."""

    data: bytes
    plate: SlicedPlate
    path: Path


def _keep(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/name`` (aside, then renamed: never half a file); blocking."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    partial = folder / f".{name}.{uuid.uuid4().hex}.part"
    try:
        partial.write_bytes(data)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


async def async_slice_for_printer(
    hass: HomeAssistant,
    settings: SliceSettings,
    *,
    job_id: str | None,
    stl: Callable[[], Awaitable[bytes]],
    within: float,
) -> SlicedFile:
    """Slice a model for ``settings`` within ``within`` seconds; return the plate.

    The model is the add-on's model job ``job_id`` when it still has it, else the STL that
    ``stl()`` reads. Raises ``ServiceValidationError`` without a loaded model server, and a
    translated ``HomeAssistantError`` when slicing fails (``print_slicing_failed`` with the
    add-on's reason: too big for the printer, not a closed solid...) or the server does.
    """
    entry = loaded_model_server(hass, None)
    client = entry.runtime_data.client
    try:
        job = None
        if job_id is not None:
            try:
                job = await client.async_slice(settings, job_id=job_id)
            except ModelServerRequestError as err:
                if err.status != 404:  # the add-on forgot the model after an hour: send it
                    raise
        if job is None:
            job = await client.async_slice(settings, stl=await stl())
        done = await client.async_wait(job, within)
        data = await client.async_gcode_3mf(job.job_id)
    except ModelServerRequestError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="print_slicing_failed",
            translation_placeholders={
                "name": settings.name,
                "printer": settings.printer,
                "error": err.message,
            },
        ) from err
    except ModelServerError as err:
        raise _server_error(err, entry.title) from err
    if (plate := done.plate) is None:  # pragma: no cover - a done slicing job has its plate
        raise _server_error(ModelServerConnectionError("the job has no plate"), entry.title)
    _, folder = media_target(hass)
    file_name = f"{slugify(settings.name) or 'model'}_{slugify(settings.printer)}.gcode.3mf"
    try:
        path = await hass.async_add_executor_job(_keep, folder, file_name, data)
    except OSError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="model_write_failed",
            translation_placeholders={"folder": str(folder), "error": str(err)},
        ) from err
    return SlicedFile(data, plate, path)
