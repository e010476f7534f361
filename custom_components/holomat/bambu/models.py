"""The typed view of a BambuLab printer: enums and frozen dataclasses, no I/O.

Field meanings, units and encodings come from the recorded reports in
``holomat_dev/recordings`` and the community protocol notes (OpenBambuAPI ``mqtt.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Final

# The external spool's tray id (``vt_tray.id``) and the ``ams.tray_now`` value naming it.
EXTERNAL_SPOOL_ID: Final = 254
# AMS HT units are numbered from 128 on the wire (``ams.ams[].id``, ``n3s/128``).
AMS_HT_FIRST_ID: Final = 128
# AMS kinds (``AmsUnit.kind``) as Bambu Lab names the products.
AMS_MODELS: Final[dict[str, str]] = {
    "ams": "AMS",
    "ams_lite": "AMS lite",
    "ams_2_pro": "AMS 2 Pro",
    "ams_ht": "AMS HT",
}
# The AMS lite has no humidity or temperature sensor (it reports placeholders).
_KINDS_WITH_CLIMATE: Final = frozenset({"ams", "ams_2_pro", "ams_ht"})


def tray_now(ams_id: int | None, tray_id: int) -> int:
    """Return the ``ams.tray_now`` value that names a tray (``ams_id`` None: the external spool).

    Observed values (shared notes §5): 254 is the external spool, slot s of AMS unit n is
    4n + s, and an AMS HT (ids from 128, one slot) is named by its own id.
    """
    if ams_id is None:
        return EXTERNAL_SPOOL_ID
    if ams_id >= AMS_HT_FIRST_ID:
        return ams_id + tray_id
    return ams_id * 4 + tray_id


class PrinterModel(StrEnum):
    """A BambuLab printer model, as named by its ``get_version`` product name."""

    X1 = "X1"
    X1C = "X1C"
    X1E = "X1E"
    P1P = "P1P"
    P1S = "P1S"
    A1 = "A1"
    A1_MINI = "A1 mini"
    UNKNOWN = "unknown"


class LiveView(StrEnum):
    """Whether the printer's LAN live view (its RTSPS server) is on, as its report says.

    ``print.ipcam.rtsp_url`` is ``"disable"`` when off and the stream's URL when on (X1 family;
    ``camera.live_view`` reads it). P1 and A1 reports never carry it: always unknown there.
    """

    ON = "on"
    OFF = "off"
    UNKNOWN = "unknown"


class GcodeState(StrEnum):
    """The job state the printer reports as ``print.gcode_state``."""

    IDLE = "IDLE"
    PREPARE = "PREPARE"
    RUNNING = "RUNNING"
    PAUSE = "PAUSE"
    FINISH = "FINISH"
    FAILED = "FAILED"
    SLICING = "SLICING"
    INIT = "INIT"


class SpeedProfile(IntEnum):
    """The speed profile (``print.spd_lvl``; set with the ``print_speed`` command)."""

    SILENT = 1
    STANDARD = 2
    SPORT = 3
    LUDICROUS = 4


@dataclass(frozen=True, slots=True)
class HmsEntry:
    """One active HMS (health management system) alert.

    ``code`` is ``AAAA_BBBB_CCCC_DDDD`` (upper-case hex); ``severity`` is ``fatal``, ``serious``,
    ``common`` or ``info``; ``module`` names the part that raised it; ``url`` is Bambu's wiki page.
    """

    code: str
    severity: str
    module: str
    url: str


@dataclass(frozen=True, slots=True)
class PrintError:
    """The printer's current ``print_error``: ``value`` as sent, ``code`` as ``XXXX_XXXX`` hex."""

    value: int
    code: str
    description: str | None


@dataclass(frozen=True, slots=True)
class AmsTray:
    """One filament slot of an AMS unit, or the external spool (``tray_id`` 254).

    ``color`` is ``#RRGGBB``; ``remaining`` is %, ``None`` when the printer does not know (-1);
    nozzle temperatures are °C.
    """

    tray_id: int
    empty: bool
    filament_type: str | None = None
    sub_brand: str | None = None
    color: str | None = None
    remaining: int | None = None
    nozzle_temp_min: int | None = None
    nozzle_temp_max: int | None = None


@dataclass(frozen=True, slots=True)
class AmsUnit:
    """One AMS unit: ``kind`` is ``ams``, ``ams_lite``, ``ams_2_pro`` or ``ams_ht``.

    ``humidity`` is % (``humidity_raw``), ``humidity_index`` the printer's 1-5 scale (5 = driest),
    ``temperature`` °C (``None`` when the unit has no sensor, such as the AMS lite).
    """

    ams_id: int
    kind: str
    humidity: int | None = None
    humidity_index: int | None = None
    temperature: float | None = None
    trays: tuple[AmsTray, ...] = ()

    @property
    def model(self) -> str:
        """Return the product's name ("AMS", "AMS lite", "AMS 2 Pro", "AMS HT")."""
        return AMS_MODELS.get(self.kind, "AMS")

    @property
    def number(self) -> int:
        """Return the number in its device name: id + 1, and AMS HT units (ids from 128) from 1."""
        return self.ams_id + 1 - (AMS_HT_FIRST_ID if self.ams_id >= AMS_HT_FIRST_ID else 0)

    @property
    def has_climate(self) -> bool:
        """Return whether the unit measures its humidity and temperature (not the AMS lite)."""
        return self.kind in _KINDS_WITH_CLIMATE

    def tray(self, tray_id: int) -> AmsTray | None:
        """Return the unit's tray with this id, if the unit reports it."""
        return next((tray for tray in self.trays if tray.tray_id == tray_id), None)


@dataclass(frozen=True, slots=True)
class PrinterState:
    """Everything HoloMat knows about one printer, parsed from its merged reports.

    ``ready`` turns true once a full report and the ``get_version`` answer arrived; before that
    every field may be ``None``. Temperatures are °C, fans %, ``progress`` %,
    ``remaining_time`` minutes, ``wifi_signal`` dBm, ``nozzle_diameter`` mm. ``active_tray`` is the
    raw ``ams.tray_now`` (255 none, 254 external spool, 4 * unit + slot, or an AMS HT id).
    ``developer_mode_required`` is the ``fun`` bit's hint that commands need Developer mode.
    ``gcode_file`` is the job's file as reported (``Benchy.gcode.3mf``,
    ``/data/Metadata/plate_2.gcode``); ``live_view`` what ``ipcam`` says of the LAN live view.
    ``sdcard`` says whether the printer has storage for files (False: no SD card in it).
    """

    ready: bool = False
    model: PrinterModel | None = None
    product_name: str | None = None
    firmware_version: str | None = None
    gcode_state: GcodeState | None = None
    stage_id: int | None = None
    stage_name: str | None = None
    progress: int | None = None
    remaining_time: int | None = None
    layer: int | None = None
    total_layers: int | None = None
    task_name: str | None = None
    nozzle_temperature: float | None = None
    nozzle_target_temperature: float | None = None
    bed_temperature: float | None = None
    bed_target_temperature: float | None = None
    chamber_temperature: float | None = None
    part_cooling_fan: int | None = None
    aux_fan: int | None = None
    chamber_fan: int | None = None
    heatbreak_fan: int | None = None
    speed_profile: SpeedProfile | None = None
    chamber_light: bool | None = None
    wifi_signal: int | None = None
    nozzle_diameter: float | None = None
    sdcard: bool | None = None
    hms: tuple[HmsEntry, ...] = ()
    print_error: PrintError | None = None
    developer_mode_required: bool | None = None
    ams_units: tuple[AmsUnit, ...] = ()
    external_spool: AmsTray | None = None
    active_tray: int | None = None
    gcode_file: str | None = None
    live_view: LiveView = LiveView.UNKNOWN

    def ams_unit(self, ams_id: int) -> AmsUnit | None:
        """Return the AMS unit with this id, if the printer reports it."""
        return next((unit for unit in self.ams_units if unit.ams_id == ams_id), None)

    def tray(self, ams_id: int | None, tray_id: int) -> AmsTray | None:
        """Return a tray of an AMS unit, or the external spool when ``ams_id`` is None."""
        if ams_id is None:
            return self.external_spool
        unit = self.ams_unit(ams_id)
        return None if unit is None else unit.tray(tray_id)

    def is_active_tray(self, ams_id: int | None, tray_id: int) -> bool:
        """Return whether this tray feeds the nozzle (``ams.tray_now``; see ``tray_now``)."""
        return self.active_tray is not None and self.active_tray == tray_now(ams_id, tray_id)
