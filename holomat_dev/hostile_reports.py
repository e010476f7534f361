"""Malformed reports, as a broken or hostile printer (or anyone on its broker) could send them.

``malformed_reports(count)`` cycles through whole-message garbage (deep nesting that makes
Python's ``json.loads`` raise ``RecursionError``, oversized, non-UTF-8, not JSON, not an object)
and well-formed reports whose fields are of the wrong type or out of range (``lights_report``,
``ams``, ``mc_remaining_time``, ``gcode_state``, ...). None of them carries a good value, so a
client that handles them right ends with exactly the state it had before.
"""

from __future__ import annotations

import json
from typing import Any, Final

DEEP_REPETITIONS: Final = 20_000  # 180 kB: json.loads raises RecursionError from 10,000 levels


def _report(fields: dict[str, Any]) -> bytes:
    """Return a ``push_status`` delta carrying ``fields`` (NaN and Infinity written as such)."""
    return json.dumps({"print": {"command": "push_status", "msg": 1, **fields}}).encode()


WHOLE_MESSAGE_GARBAGE: Final[tuple[bytes, ...]] = (
    b'{"print":' * DEEP_REPETITIONS,
    b"[" * 5000 + b"]" * 5000,
    b'{"print": {"subtask_name": "' + b"x" * 300_000 + b'"}}',
    b"\xff\xfe\x00garbage",
    b"not json at all",
    b'{"print": {"mc_percent": 1',
    b"[1, 2, 3]",
    b"NaN",
)
BAD_FIELDS: Final[tuple[bytes, ...]] = (
    _report({"lights_report": [1, 2]}),
    _report({"lights_report": [{"node": "chamber_light", "mode": 7}]}),
    _report({"ams": {"ams": [None, "x"]}}),
    _report({"ams": {"ams": "x", "tray_now": "999"}}),
    _report({"mc_remaining_time": -999}),
    _report({"mc_remaining_time": "soon", "mc_percent": 250}),
    _report({"gcode_state": "EXPLODED", "layer_num": -5}),
    _report({"nozzle_temper": float("nan"), "bed_temper": float("inf")}),
    _report({"spd_lvl": 9, "cooling_fan_speed": "99", "wifi_signal": "loud"}),
    _report({"hms": [{"attr": "x"}], "print_error": -7}),
    _report({"vt_tray": {"tray_color": "not a colour", "remain": 500}}),
    b'{"print": 5, "info": [1]}',
)


def malformed_reports(count: int = 1000) -> list[bytes]:
    """Return ``count`` malformed payloads, cycling through every kind above."""
    kinds = WHOLE_MESSAGE_GARBAGE + BAD_FIELDS
    return [kinds[index % len(kinds)] for index in range(count)]


def whole_message_garbage_count(count: int = 1000) -> int:
    """Return how many of ``malformed_reports(count)`` a client must drop whole."""
    kinds = len(WHOLE_MESSAGE_GARBAGE) + len(BAD_FIELDS)
    full, rest = divmod(count, kinds)
    return full * len(WHOLE_MESSAGE_GARBAGE) + min(rest, len(WHOLE_MESSAGE_GARBAGE))
