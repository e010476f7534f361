"""Merge the printer's reports into one raw state (a pure function).

A malformed report can never leave a half-updated state: the result is a new object.

Merge rules (OpenBambuAPI ``mqtt.md``; observed in ``holomat_dev/recordings``):

- a full report (``msg`` 0) and a delta (``msg`` 1, P1/A1 firmware) both merge key by key: a key
  the report leaves out keeps its last value;
- objects merge recursively; lists of objects that carry an identity (``ams.ams`` and each unit's
  ``tray`` by ``id``, ``vir_slot`` by ``id``, ``lights_report`` by ``node``) merge item by item,
  except that a full report's list is the whole list (an unplugged AMS unit disappears);
- ``hms`` and other plain lists replace the previous list;
- a value of the wrong type (``"nozzle_temper": "hot"``, ``"ams": 5``) or out of the field's range
  (``"mc_percent": 250``, ``"gcode_state": "EXPLODED"``) is dropped and the previous value kept;
  numbers sent as strings (``"26.2"``, ``"15"``) are converted;
- an identity list with an item that is not an object carrying its identity
  (``"lights_report": [1, 2]``, ``"ams": {"ams": "x"}``) is dropped whole and the previous
  list kept: replacing it would lose every light, AMS unit or tray it held.

Ranges are those of the fields' meanings (OpenBambuAPI ``mqtt.md``; shared notes §5): a
percentage is 0-100, a fan level 0-15, a speed level 1-4, an AMS humidity index 0-5, ``-1``
stands for "unknown" where printers send it (``remain``, ``mc_remaining_time``, layers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import math
from typing import Any, Final

type RawReport = dict[str, Any]

INVALID: Final[Any] = object()
_ENVELOPE: Final = frozenset({"command", "msg", "sequence_id", "result", "reason"})
_KEYED_LISTS: Final[dict[str, str]] = {
    "ams": "id",
    "tray": "id",
    "vir_slot": "id",
    "lights_report": "node",
    "info": "id",
}
# Identity lists whose every item must carry its identity (``info`` also names ``net.info``,
# a plain list of addresses that replaces the previous one).
_STRICT_LISTS: Final = frozenset({"ams", "tray", "vir_slot", "lights_report"})
_GCODE_STATES: Final = frozenset(
    {"IDLE", "PREPARE", "RUNNING", "PAUSE", "FINISH", "FAILED", "SLICING", "INIT"}
)
_HEX: Final = frozenset("0123456789abcdefABCDEF")


def to_float(value: Any) -> Any:
    """Return ``value`` as a finite float, or ``INVALID``."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return INVALID
    try:
        number = float(value)
    except ValueError:
        return INVALID
    return number if math.isfinite(number) else INVALID


def to_int(value: Any) -> Any:
    """Return ``value`` as an int (``"15"``, ``15.0``, ``"26.2"`` accepted), or ``INVALID``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = to_float(value)
    if number is INVALID or abs(number) > 2**63:
        return INVALID
    return int(number)


def _to_str(value: Any) -> Any:
    """Return ``value`` if it is a string, else ``INVALID``."""
    return value if isinstance(value, str) else INVALID


def _in_range(convert: Callable[[Any], Any], low: float, high: float) -> Callable[[Any], Any]:
    """Return a coercer: ``convert(value)`` when within [low, high], else ``INVALID``."""

    def coerce(value: Any) -> Any:
        number = convert(value)
        return number if number is not INVALID and low <= number <= high else INVALID

    return coerce


def _one_of(allowed: frozenset[str]) -> Callable[[Any], Any]:
    """Return a coercer that accepts only the strings in ``allowed``."""
    return lambda value: value if isinstance(value, str) and value in allowed else INVALID


def _to_hex(value: Any) -> Any:
    """Return a hex string (``fun``, ``tray_color``; empty allowed), else ``INVALID``."""
    return value if isinstance(value, str) and _HEX.issuperset(value) else INVALID


def _to_wifi(value: Any) -> Any:
    """Return a Wi-Fi signal such as ``"-46dBm"`` (-150..0 dBm), else ``INVALID``."""
    if not isinstance(value, str):
        return INVALID
    level = to_int(value.removesuffix("dBm").strip())
    return value if level is not INVALID and -150 <= level <= 0 else INVALID


def _to_hms(value: Any) -> Any:
    """Return the HMS list as ``[{"attr": int, "code": int}]``, or ``INVALID``."""
    if not isinstance(value, list):
        return INVALID
    entries = []
    for item in value:
        if not isinstance(item, Mapping):
            return INVALID
        attr, code = to_int(item.get("attr")), to_int(item.get("code"))
        if attr is INVALID or code is INVALID or attr < 0 or code < 0:
            return INVALID
        entries.append({"attr": attr, "code": code})
    return entries


_TEMPERATURE: Final = _in_range(to_float, -50, 1000)  # °C
_PERCENT: Final = _in_range(to_int, 0, 100)
_UNKNOWN_OR_COUNT: Final = _in_range(to_int, -1, 10**7)
_FAN: Final = _in_range(to_int, 0, 15)
_COERCERS: Final[dict[str, Callable[[Any], Any]]] = {
    **dict.fromkeys(
        ("nozzle_temper", "nozzle_target_temper", "bed_temper", "bed_target_temper"),
        _TEMPERATURE,
    ),
    "chamber_temper": _TEMPERATURE,
    "temp": to_float,  # an AMS's °C, or a packed current + target under ``device``
    "nozzle_diameter": _in_range(to_float, 0.1, 2.0),  # mm
    "mc_percent": _PERCENT,
    **dict.fromkeys(("mc_remaining_time", "layer_num", "total_layer_num"), _UNKNOWN_OR_COUNT),
    "stg_cur": _in_range(to_int, -1, 255),
    "spd_lvl": _in_range(to_int, 1, 4),
    "print_error": _in_range(to_int, 0, 2**32 - 1),
    **dict.fromkeys(
        ("cooling_fan_speed", "big_fan1_speed", "big_fan2_speed", "heatbreak_fan_speed"), _FAN
    ),
    "humidity": _in_range(to_int, 0, 5),
    "humidity_raw": _PERCENT,
    "remain": _in_range(to_int, -1, 100),
    **dict.fromkeys(("nozzle_temp_min", "nozzle_temp_max"), _in_range(to_int, 0, 1000)),
    "tray_now": _in_range(to_int, 0, 255),
    "gcode_state": _one_of(_GCODE_STATES),
    **dict.fromkeys(
        ("subtask_name", "gcode_file", "tray_type", "tray_sub_brands", "node"), _to_str
    ),
    "mode": _one_of(frozenset({"on", "off", "flashing"})),
    **dict.fromkeys(("fun", "tray_color"), _to_hex),
    "wifi_signal": _to_wifi,
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
            if (value := coerce(value)) is not INVALID:
                out[key] = value
        elif isinstance(value, Mapping):
            if old is None or isinstance(old, Mapping):
                out[key] = _merge_object(old or {}, value, full)
        elif isinstance(value, list):
            if old is None or isinstance(old, list):
                merged = _merge_list(old or [], value, _KEYED_LISTS.get(key), full)
                if merged is not INVALID or key not in _STRICT_LISTS:
                    out[key] = value if merged is INVALID else merged
        elif not isinstance(old, Mapping | list):
            out[key] = value
    return out


def _merge_list(current: list[Any], new: list[Any], identity: str | None, full: bool) -> Any:
    """Merge a list by ``identity``; return ``INVALID`` when an item does not carry it.

    Without an ``identity`` the new list replaces the old one.
    """
    if identity is None:
        return new
    if not all(
        isinstance(item, Mapping) and isinstance(item.get(identity), str | int) for item in new
    ):
        return INVALID
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
