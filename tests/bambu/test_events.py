"""Print events derived from successive printer states."""

from __future__ import annotations

from typing import Any

from custom_components.holomat.bambu import PrinterEventType as T, PrinterState, derive_events
from custom_components.holomat.bambu.merge import merge_report
from custom_components.holomat.bambu.state import parse_state

HMS_CAMERA = {"attr": 201327360, "code": 196615}  # 0C00_0300_0003_0007


def states(*reports: dict[str, Any]) -> list[PrinterState]:
    """Return the state after each report, merged in order (the first one is a full report)."""
    raw: dict[str, Any] = {}
    result = []
    for index, report in enumerate(reports):
        raw = merge_report(raw, {"msg": 0 if index == 0 else 1, **report})
        result.append(parse_state(raw, None, ready=True))
    return result


def events(*reports: dict[str, Any]) -> list[tuple[str, str | None]]:
    """Return (type, code) of the events across the reports; the first state is the baseline."""
    found: list[tuple[str, str | None]] = []
    previous: PrinterState | None = None
    for state in states(*reports):
        found += [(event.type.value, event.code) for event in derive_events(previous, state)]
        previous = state
    return found


def test_first_state_is_only_a_baseline() -> None:
    (state,) = states({"gcode_state": "FINISH"})
    assert derive_events(None, state) == []


def test_a_whole_print() -> None:
    assert events(
        {"gcode_state": "IDLE", "subtask_name": "Benchy"},
        {"gcode_state": "PREPARE"},
        {"gcode_state": "RUNNING"},
        {"gcode_state": "PAUSE", "stg_cur": 16},
        {"gcode_state": "RUNNING"},
        {"gcode_state": "FINISH"},
    ) == [
        ("print_started", None),
        ("print_paused", None),
        ("print_resumed", None),
        ("print_finished", None),
    ]


def test_event_carries_job_and_pause_reason() -> None:
    before, after = states(
        {"gcode_state": "RUNNING", "subtask_name": "Benchy"},
        {"gcode_state": "PAUSE", "print_error": 50364437},
    )
    (event,) = derive_events(before, after)
    assert event.type is T.PRINT_PAUSED
    assert event.job == "Benchy"
    assert event.reason == "0300_8015"  # filament runout, from the print error


def test_user_pause_reason_is_the_stage() -> None:
    before, after = states({"gcode_state": "RUNNING"}, {"gcode_state": "PAUSE", "stg_cur": 16})
    assert derive_events(before, after)[0].reason == "paused_user"


def test_stop_on_x1_is_canceled_once_not_failed() -> None:
    assert events(
        {"gcode_state": "RUNNING"},
        {"print_error": 50348044},
        {"gcode_state": "FAILED"},
        {"gcode_state": "IDLE"},
    ) == [("print_canceled", "0300_400C")]


def test_stop_on_p1_goes_straight_to_idle() -> None:
    assert events({"gcode_state": "RUNNING"}, {"gcode_state": "IDLE"}) == [("print_canceled", None)]


def test_failure_with_error() -> None:
    assert events(
        {"gcode_state": "RUNNING"}, {"gcode_state": "FAILED", "print_error": 117473286}
    ) == [("print_failed", "0700_8006")]


def test_hms_raised_and_cleared_per_code() -> None:
    assert events({"hms": []}, {"hms": [HMS_CAMERA]}, {"hms": [HMS_CAMERA]}, {"hms": []}) == [
        ("hms_error", "0C00_0300_0003_0007"),
        ("hms_cleared", "0C00_0300_0003_0007"),
    ]


def test_restart_in_finish_gives_no_finish_event() -> None:
    assert events({"gcode_state": "FINISH"}, {"gcode_state": "FINISH", "mc_percent": 100}) == []
