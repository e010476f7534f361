"""What HoloMat says about printers, in the conversation's language.

Every sentence comes from ``translations/<language>.json`` (``common``, keys ``assist_...``)
through ``texts.Texts``; this module only picks the sentence for a printer's state and fills it
in. A printer is called by its name, or "the X1C" / "la X1C" when its name is a model code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from homeassistant.util import dt as dt_util

from ..bambu import AmsTray, GcodeState, PrinterState
from ..bambu.capabilities import has_chamber_temperature
from ..texts import Text, Texts
from .names import PrinterNames
from .spoken import is_model_code

# Named colours a spool's ``#RRGGBB`` is read as (the nearest one).
COLORS: dict[Text, tuple[int, int, int]] = {
    Text.ASSIST_COLOR_BLACK: (0, 0, 0),
    Text.ASSIST_COLOR_WHITE: (255, 255, 255),
    Text.ASSIST_COLOR_GREY: (128, 128, 128),
    Text.ASSIST_COLOR_RED: (220, 30, 30),
    Text.ASSIST_COLOR_ORANGE: (240, 130, 30),
    Text.ASSIST_COLOR_YELLOW: (240, 220, 30),
    Text.ASSIST_COLOR_GREEN: (40, 160, 60),
    Text.ASSIST_COLOR_BLUE: (30, 80, 210),
    Text.ASSIST_COLOR_PURPLE: (130, 60, 180),
    Text.ASSIST_COLOR_PINK: (240, 130, 180),
    Text.ASSIST_COLOR_BROWN: (130, 80, 40),
}
PRINTING = (GcodeState.PREPARE, GcodeState.RUNNING)


def sentence(text: str) -> str:
    """Return ``text`` with its first letter in capitals (names start sentences)."""
    return text[:1].upper() + text[1:]


def called(texts: Texts, printer: PrinterNames) -> str:
    """Return how a sentence names the printer: "the X1C" for a model code, else its name."""
    return (
        texts(Text.ASSIST_THE_MODEL, model=printer.name)
        if is_model_code(printer.name)
        else printer.name
    )


def either(texts: Texts, items: Sequence[str], joiner: Text = Text.ASSIST_OR) -> str:
    """Return "a, b or c" (``joiner``: ``ASSIST_OR`` or ``ASSIST_AND``)."""
    if len(items) < 2:
        return "".join(items)
    return texts(joiner, first=", ".join(items[:-1]), last=items[-1])


def printers_named(texts: Texts, printers: Sequence[PrinterNames]) -> str:
    """Return "the X1C or the P1S", telling apart printers that share a name by their area."""
    names = [called(texts, printer) for printer in printers]
    return either(
        texts,
        [
            texts(Text.ASSIST_IN_AREA, name=name, area=printer.areas[0])
            if names.count(name) > 1 and printer.areas
            else name
            for name, printer in zip(names, printers, strict=True)
        ],
    )


def duration(texts: Texts, minutes: int) -> str:
    """Return a duration said as people say it: "1 hour and 20 minutes", "6 minutes"."""
    hours, minutes = divmod(max(minutes, 0), 60)
    parts = []
    if hours:
        parts.append(
            texts(Text.ASSIST_HOUR) if hours == 1 else texts(Text.ASSIST_HOURS, count=hours)
        )
    if minutes:
        parts.append(
            texts(Text.ASSIST_MINUTE) if minutes == 1 else texts(Text.ASSIST_MINUTES, count=minutes)
        )
    return either(texts, parts, Text.ASSIST_AND) or texts(Text.ASSIST_UNDER_A_MINUTE)


def clock(texts: Texts, when: datetime) -> str:
    """Return a time of day in Home Assistant's time zone, as the language writes it."""
    return dt_util.as_local(when).strftime(texts(Text.ASSIST_CLOCK_FORMAT)).lstrip("0")


def task(texts: Texts, state: PrinterState) -> str:
    """Return the job's name, or "an unnamed job"."""
    return state.task_name or texts(Text.ASSIST_UNNAMED_TASK)


def the_print(texts: Texts, state: PrinterState) -> str:
    """Return "the print of Benchy" (or "the print" when the job has no name)."""
    if state.task_name:
        return texts(Text.ASSIST_THE_PRINT_OF, task=state.task_name)
    return texts(Text.ASSIST_THE_PRINT)


def say(texts: Texts, key: Text, printer: PrinterNames, **placeholders: object) -> str:
    """Return sentence ``key`` about ``printer`` (its ``{printer}`` filled in)."""
    return sentence(texts(key, printer=called(texts, printer), **placeholders))


def status(texts: Texts, printer: PrinterNames) -> str:
    """Return the printer's state in one sentence ("The X1C is 39 % done, about 6 minutes...")."""
    state = printer.coordinator.data.state
    if not printer.coordinator.data.online:
        return say(texts, Text.ASSIST_OFFLINE, printer)
    match state.gcode_state:
        case GcodeState.RUNNING:
            parts = [say(texts, Text.ASSIST_PROGRESS, printer, progress=state.progress or 0)]
            if state.remaining_time is not None:
                time_left = duration(texts, state.remaining_time)
                parts.append(texts(Text.ASSIST_TIME_LEFT_PART, time=time_left))
            parts.append(texts(Text.ASSIST_TASK_PART, task=task(texts, state)))
            return ", ".join(parts) + "."
        case GcodeState.PREPARE | GcodeState.SLICING | GcodeState.INIT:
            return say(texts, Text.ASSIST_PREPARING, printer, task=task(texts, state))
        case GcodeState.PAUSE:
            progress = state.progress or 0
            return say(
                texts, Text.ASSIST_PAUSED_AT, printer, progress=progress, task=task(texts, state)
            )
        case GcodeState.FINISH:
            return say(texts, Text.ASSIST_FINISHED, printer, task=task(texts, state))
        case GcodeState.FAILED:
            return say(texts, Text.ASSIST_FAILED, printer, task=task(texts, state))
        case GcodeState.IDLE:
            return say(texts, Text.ASSIST_IDLE, printer)
    return say(texts, Text.ASSIST_NO_STATE, printer)


def time_left(texts: Texts, printer: PrinterNames) -> str:
    """Return how long the print has left and when it ends (the state, when not printing)."""
    data = printer.coordinator.data
    state = data.state
    if (
        not data.online
        or state.gcode_state not in PRINTING
        or state.remaining_time is None
        or data.end_time is None
    ):
        return status(texts, printer)
    minutes, end = duration(texts, state.remaining_time), clock(texts, data.end_time)
    return say(texts, Text.ASSIST_TIME_LEFT, printer, time=minutes, end=end)


def job(texts: Texts, printer: PrinterNames) -> str:
    """Return what the printer is printing, with its layer (the state, when not printing)."""
    data = printer.coordinator.data
    state = data.state
    if not data.online or state.gcode_state is not GcodeState.RUNNING:
        return status(texts, printer)
    if state.layer is not None and state.total_layers:
        layers = {"layer": state.layer, "layers": state.total_layers}
        return say(texts, Text.ASSIST_JOB_LAYERS, printer, task=task(texts, state), **layers)
    return say(texts, Text.ASSIST_JOB, printer, task=task(texts, state))


def temperatures(texts: Texts, printer: PrinterNames) -> str:
    """Return the nozzle, bed and (where the printer measures it) chamber temperatures, °C."""
    data = printer.coordinator.data
    state = data.state
    if not data.online:
        return status(texts, printer)
    if state.nozzle_temperature is None or state.bed_temperature is None:
        return say(texts, Text.ASSIST_NO_TEMPERATURES, printer)
    measured = {"nozzle": round(state.nozzle_temperature), "bed": round(state.bed_temperature)}
    if has_chamber_temperature(printer.coordinator.model) and state.chamber_temperature is not None:
        chamber = round(state.chamber_temperature)
        return say(texts, Text.ASSIST_TEMPERATURES_CHAMBER, printer, chamber=chamber, **measured)
    return say(texts, Text.ASSIST_TEMPERATURES, printer, **measured)


def color_name(texts: Texts, color: str | None) -> str | None:
    """Return the named colour nearest to ``#RRGGBB`` (``None`` when unreadable)."""
    try:
        rgb = tuple(int((color or "")[i : i + 2], 16) for i in (1, 3, 5))
    except ValueError:
        return None
    return texts(min(COLORS, key=lambda key: _distance(COLORS[key], rgb)))


def _distance(first: Sequence[int], second: Sequence[int]) -> int:
    """Return the squared distance between two RGB colours."""
    return sum((a - b) ** 2 for a, b in zip(first, second, strict=True))


def filament_name(texts: Texts, tray: AmsTray) -> str:
    """Return "black PLA Basic" (the colour when known, the product or the material)."""
    material = tray.sub_brand or tray.filament_type or "?"
    if (color := color_name(texts, tray.color)) is None:
        return material
    return texts(Text.ASSIST_FILAMENT_NAME, color=color, material=material)


def _slot(texts: Texts, tray: AmsTray, active: bool) -> str:
    """Return one AMS slot: its filament and what is left, or that it is empty."""
    number = tray.tray_id + 1
    if tray.empty:
        said = texts(Text.ASSIST_SLOT_EMPTY, slot=number)
    elif tray.remaining is None:
        said = texts(Text.ASSIST_SLOT, slot=number, filament=filament_name(texts, tray))
    else:
        said = texts(
            Text.ASSIST_SLOT_LEFT,
            slot=number,
            filament=filament_name(texts, tray),
            remaining=tray.remaining,
        )
    return texts(Text.ASSIST_SLOT_ACTIVE, slot=said) if active else said


def filament(texts: Texts, printer: PrinterNames) -> str:
    """Return what each AMS slot and the external spool hold, and which one feeds the nozzle."""
    data = printer.coordinator.data
    state = data.state
    if not data.online:
        return status(texts, printer)
    spools = [
        texts(
            Text.ASSIST_UNIT,
            unit=f"{unit.model} {unit.number}",
            slots=", ".join(
                _slot(texts, tray, state.is_active_tray(unit.ams_id, tray.tray_id))
                for tray in unit.trays
            ),
        )
        for unit in state.ams_units
        if unit.trays
    ]
    spool = state.external_spool
    if spool is not None and not spool.empty:
        said = texts(Text.ASSIST_EXTERNAL_SPOOL, filament=filament_name(texts, spool))
        active = state.is_active_tray(None, spool.tray_id)
        spools.append(texts(Text.ASSIST_SLOT_ACTIVE, slot=said) if active else said)
    if not spools:
        return say(texts, Text.ASSIST_NO_FILAMENT, printer)
    return say(texts, Text.ASSIST_FILAMENT, printer, spools="; ".join(spools))
