"""Merge the printer's reports into one raw state (a pure function).

A malformed report can never leave a half-updated state: the result is a new object.

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
        to_float,
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
        to_int,
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
            if (value := coerce(value)) is not INVALID:
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
