"""The ``project_file`` command: print a sliced ``.gcode.3mf`` that is on the printer's storage.

Fields (Doridian/OpenBambuAPI ``mqtt.md``, ``print.project_file``): ``param`` names the plate's
G-code inside the file (``Metadata/plate_N.gcode``); ``project_id``, ``profile_id``,
``task_id`` and ``subtask_id`` are ``"0"`` for local prints; ``subtask_name`` is the job's name
(the report's ``subtask_name`` while it prints); ``url`` the file; ``md5`` may be empty;
``timelapse``, ``bed_levelling``, ``flow_cali``, ``vibration_cali``, ``layer_inspect`` turn the
printer's own steps on; ``bed_type`` is ``"auto"``; ``use_ams`` with ``ams_mapping`` picks the
filament source. Spellings differ between tools: OpenBambuAPI writes ``bed_levelling``,
ha-bambulab and bambulabs_api ``bed_leveling``; no capture says which the firmware reads, so both
are sent (a printer ignores fields it does not know, and echoes them in its answer).

``ams_mapping`` is one tray per filament of the plate, in the order of ``slice_info.config``,
each the tray's global number (4 times the AMS unit's id plus the slot, an AMS HT by its own id: the
``ams.tray_now`` encoding, ``models.tray_now``), as ha-bambulab and bambulabs_api send it.
Without the AMS (``use_ams`` false, the external spool) OpenBambuAPI shows an empty string.

The ``url`` root differs between tools and models (shared notes, workshop-surface §3.1):
``ftp:///<path>`` works on a P1S (OpenBambuAPI issue #38) and on the H2 family (ha-bambulab);
ha-bambulab sends ``file:///sdcard/<path>`` to the X1, P1 and A1; OctoPrint-BambuPrinter
``file:///mnt/sdcard/<path>`` to the X1. ``DEFAULT_URL_FORMS`` holds the choice per model and a
printer's settings may override it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from .models import EXTERNAL_SPOOL_ID, PrinterModel, PrinterState, tray_now


class UrlForm(StrEnum):
    """How a ``project_file`` ``url`` names a file on the storage."""

    FTP = "ftp"  # ftp:///<path>
    SDCARD = "sdcard"  # file:///sdcard/<path>
    MNT_SDCARD = "mnt_sdcard"  # file:///mnt/sdcard/<path>


_URL_ROOTS: Final = {
    UrlForm.FTP: "ftp:///",
    UrlForm.SDCARD: "file:///sdcard/",
    UrlForm.MNT_SDCARD: "file:///mnt/sdcard/",
}
# X1 family: ha-bambulab's form, the most used on them; P1 and A1: the form reported on a P1S.
DEFAULT_URL_FORMS: Final = {
    PrinterModel.X1: UrlForm.SDCARD,
    PrinterModel.X1C: UrlForm.SDCARD,
    PrinterModel.X1E: UrlForm.SDCARD,
    PrinterModel.P1P: UrlForm.FTP,
    PrinterModel.P1S: UrlForm.FTP,
    PrinterModel.A1: UrlForm.FTP,
    PrinterModel.A1_MINI: UrlForm.FTP,
}


def project_url(path: str, form: UrlForm) -> str:
    """Return the ``url`` naming ``path`` (absolute on the storage: ``/benchy.gcode.3mf``)."""
    return _URL_ROOTS[form] + path.lstrip("/")


def url_form(model: PrinterModel | None, override: UrlForm | None = None) -> UrlForm:
    """Return the url form to use: ``override``, else the model's default, else ``ftp``."""
    if override is not None:
        return override
    return DEFAULT_URL_FORMS.get(model, UrlForm.FTP) if model is not None else UrlForm.FTP


@dataclass(frozen=True, slots=True)
class PrintOptions:
    """How to print a plate: the printer's own steps and the filament source.

    ``plate`` is the plate number in the file (from 1). ``ams_mapping`` (one global tray number
    per filament, see the module docstring) is used when ``use_ams``; without it the printer
    prints from the external spool. Defaults follow Bambu Studio's print dialog: levelling, flow
    and vibration calibration on, timelapse and first-layer inspection off.
    """

    plate: int = 1
    bed_levelling: bool = True
    flow_cali: bool = True
    vibration_cali: bool = True
    layer_inspect: bool = False
    timelapse: bool = False
    use_ams: bool = False
    ams_mapping: tuple[int, ...] = ()


def project_file_fields(
    path: str, task_name: str, options: PrintOptions, form: UrlForm
) -> dict[str, Any]:
    """Return the fields of a ``project_file`` command (``sequence_id`` and ``command`` aside).

    ``path`` is the file's absolute path on the storage, ``task_name`` the job's name.
    """
    return {
        "param": f"Metadata/plate_{options.plate}.gcode",
        "project_id": "0",
        "profile_id": "0",
        "task_id": "0",
        "subtask_id": "0",
        "subtask_name": task_name,
        "file": "",
        "url": project_url(path, form),
        "md5": "",
        "timelapse": options.timelapse,
        "bed_type": "auto",
        "bed_levelling": options.bed_levelling,
        "bed_leveling": options.bed_levelling,
        "flow_cali": options.flow_cali,
        "vibration_cali": options.vibration_cali,
        "layer_inspect": options.layer_inspect,
        "use_ams": options.use_ams,
        "ams_mapping": list(options.ams_mapping) if options.use_ams else "",
    }


def default_ams_mapping(
    filament_types: Sequence[str | None], state: PrinterState
) -> tuple[int, ...] | None:
    """Return the trays to feed each filament of a plate from, or None for the external spool.

    The external spool when the printer has no AMS or no loaded tray, or feeds from the
    external spool now. Otherwise, for each filament (its type, "PLA"; None unknown) in order:
    the first loaded tray of that type not taken yet, else the tray feeding now, else the first
    loaded tray. A plate without filament facts counts as one filament of unknown type.
    """
    loaded = [
        tray_now(unit.ams_id, tray.tray_id)
        for unit in state.ams_units
        for tray in unit.trays
        if not tray.empty
    ]
    if not loaded or state.active_tray == EXTERNAL_SPOOL_ID:
        return None
    types = {
        tray_now(unit.ams_id, tray.tray_id): (tray.filament_type or "").casefold()
        for unit in state.ams_units
        for tray in unit.trays
    }
    fallback = state.active_tray if state.active_tray in loaded else loaded[0]
    mapping: list[int] = []
    for wanted in filament_types or (None,):
        kind = (wanted or "").casefold()
        same = [tray for tray in loaded if kind and types[tray] == kind and tray not in mapping]
        mapping.append(same[0] if same else fallback)
    return tuple(mapping)
