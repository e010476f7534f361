"""Decoding of the printer's numeric codes: stages, HMS alerts, print errors, fan levels.

Sources: OpenBambuAPI ``mqtt.md`` and the reports in ``holomat_dev/recordings`` (HMS
``{"attr": 201327360, "code": 196615}`` is ``0C00_0300_0003_0007``; ``print_error`` 50348044 is
``0300_400C``, "task canceled"). Stage numbers follow the community's list of ``stg_cur`` values;
the names are HoloMat's own.
"""

from __future__ import annotations

import math
from typing import Final

from .models import HmsEntry, PrinterModel, PrintError

#: ``stg_cur`` value → stage name (the ``stage`` sensor's states).
STAGES: Final[dict[int, str]] = {
    -1: "idle",
    0: "printing",
    1: "auto_bed_leveling",
    2: "heatbed_preheating",
    3: "sweeping_xy_mech_mode",
    4: "changing_filament",
    5: "m400_pause",
    6: "paused_filament_runout",
    7: "heating_hotend",
    8: "calibrating_extrusion",
    9: "scanning_bed_surface",
    10: "inspecting_first_layer",
    11: "identifying_build_plate_type",
    12: "calibrating_micro_lidar",
    13: "homing_toolhead",
    14: "cleaning_nozzle_tip",
    15: "checking_extruder_temperature",
    16: "paused_user",
    17: "paused_front_cover_falling",
    18: "calibrating_micro_lidar_extrusion",
    19: "calibrating_extrusion_flow",
    20: "paused_nozzle_temperature_malfunction",
    21: "paused_heat_bed_temperature_malfunction",
    22: "filament_unloading",
    23: "paused_skipped_step",
    24: "filament_loading",
    25: "calibrating_motor_noise",
    26: "paused_ams_lost",
    27: "paused_low_fan_speed_heat_break",
    28: "paused_chamber_temperature_control_error",
    29: "cooling_chamber",
    30: "paused_user_gcode",
    31: "motor_noise_showoff",
    32: "paused_nozzle_filament_covered_detected",
    33: "paused_cutter_error",
    34: "paused_first_layer_error",
    35: "paused_nozzle_clog",
    255: "idle",
}

#: Every stage name, once, in a stable order.
STAGE_NAMES: Final[tuple[str, ...]] = tuple(dict.fromkeys(STAGES.values()))

PRINT_ERROR_CANCELED: Final = 50348044  # 0300_400C: the task was canceled (stop)
ERR_CODE_AUTHORIZATION: Final = 84033543  # 0502_4007: command needs Bambu's signature
FUN_SIGNING_REQUIRED: Final = 0x20000000  # ``print.fun`` bit: commands must be signed

_PRINT_ERRORS: Final[dict[int, str]] = {
    PRINT_ERROR_CANCELED: "The print was canceled.",
    50364437: "The filament ran out.",
    50364420: "The filament ran out.",
    117473286: "The AMS could not feed the filament.",
    83935249: "The SD card has a problem.",
    ERR_CODE_AUTHORIZATION: "The command needs Developer mode (LAN-only mode).",
}

_HMS_SEVERITIES: Final[dict[int, str]] = {1: "fatal", 2: "serious", 3: "common", 4: "info"}
_HMS_MODULES: Final[dict[int, str]] = {
    0x03: "motion_controller",
    0x05: "mainboard",
    0x07: "ams",
    0x08: "toolhead",
    0x0C: "camera",
    0x12: "ams_lite",
}
_WIKI_FAMILIES: Final[dict[PrinterModel, str]] = {
    PrinterModel.P1P: "p1",
    PrinterModel.P1S: "p1",
    PrinterModel.A1: "a1",
    PrinterModel.A1_MINI: "a1-mini",
}


def stage_name(stage_id: int | None) -> str | None:
    """Return the stage name of a ``stg_cur`` value, or ``None`` when it is unknown."""
    return None if stage_id is None else STAGES.get(stage_id)


def decode_hms(attr: int, code: int, model: PrinterModel | None) -> HmsEntry:
    """Decode one HMS ``{attr, code}`` pair.

    The code is ``attr >> 16``, ``attr & 0xFFFF``, ``code >> 16``, ``code & 0xFFFF`` as four
    upper-case hex groups; severity is ``code >> 16`` and the module ``attr >> 24``.
    """
    hms_code = f"{attr >> 16:04X}_{attr & 0xFFFF:04X}_{code >> 16:04X}_{code & 0xFFFF:04X}"
    family = _WIKI_FAMILIES.get(model, "x1") if model else "x1"
    return HmsEntry(
        code=hms_code,
        severity=_HMS_SEVERITIES.get(code >> 16, "unknown"),
        module=_HMS_MODULES.get(attr >> 24, "unknown"),
        url=f"https://wiki.bambulab.com/en/{family}/troubleshooting/hmscode/{hms_code}",
    )


def decode_print_error(value: int) -> PrintError | None:
    """Return the print error for a ``print_error`` value; 0 (or less) means none."""
    if value <= 0:
        return None
    code = f"{value >> 16:04X}_{value & 0xFFFF:04X}"
    return PrintError(value=value, code=code, description=_PRINT_ERRORS.get(value))


def fan_percent(level: int) -> int:
    """Return a fan level (0-15, as the printer reports it) as % rounded up to tens."""
    level = max(0, min(15, level))
    return math.ceil(level / 15 * 10) * 10


def unpack_temperature(packed: int) -> tuple[float, float]:
    """Split a packed temperature (newer firmware) into (current, target) °C.

    The low 16 bits are the current temperature, the high 16 bits the target: ``14418139`` is
    ``0x00DC00DB``, current 219 °C, target 220 °C (``x1c_pushall_running_hms.json``).
    """
    return float(packed & 0xFFFF), float((packed >> 16) & 0xFFFF)
