"""Print events, derived from two successive printer states (pure functions, no I/O).

Transitions follow the printers' ``gcode_state`` machine (OpenBambuAPI ``mqtt.md``):
IDLE/FINISH/FAILED → PREPARE/RUNNING starts a print, RUNNING ↔ PAUSE pauses and resumes it,
FINISH and FAILED end it. A stop is not a state: printers set ``print_error`` 50348044
(``0300_400C``) and then report FAILED (X1) or IDLE (P1/A1); that counts once, as canceled.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .codes import PRINT_ERROR_CANCELED
from .models import GcodeState, PrinterState


class PrinterEventType(StrEnum):
    """The kinds of print event, as automations and device triggers name them."""

    PRINT_STARTED = "print_started"
    PRINT_PAUSED = "print_paused"
    PRINT_RESUMED = "print_resumed"
    PRINT_FINISHED = "print_finished"
    PRINT_FAILED = "print_failed"
    PRINT_CANCELED = "print_canceled"
    HMS_ERROR = "hms_error"
    HMS_CLEARED = "hms_cleared"


@dataclass(frozen=True, slots=True)
class PrinterEvent:
    """One print event.

    ``job`` is the task name; ``reason`` why a print paused or failed (a ``paused_*`` stage or
    the print error's code); ``code``, ``severity`` and ``url`` describe an HMS alert or the print
    error behind the event.
    """

    type: PrinterEventType
    job: str | None = None
    reason: str | None = None
    code: str | None = None
    severity: str | None = None
    url: str | None = None


_IDLE_STATES = frozenset({GcodeState.IDLE, GcodeState.FINISH, GcodeState.FAILED})
_ACTIVE_STATES = frozenset({GcodeState.PREPARE, GcodeState.RUNNING})


def _canceled(state: PrinterState) -> bool:
    """Return whether the state's print error says the task was canceled."""
    return state.print_error is not None and state.print_error.value == PRINT_ERROR_CANCELED


def derive_events(previous: PrinterState | None, state: PrinterState) -> list[PrinterEvent]:
    """Return the events between ``previous`` and ``state``, in the order they happened.

    ``previous`` is ``None`` for the first state seen after a start or a reload: it is only a
    baseline and gives no event.
    """
    if previous is None:
        return []
    events: list[PrinterEvent] = []
    before, now = previous.gcode_state, state.gcode_state
    job = state.task_name or previous.task_name
    error = state.print_error
    newly_canceled = _canceled(state) and not _canceled(previous)

    if before in _IDLE_STATES and now in _ACTIVE_STATES:
        events.append(PrinterEvent(PrinterEventType.PRINT_STARTED, job))
    elif before == GcodeState.PAUSE and now in _ACTIVE_STATES:
        events.append(PrinterEvent(PrinterEventType.PRINT_RESUMED, job))
    if now == GcodeState.PAUSE and before != GcodeState.PAUSE:
        reason = (
            state.stage_name
            if state.stage_name and state.stage_name.startswith("paused_")
            else (error.code if error else None)
        )
        events.append(
            PrinterEvent(
                PrinterEventType.PRINT_PAUSED, job, reason, code=error.code if error else None
            )
        )
    if newly_canceled or (
        before in (GcodeState.RUNNING, GcodeState.PAUSE)
        and now == GcodeState.IDLE
        and not _canceled(state)
    ):
        events.append(
            PrinterEvent(PrinterEventType.PRINT_CANCELED, job, code=error.code if error else None)
        )
    elif now == GcodeState.FINISH and before != GcodeState.FINISH:
        events.append(PrinterEvent(PrinterEventType.PRINT_FINISHED, job))
    elif now == GcodeState.FAILED and before != GcodeState.FAILED and not _canceled(state):
        events.append(
            PrinterEvent(
                PrinterEventType.PRINT_FAILED,
                job,
                reason=error.description or error.code if error else None,
                code=error.code if error else None,
            )
        )

    known = {hms.code for hms in previous.hms}
    current = {hms.code for hms in state.hms}
    events.extend(
        PrinterEvent(
            PrinterEventType.HMS_ERROR, job, code=hms.code, severity=hms.severity, url=hms.url
        )
        for hms in state.hms
        if hms.code not in known
    )
    events.extend(
        PrinterEvent(
            PrinterEventType.HMS_CLEARED, job, code=hms.code, severity=hms.severity, url=hms.url
        )
        for hms in previous.hms
        if hms.code not in current
    )
    return events
