"""Merge the printer's reports into one raw state, and parse it into a ``PrinterState``.

Both steps are pure functions, so a malformed report can never leave a half-updated state.

Merge rules (OpenBambuAPI ``mqtt.md``; observed in ``holomat_dev/recordings``):

- a full report (``msg`` 0) and a delta (``msg`` 1, P1/A1 firmware) both merge key by key: a key
  the report leaves out keeps its last value;
- objects merge recursively; lists of objects that carry an identity (``ams.ams`` and each unit's
  ``tray`` by ``id``, ``vir_slot`` by ``id``, ``lights_report`` by ``node``) merge item by item,
  except that a full report's list is the whole list (an unplugged AMS unit disappears);
- ``hms`` and other plain lists replace the previous list;
- a value of the wrong type (``"nozzle_temper": "hot"``, ``"ams": 5``) is dropped and the previous
  value kept; numbers sent as strings (``"26.2"``, ``"15"``) are converted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
import math
from typing import Any, Final

from .capabilities import has_chamber_temperature
from .codes import (
    FUN_SIGNING_REQUIRED,
    decode_hms,
    decode_print_error,
    fan_percent,
    stage_name,
    unpack_temperature,
)
from .models import AmsTray, AmsUnit, GcodeState, PrinterModel, PrinterState, SpeedProfile

type RawReport = dict[str, Any]

_INVALID: Final[Any] = object()
_ENVELOPE: Final = frozenset({"command", "msg", "sequence_id", "result", "reason"})
_KEYED_LISTS: Final[dict[str, str]] = {
    "ams": "id",
    "tray": "id",
    "vir_slot": "id",
    "lights_report": "node",
    "info": "id",
}
_JOB_STATES: Final = frozenset({"PREPARE", "RUNNING", "PAUSE"})
EXTERNAL_SPOOL_ID: Final = 254
AMS_HT_FIRST_ID: Final = 128


def _to_float(value: Any) -> Any:
    """Return ``value`` as a finite float, or ``_INVALID``."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return _INVALID
    try:
        number = float(value)
    except ValueError:
        return _INVALID
    return number if math.isfinite(number) else _INVALID


def _to_int(value: Any) -> Any:
    """Return ``value`` as an int (``"15"``, ``15.0``, ``"26.2"`` accepted), or ``_INVALID``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = _to_float(value)
    if number is _INVALID or abs(number) > 2**63:
        return _INVALID
    return int(number)


def _to_str(value: Any) -> Any:
    """Return ``value`` if it is a string, else ``_INVALID``."""
    return value if isinstance(value, str) else _INVALID


def _to_hms(value: Any) -> Any:
    """Return the HMS list as ``[{"attr": int, "code": int}]``, or ``_INVALID``."""
    if not isinstance(value, list):
        return _INVALID
    entries = []
    for item in value:
        if not isinstance(item, Mapping):
            return _INVALID
        attr, code = _to_int(item.get("attr")), _to_int(item.get("code"))
        if attr is _INVALID or code is _INVALID or attr < 0 or code < 0:
            return _INVALID
        entries.append({"attr": attr, "code": code})
    return entries


_COERCERS: Final[dict[str, Callable[[Any], Any]]] = {
    **dict.fromkeys(
        (
            "nozzle_temper",
            "nozzle_target_temper",
            "bed_temper",
            "bed_target_temper",
            "chamber_temper",
            "nozzle_diameter",
            "temp",
        ),
        _to_float,
    ),
    **dict.fromkeys(
        (
            "mc_percent",
            "mc_remaining_time",
            "layer_num",
            "total_layer_num",
            "stg_cur",
            "spd_lvl",
            "print_error",
            "cooling_fan_speed",
            "big_fan1_speed",
            "big_fan2_speed",
            "heatbreak_fan_speed",
            "humidity",
            "humidity_raw",
            "remain",
            "nozzle_temp_min",
            "nozzle_temp_max",
            "tray_now",
        ),
        _to_int,
    ),
    **dict.fromkeys(
        (
            "gcode_state",
            "subtask_name",
            "wifi_signal",
            "fun",
            "tray_type",
            "tray_sub_brands",
            "tray_color",
            "mode",
            "node",
        ),
        _to_str,
    ),
    "hms": _to_hms,
}


def merge_report(current: Mapping[str, Any], report: Mapping[str, Any]) -> RawReport:
    """Return ``current`` (a merged ``print`` object) updated with one ``print`` report.

    ``report`` is the report's ``print`` object; ``msg`` 0 marks a full report. ``current`` is not
    modified; the result shares unchanged sub-objects with it.
    """
    full = report.get("msg") == 0
    merged = _merge_object(current, report, full)
    for key in _ENVELOPE:
        merged.pop(key, None)
    return merged


def _merge_object(current: Mapping[str, Any], new: Mapping[str, Any], full: bool) -> RawReport:
    """Merge ``new`` into a copy of ``current`` (see the module's rules)."""
    out = dict(current)
    for key, value in new.items():
        old = current.get(key)
        if (coerce := _COERCERS.get(key)) is not None:
            if (value := coerce(value)) is not _INVALID:
                out[key] = value
        elif isinstance(value, Mapping):
            if old is None or isinstance(old, Mapping):
                out[key] = _merge_object(old or {}, value, full)
        elif isinstance(value, list):
            if old is None or isinstance(old, list):
                out[key] = _merge_list(old or [], value, _KEYED_LISTS.get(key), full)
        elif not isinstance(old, Mapping | list):
            out[key] = value
    return out


def _merge_list(current: list[Any], new: list[Any], identity: str | None, full: bool) -> list[Any]:
    """Merge a list: by ``identity`` when every item carries it, else replace it whole."""
    if identity is None or not all(
        isinstance(item, Mapping) and isinstance(item.get(identity), str | int) for item in new
    ):
        return new
    known = {
        str(item[identity]): item
        for item in current
        if isinstance(item, Mapping) and identity in item
    }
    merged = {
        str(item[identity]): _merge_object(known.get(str(item[identity]), {}), item, full)
        for item in new
    }
    if full:
        return list(merged.values())
    result = [merged.pop(key, item) for key, item in known.items()]
    return result + list(merged.values())


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """What ``info.get_version`` tells: firmware, model and the kind of each AMS unit.

    ``ams_kinds`` maps an AMS unit id to ``ams``, ``ams_lite``, ``ams_2_pro`` or ``ams_ht`` (module
    names ``ams/N``, ``ams_f1/N``, ``n3f/N``, ``n3s/N`` in ``x1c_get_version.json``).
    """

    firmware_version: str | None = None
    product_name: str | None = None
    model: PrinterModel | None = None
    ams_kinds: dict[int, str] = field(default_factory=dict)


_AMS_MODULES: Final[dict[str, str]] = {
    "ams": "ams",
    "ams_f1": "ams_lite",
    "n3f": "ams_2_pro",
    "n3s": "ams_ht",
}
# Product names as printers report them, most specific first; project names of older firmware.
_PRODUCT_MODELS: Final[tuple[tuple[str, PrinterModel], ...]] = (
    ("x1-carbon", PrinterModel.X1C),
    ("x1 carbon", PrinterModel.X1C),
    ("x1c", PrinterModel.X1C),
    ("x1e", PrinterModel.X1E),
    ("x1", PrinterModel.X1),
    ("p1s", PrinterModel.P1S),
    ("p1p", PrinterModel.P1P),
    ("a1 mini", PrinterModel.A1_MINI),
    ("a1", PrinterModel.A1),
)
_PROJECT_MODELS: Final[dict[str, PrinterModel]] = {
    "N1": PrinterModel.A1_MINI,
    "N2S": PrinterModel.A1,
    "C11": PrinterModel.P1P,
    "C12": PrinterModel.P1S,
    "C13": PrinterModel.X1E,
    "BL-P001": PrinterModel.X1C,
    "BL-P002": PrinterModel.X1,
}
# Serial number prefixes, for the model before ``get_version`` answers.
_SERIAL_MODELS: Final[dict[str, PrinterModel]] = {
    "00M": PrinterModel.X1C,
    "00W": PrinterModel.X1,
    "03W": PrinterModel.X1E,
    "01S": PrinterModel.P1P,
    "01P": PrinterModel.P1S,
    "030": PrinterModel.A1_MINI,
    "039": PrinterModel.A1,
}


def model_from_serial(serial: str) -> PrinterModel | None:
    """Guess the model from the serial number's prefix (``01P…`` is a P1S), if known."""
    return _SERIAL_MODELS.get(serial[:3].upper())


def parse_version(info: Mapping[str, Any]) -> VersionInfo:
    """Parse an ``info`` answer to ``get_version``; unknown or malformed modules are skipped."""
    modules = info.get("module")
    if not isinstance(modules, list):
        return VersionInfo()
    firmware = product = None
    model: PrinterModel | None = None
    kinds: dict[int, str] = {}
    for module in modules:
        if not isinstance(module, Mapping) or not isinstance(name := module.get("name"), str):
            continue
        if name == "ota":
            firmware = _str_or_none(module.get("sw_ver"))
            product = _str_or_none(module.get("product_name"))
            model = _model_from_product(product) or _PROJECT_MODELS.get(
                str(module.get("project_name") or module.get("hw_ver") or "")
            )
        elif "/" in name:
            prefix, _, number = name.partition("/")
            if prefix in _AMS_MODULES and number.isdigit():
                kinds[int(number)] = _AMS_MODULES[prefix]
    return VersionInfo(firmware, product, model, kinds)


def _model_from_product(product: str | None) -> PrinterModel | None:
    """Return the model a product name ("Bambu Lab X1-Carbon") stands for."""
    if not product:
        return None
    lowered = product.lower()
    return next((model for name, model in _PRODUCT_MODELS if name in lowered), None)


def _str_or_none(value: Any) -> str | None:
    """Return a non-empty string, else ``None``."""
    return value if isinstance(value, str) and value else None


def _int(raw: Mapping[str, Any], key: str) -> int | None:
    """Return an int field, or ``None`` when absent or malformed."""
    value = _to_int(raw.get(key)) if key in raw else _INVALID
    return None if value is _INVALID else int(value)


def _float(raw: Mapping[str, Any], key: str) -> float | None:
    """Return a float field, or ``None`` when absent or malformed."""
    value = _to_float(raw.get(key)) if key in raw else _INVALID
    return None if value is _INVALID else float(value)


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
    value = _to_int(_path(raw, *keys))
    return None if value is _INVALID or value < 0 else unpack_temperature(value)


def parse_state(
    raw: Mapping[str, Any],
    version: VersionInfo | None,
    *,
    ready: bool,
    model_hint: PrinterModel | None = None,
) -> PrinterState:
    """Build the typed state from a merged ``print`` object and the ``get_version`` answer.

    Packed temperatures (``device.*``, newer firmware) win over the legacy fields; the chamber
    temperature is kept only for models with a chamber sensor. Never raises on malformed input:
    a field that cannot be read is ``None``.
    """
    version = version or VersionInfo()
    model = version.model or model_hint
    nozzle = _packed(raw, "device", "extruder", "info", 0, "temp") or _packed(
        raw, "device", "nozzle", "0", "temp"
    )
    bed = _packed(raw, "device", "bed", "info", "temp")
    chamber = _packed(raw, "device", "ctc", "info", "temp")
    gcode_state = _str_or_none(raw.get("gcode_state"))
    speed = _int(raw, "spd_lvl")
    stage_id = _int(raw, "stg_cur")
    fun = raw.get("fun")
    wifi = raw.get("wifi_signal")
    return PrinterState(
        ready=ready,
        model=model,
        product_name=version.product_name,
        firmware_version=version.firmware_version,
        gcode_state=GcodeState(gcode_state) if gcode_state and gcode_state in GcodeState else None,
        stage_id=stage_id,
        # ``stg_cur`` stays 0 ("printing") on idle P1/A1 printers: only trust it during a job.
        stage_name="idle"
        if stage_id == 0 and gcode_state not in _JOB_STATES
        else stage_name(stage_id),
        progress=_bounded(_int(raw, "mc_percent"), 0, 100),
        remaining_time=_bounded(_int(raw, "mc_remaining_time"), 0, None),
        layer=_bounded(_int(raw, "layer_num"), 0, None),
        total_layers=_bounded(_int(raw, "total_layer_num"), 0, None),
        task_name=_str_or_none(raw.get("subtask_name")),
        nozzle_temperature=nozzle[0] if nozzle else _float(raw, "nozzle_temper"),
        nozzle_target_temperature=nozzle[1] if nozzle else _float(raw, "nozzle_target_temper"),
        bed_temperature=bed[0] if bed else _float(raw, "bed_temper"),
        bed_target_temperature=bed[1] if bed else _float(raw, "bed_target_temper"),
        chamber_temperature=(chamber[0] if chamber else _float(raw, "chamber_temper"))
        if has_chamber_temperature(model)
        else None,
        part_cooling_fan=_fan(raw, "cooling_fan_speed"),
        aux_fan=_fan(raw, "big_fan1_speed"),
        chamber_fan=_fan(raw, "big_fan2_speed"),
        heatbreak_fan=_fan(raw, "heatbreak_fan_speed"),
        speed_profile=SpeedProfile(speed) if speed is not None and speed in SpeedProfile else None,
        chamber_light=_chamber_light(raw.get("lights_report")),
        wifi_signal=_wifi(wifi),
        nozzle_diameter=_float(raw, "nozzle_diameter"),
        hms=tuple(
            decode_hms(entry["attr"], entry["code"], model) for entry in raw.get("hms") or ()
        ),
        print_error=decode_print_error(_int(raw, "print_error") or 0),
        developer_mode_required=_signing_required(fun),
        ams_units=_ams_units(raw.get("ams"), version, model),
        external_spool=_external_spool(raw),
        active_tray=_int(raw["ams"], "tray_now") if isinstance(raw.get("ams"), Mapping) else None,
    )


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
    number = _to_int(value.removesuffix("dBm").strip())
    return None if number is _INVALID else number


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
    filament = _str_or_none(raw.get("tray_type"))
    color = raw.get("tray_color")
    remaining = _bounded(_int(raw, "remain"), 0, 100)
    return AmsTray(
        tray_id=tray_id,
        empty=filament is None,
        filament_type=filament,
        sub_brand=_str_or_none(raw.get("tray_sub_brands")),
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
        ams_id = _to_int(_path(unit, "id"))
        if ams_id is _INVALID or ams_id < 0:
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
                    and (tray_id := _to_int(tray.get("id"))) is not _INVALID
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
