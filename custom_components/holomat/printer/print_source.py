"""What to print: a sliced file from media or a path, or a model (an STL) sliced for the printer.

A ``.gcode.3mf`` / ``.3mf`` is printed as it is; an STL (a file, or the last model the model
server generated) is sliced first by the add-on for the printer's model and nozzle
(``model_server.slice``). Paths are checked by ``files.async_allowed_path``. Errors are
translated ``ServiceValidationError`` (the input is wrong) or ``HomeAssistantError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError

from ..bambu import PrinterModel, PrinterState
from ..const import DOMAIN, EntryType, entry_type
from ..files import async_resolve_media, read_capped
from ..model_server.models import GeneratedModel
from ..model_server.plates import DEFAULT_NOZZLE, MATERIALS, SlicedPlate, SliceSettings
from ..model_server.slice import async_slice_for_printer
from .coordinator import PrinterCoordinator

MAX_FILE_BYTES: Final = 256 * 1024 * 1024
SLICED_SUFFIXES: Final = (".gcode.3mf", ".3mf")
MODEL_SUFFIX: Final = ".stl"
LAST_MODEL: Final = "last_model"


@dataclass(frozen=True, slots=True)
class PrintFile:
    """A sliced file ready to send: its job name, its bytes, and where it came from.

    ``sliced`` holds the slicer's estimates when HoloMat sliced it, ``kept_at`` where the plate
    was kept under media.
    """

    name: str
    data: bytes
    source: str
    sliced: SlicedPlate | None = None
    kept_at: Path | None = None


def _stem(name: str) -> str:
    """Return a file name without its ``.gcode.3mf``, ``.3mf`` or ``.stl`` suffix."""
    lowered = name.lower()
    for suffix in (*SLICED_SUFFIXES, MODEL_SUFFIX):
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


async def _async_read(hass: HomeAssistant, path: Path) -> bytes:
    """Return the bytes of ``path``; ``ServiceValidationError`` when it cannot be read."""
    data = await hass.async_add_executor_job(read_capped, path, MAX_FILE_BYTES)
    if data is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="print_file_not_readable",
            translation_placeholders={"path": str(path)},
        )
    return data


async def async_media_path(hass: HomeAssistant, media_content_id: str) -> Path:
    """Return the local file of media-source item ``media_content_id``."""
    media = await async_resolve_media(hass, media_content_id)
    if media.path is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="print_file_not_local",
            translation_placeholders={"media_content_id": media_content_id},
        )
    return media.path


def default_material(state: PrinterState) -> str:
    """Return the material to slice for: the loaded filament if a profile has it, else PLA.

    The loaded filament is the tray feeding the nozzle now, else the external spool.
    """
    trays = [
        tray
        for unit in state.ams_units
        for tray in unit.trays
        if state.is_active_tray(unit.ams_id, tray.tray_id)
    ]
    feeding = trays[0] if trays else state.external_spool
    kind = (feeding.filament_type or "").upper() if feeding is not None else ""
    return kind if kind in MATERIALS else MATERIALS[0]


def slice_settings(
    coordinator: PrinterCoordinator, name: str, material: str | None
) -> SliceSettings:
    """Return what to slice for ``coordinator``'s printer: its model and nozzle diameter.

    Raises ``ServiceValidationError`` when the printer has not said which model it is.
    """
    model = coordinator.model
    if model is None or model is PrinterModel.UNKNOWN:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="print_printer_model_unknown",
            translation_placeholders={"name": coordinator.config_entry.title},
        )
    state = coordinator.data.state
    return SliceSettings(
        printer=model.value,
        nozzle=state.nozzle_diameter or DEFAULT_NOZZLE,
        material=material or default_material(state),
        name=name,
    )


async def async_print_source(
    hass: HomeAssistant,
    coordinator: PrinterCoordinator,
    *,
    path: Path | None,
    material: str | None,
    within: float,
) -> PrintFile:
    """Return the file to print from ``path`` (None: the last generated model).

    A sliced file is read as it is; an STL is sliced for the printer first. Raises
    ``ServiceValidationError`` for a file of another kind, or no model generated yet.
    """
    if path is None:
        return await _async_last_model(hass, coordinator, material, within)
    name = path.name
    if name.lower().endswith(SLICED_SUFFIXES):
        return PrintFile(_stem(name), await _async_read(hass, path), str(path))
    if not name.lower().endswith(MODEL_SUFFIX):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="print_file_type",
            translation_placeholders={"path": str(path)},
        )
    settings = slice_settings(coordinator, _stem(name), material)
    sliced = await async_slice_for_printer(
        hass, settings, job_id=None, stl=lambda: _async_read(hass, path), within=within
    )
    return PrintFile(settings.name, sliced.data, str(path), sliced.plate, sliced.path)


def last_model(hass: HomeAssistant) -> GeneratedModel | None:
    """Return the last model a loaded model server generated since it loaded, if any."""
    return next(
        (
            entry.runtime_data.last_model
            for entry in hass.config_entries.async_entries(DOMAIN)
            if entry_type(entry) is EntryType.MODEL_SERVER
            and entry.state is ConfigEntryState.LOADED
            and entry.runtime_data.last_model is not None
        ),
        None,
    )


async def _async_last_model(
    hass: HomeAssistant, coordinator: PrinterCoordinator, material: str | None, within: float
) -> PrintFile:
    """Return the last model a model server generated, sliced for the printer."""
    model = last_model(hass)
    if model is None:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_last_model")
    stl = Path(model.path)
    settings = slice_settings(coordinator, _stem(stl.name), material)
    sliced = await async_slice_for_printer(
        hass, settings, job_id=model.job_id, stl=lambda: _async_read(hass, stl), within=within
    )
    return PrintFile(settings.name, sliced.data, LAST_MODEL, sliced.plate, sliced.path)
