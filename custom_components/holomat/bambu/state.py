"""Parse a merged ``print`` object into the typed ``PrinterState`` (a pure function).

Field meanings and encodings: OpenBambuAPI ``mqtt.md`` and ``holomat_dev/recordings``. The merge
(``merge.py``) has already dropped values of the wrong type; parsing still never raises, and a
field it cannot read is ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

from .camera import live_view
from .capabilities import has_chamber_temperature
from .codes import (
    FUN_SIGNING_REQUIRED,
    decode_hms,
    decode_print_error,
    fan_percent,
    stage_name,
    unpack_temperature,
)
from .merge import INVALID, to_float, to_int
from .models import (
    AMS_HT_FIRST_ID,
    EXTERNAL_SPOOL_ID,
    AmsTray,
    AmsUnit,
    GcodeState,
    PrinterModel,
    PrinterState,
    SpeedProfile,
)
from .version import VersionInfo, str_or_none

_JOB_STATES: Final = frozenset({"PREPARE", "RUNNING", "PAUSE"})


def _int(raw: Mapping[str, Any], key: str) -> int | None:
    """Return an int field, or ``None`` when absent or malformed."""
    value = to_int(raw.get(key)) if key in raw else INVALID
    return None if value is INVALID else int(value)


def _float(raw: Mapping[str, Any], key: str) -> float | None:
    """Return a float field, or ``None`` when absent or malformed."""
    value = to_float(raw.get(key)) if key in raw else INVALID
    return None if value is INVALID else float(value)


def _path(raw: Any, *keys: str | int) -> Any:
    """Return ``raw[k1][k2]...``, or ``None`` when any step is missing or of the wrong type."""
    for key in keys:
        if isinstance(key, int):
            if not isinstance(raw, list) or len(raw) <= key:
                return None
        elif not isinstance(raw, Mapping):
            return None
        raw = raw[key] if isinstance(key, int) else raw.get(key)
    return raw


def _packed(raw: Mapping[str, Any], *keys: str | int) -> tuple[float, float] | None:
    """Return (current, target) °C of a packed temperature, or ``None`` when not reported."""
    value = to_int(_path(raw, *keys))
    return None if value is INVALID or value < 0 else unpack_temperature(value)


@dataclass(frozen=True, slots=True)
class _Context:
    """What parsing needs besides the raw report."""

    version: VersionInfo
    model: PrinterModel | None


def _gcode_state(raw: Mapping[str, Any]) -> GcodeState | None:
    """Return ``gcode_state`` when it is a known state."""
    value = str_or_none(raw.get("gcode_state"))
    return GcodeState(value) if value and value in GcodeState else None


def _stage_name(raw: Mapping[str, Any]) -> str | None:
    """Return the stage name (``stg_cur`` stays 0 on idle P1/A1 printers: trusted in a job only)."""
    stage_id = _int(raw, "stg_cur")
    if stage_id == 0 and raw.get("gcode_state") not in _JOB_STATES:
        return "idle"
    return stage_name(stage_id)


def _temperature(packed: tuple[str | int, ...], legacy: str, index: int) -> _Parser:
    """Return the parser of a temperature: the packed value (newer firmware), else the legacy one.

    ``index`` 0 is the current temperature, 1 the target.
    """

    def parse(raw: Mapping[str, Any], _: _Context) -> float | None:
        value = _packed(raw, *packed)
        return value[index] if value else _float(raw, legacy)

    return parse


def _nozzle(index: int) -> _Parser:
    """Return the parser of the nozzle's current (0) or target (1) temperature."""
    legacy = "nozzle_temper" if index == 0 else "nozzle_target_temper"

    def parse(raw: Mapping[str, Any], _: _Context) -> float | None:
        value = _packed(raw, "device", "extruder", "info", 0, "temp") or _packed(
            raw, "device", "nozzle", "0", "temp"
        )
        return value[index] if value else _float(raw, legacy)

    return parse


def _chamber(raw: Mapping[str, Any], context: _Context) -> float | None:
    """Return the chamber temperature, for models that measure it."""
    if not has_chamber_temperature(context.model):
        return None
    value: float | None = _CHAMBER_TEMPERATURE(raw, context)
    return value


type _Parser = Callable[[Mapping[str, Any], _Context], Any]

_CHAMBER_TEMPERATURE: Final = _temperature(("device", "ctc", "info", "temp"), "chamber_temper", 0)

# Each field of ``PrinterState`` parsed from the report: (field, top-level keys it reads, parser).
_FIELDS: Final[tuple[tuple[str, frozenset[str], _Parser], ...]] = tuple(
    (name, frozenset(keys), parse)
    for name, keys, parse in (
        ("gcode_state", ("gcode_state",), lambda raw, _: _gcode_state(raw)),
        ("stage_id", ("stg_cur",), lambda raw, _: _int(raw, "stg_cur")),
        ("stage_name", ("stg_cur", "gcode_state"), lambda raw, _: _stage_name(raw)),
        ("progress", ("mc_percent",), lambda raw, _: _bounded(_int(raw, "mc_percent"), 0, 100)),
        (
            "remaining_time",
            ("mc_remaining_time",),
            lambda raw, _: _bounded(_int(raw, "mc_remaining_time"), 0, None),
        ),
        ("layer", ("layer_num",), lambda raw, _: _bounded(_int(raw, "layer_num"), 0, None)),
        (
            "total_layers",
            ("total_layer_num",),
            lambda raw, _: _bounded(_int(raw, "total_layer_num"), 0, None),
        ),
        ("task_name", ("subtask_name",), lambda raw, _: str_or_none(raw.get("subtask_name"))),
        ("gcode_file", ("gcode_file",), lambda raw, _: str_or_none(raw.get("gcode_file"))),
        ("live_view", ("ipcam",), lambda raw, _: live_view(raw.get("ipcam"))),
        ("nozzle_temperature", ("device", "nozzle_temper"), _nozzle(0)),
        ("nozzle_target_temperature", ("device", "nozzle_target_temper"), _nozzle(1)),
        (
            "bed_temperature",
            ("device", "bed_temper"),
            _temperature(("device", "bed", "info", "temp"), "bed_temper", 0),
        ),
        (
            "bed_target_temperature",
            ("device", "bed_target_temper"),
            _temperature(("device", "bed", "info", "temp"), "bed_target_temper", 1),
        ),
        ("chamber_temperature", ("device", "chamber_temper"), _chamber),
        ("part_cooling_fan", ("cooling_fan_speed",), lambda raw, _: _fan(raw, "cooling_fan_speed")),
        ("aux_fan", ("big_fan1_speed",), lambda raw, _: _fan(raw, "big_fan1_speed")),
        ("chamber_fan", ("big_fan2_speed",), lambda raw, _: _fan(raw, "big_fan2_speed")),
        (
            "heatbreak_fan",
            ("heatbreak_fan_speed",),
            lambda raw, _: _fan(raw, "heatbreak_fan_speed"),
        ),
        ("speed_profile", ("spd_lvl",), lambda raw, _: _speed_profile(_int(raw, "spd_lvl"))),
        (
            "chamber_light",
            ("lights_report",),
            lambda raw, _: _chamber_light(raw.get("lights_report")),
        ),
        ("wifi_signal", ("wifi_signal",), lambda raw, _: _wifi(raw.get("wifi_signal"))),
        ("nozzle_diameter", ("nozzle_diameter",), lambda raw, _: _float(raw, "nozzle_diameter")),
        ("sdcard", ("sdcard",), lambda raw, _: _bool(raw.get("sdcard"))),
        (
            "hms",
            ("hms",),
            lambda raw, context: tuple(
                decode_hms(entry["attr"], entry["code"], context.model)
                for entry in raw.get("hms") or ()
            ),
        ),
        (
            "print_error",
            ("print_error",),
            lambda raw, _: decode_print_error(_int(raw, "print_error") or 0),
        ),
        ("developer_mode_required", ("fun",), lambda raw, _: _signing_required(raw.get("fun"))),
        (
            "ams_units",
            ("ams",),
            lambda raw, context: _ams_units(raw.get("ams"), context.version, context.model),
        ),
        ("external_spool", ("vt_tray", "vir_slot"), lambda raw, _: _external_spool(raw)),
        (
            "active_tray",
            ("ams",),
            lambda raw, _: (
                _int(raw["ams"], "tray_now") if isinstance(raw.get("ams"), Mapping) else None
            ),
        ),
    )
)


def parse_state(
    raw: Mapping[str, Any],
    version: VersionInfo | None,
    *,
    ready: bool,
    model_hint: PrinterModel | None = None,
    previous: tuple[Mapping[str, Any], PrinterState] | None = None,
) -> PrinterState:
    """Build the typed state from a merged ``print`` object and the ``get_version`` answer.

    Packed temperatures (``device.*``, newer firmware) win over the legacy fields; the chamber
    temperature is kept only for models with a chamber sensor. Never raises on malformed input:
    a field that cannot be read is ``None``.

    ``previous`` is the raw object and state of the last parse with the same ``version`` and
    ``model_hint``: only the fields whose raw keys ``merge_report`` replaced are parsed again
    (a delta touches a few keys of some seventy).
    """
    version = version or VersionInfo()
    context = _Context(version, version.model or model_hint)
    if previous is None:
        return PrinterState(
            ready=ready,
            model=context.model,
            product_name=version.product_name,
            firmware_version=version.firmware_version,
            **{name: parse(raw, context) for name, _, parse in _FIELDS},
        )
    last_raw, last = previous
    changed = {key for key, value in raw.items() if last_raw.get(key) is not value}
    updates = {
        name: parse(raw, context) for name, keys, parse in _FIELDS if not keys.isdisjoint(changed)
    }
    if ready != last.ready:
        updates["ready"] = ready
    return replace(last, **updates) if updates else last


def _speed_profile(level: int | None) -> SpeedProfile | None:
    """Return the speed profile of an ``spd_lvl`` value."""
    return SpeedProfile(level) if level is not None and level in SpeedProfile else None


def _bounded(value: int | None, low: int, high: int | None) -> int | None:
    """Return ``value`` when within [low, high], else ``None`` (printers send -1 for unknown)."""
    if value is None or value < low or (high is not None and value > high):
        return None
    return value


def _fan(raw: Mapping[str, Any], key: str) -> int | None:
    """Return a fan's speed in % from its 0-15 level."""
    level = _int(raw, key)
    return None if level is None else fan_percent(level)


def _wifi(value: Any) -> int | None:
    """Return the Wi-Fi signal in dBm from ``"-46dBm"``."""
    if not isinstance(value, str):
        return None
    number = to_int(value.removesuffix("dBm").strip())
    return None if number is INVALID else number


def _bool(value: Any) -> bool | None:
    """Return a boolean field (``sdcard``), or ``None`` when it is not a JSON boolean."""
    return value if isinstance(value, bool) else None


def _signing_required(fun: Any) -> bool | None:
    """Return the ``fun`` bit that says commands need signing (Developer mode off)."""
    if not isinstance(fun, str):
        return None
    try:
        return bool(int(fun, 16) & FUN_SIGNING_REQUIRED)
    except ValueError:
        return None


def _chamber_light(lights: Any) -> bool | None:
    """Return whether the chamber light is on (``lights_report`` node ``chamber_light``)."""
    if not isinstance(lights, list):
        return None
    for light in lights:
        if isinstance(light, Mapping) and light.get("node") == "chamber_light":
            mode = light.get("mode")
            return mode in ("on", "flashing") if isinstance(mode, str) else None
    return None


def _tray(raw: Mapping[str, Any], tray_id: int) -> AmsTray:
    """Parse one tray object (an AMS slot or the external spool)."""
    filament = str_or_none(raw.get("tray_type"))
    color = raw.get("tray_color")
    remaining = _bounded(_int(raw, "remain"), 0, 100)
    return AmsTray(
        tray_id=tray_id,
        empty=filament is None,
        filament_type=filament,
        sub_brand=str_or_none(raw.get("tray_sub_brands")),
        color=f"#{color[:6].upper()}" if isinstance(color, str) and len(color) >= 6 else None,
        remaining=remaining if filament else None,
        nozzle_temp_min=_bounded(_int(raw, "nozzle_temp_min"), 1, None),
        nozzle_temp_max=_bounded(_int(raw, "nozzle_temp_max"), 1, None),
    )


def _ams_units(ams: Any, version: VersionInfo, model: PrinterModel | None) -> tuple[AmsUnit, ...]:
    """Parse ``ams.ams``: each unit with its climate and its trays, sorted by id."""
    units = _path(ams, "ams")
    if not isinstance(units, list):
        return ()
    result = []
    for unit in units:
        ams_id = to_int(_path(unit, "id"))
        if ams_id is INVALID or ams_id < 0:
            continue
        kind = version.ams_kinds.get(ams_id) or (
            "ams_ht"
            if ams_id >= AMS_HT_FIRST_ID
            else "ams_lite"
            if model in (PrinterModel.A1, PrinterModel.A1_MINI)
            else "ams"
        )
        temperature = _float(unit, "temp")
        trays = unit.get("tray")
        result.append(
            AmsUnit(
                ams_id=ams_id,
                kind=kind,
                humidity=_bounded(_int(unit, "humidity_raw"), 0, 100),
                humidity_index=_bounded(_int(unit, "humidity"), 1, 5),
                temperature=None if kind == "ams_lite" or not temperature else temperature,
                trays=tuple(
                    _tray(tray, tray_id)
                    for tray in (trays if isinstance(trays, list) else ())
                    if isinstance(tray, Mapping)
                    and (tray_id := to_int(tray.get("id"))) is not INVALID
                ),
            )
        )
    return tuple(sorted(result, key=lambda unit: unit.ams_id))


def _external_spool(raw: Mapping[str, Any]) -> AmsTray | None:
    """Parse the external spool (``vt_tray``, or ``vir_slot`` on newer firmware)."""
    spool = raw.get("vt_tray")
    if not isinstance(spool, Mapping):
        spool = _path(raw, "vir_slot", 0)
    return _tray(spool, EXTERNAL_SPOOL_ID) if isinstance(spool, Mapping) else None
