"""HoloMat's printer intents: what the built-in agent's sentences and every LLM agent's tools run.

Each handler is registered once with Home Assistant (``intent.async_register``): the built-in
conversation agent runs it for HoloMat's sentences (``sentences/<language>/``), and Home
Assistant's Assist LLM API offers it to every LLM agent as a tool named after the intent, with
the handler's ``description`` and ``slot_schema`` (``helpers/llm.py``, ``IntentTool``). Both
paths resolve printers the same way (``names.async_resolve``) and get the same answer: the
localized sentence as speech, and the printers' data as ``speech_slots`` for models.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, intent
import voluptuous as vol

from ..bambu import GcodeState
from ..printer.coordinator import PrinterCoordinator
from ..texts import Text, Texts, async_get_texts
from . import answers
from .names import Match, PrinterNames, Resolution, async_resolve, speaker_area

INTENT_STATUS: Final = "HolomatPrinterStatus"
SLOT_PRINTER: Final = "printer"
SLOT_AREA: Final = "preferred_area_id"  # filled by HA: the speaker's (satellite's) area
PRINTER_SLOTS: Final[dict[Any, Any]] = {
    vol.Optional(
        SLOT_PRINTER,
        description=(
            "The printer as the user named it (its name, model such as X1C, or area); "
            "leave out when the user named none"
        ),
    ): cv.string,
    vol.Optional(SLOT_AREA): cv.string,
}
ACTIVE: Final = (GcodeState.PREPARE, GcodeState.RUNNING, GcodeState.PAUSE)
# What the status intent can be asked about, and how each is answered.
DETAILS: Final[dict[str, Callable[[Texts, PrinterNames], str]]] = {
    "status": answers.status,
    "time_left": answers.time_left,
    "job": answers.job,
    "temperature": answers.temperatures,
    "filament": answers.filament,
}


@dataclass(frozen=True, slots=True)
class Turn:
    """What a printer intent answers: its validated slots, the printers meant, the response."""

    hass: HomeAssistant
    slots: dict[str, Any]
    texts: Texts
    printers: Sequence[PrinterNames]
    response: intent.IntentResponse

    def slot(self, name: str) -> Any:
        """Return a slot's value (``None`` when the slot is not given)."""
        return slot_value(self.slots, name)


def slot_value(slots: dict[str, Any], name: str) -> Any:
    """Return a validated slot's value (``None`` when the slot is not given)."""
    return slots.get(name, {}).get("value")


def printer_data(printer: PrinterNames) -> dict[str, Any]:
    """Return what a model needs to know about one printer (the answer's ``speech_slots``)."""
    data = printer.coordinator.data
    state = data.state
    return {
        "name": printer.name,
        "area": printer.areas[0] if printer.areas else None,
        "online": data.online,
        "state": state.gcode_state.value.lower() if state.gcode_state else None,
        "task": state.task_name,
        "progress_percent": state.progress,
        "remaining_minutes": state.remaining_time,
        "end_time": data.end_time.isoformat() if data.end_time else None,
        "layer": state.layer,
        "total_layers": state.total_layers,
        "nozzle_temperature": state.nozzle_temperature,
        "bed_temperature": state.bed_temperature,
        "chamber_temperature": state.chamber_temperature,
        "chamber_light": state.chamber_light,
        "error": state.print_error.description or state.print_error.code
        if state.print_error
        else None,
        "hms": [f"{entry.severity}: {entry.code} ({entry.module})" for entry in state.hms],
    }


def problem(texts: Texts, resolution: Resolution, reference: str | None) -> str:
    """Return what to say when a reference did not come to printers (a question, or why not)."""
    printers = answers.printers_named(texts, resolution.printers)
    match resolution.match:
        case Match.AMBIGUOUS:
            return texts(Text.ASSIST_WHICH_PRINTER, printers=printers)
        case Match.UNKNOWN:
            return texts(Text.ASSIST_UNKNOWN_PRINTER, name=reference, printers=printers)
        case Match.NOT_EXPOSED:
            return answers.sentence(texts(Text.ASSIST_NOT_EXPOSED, name=reference))
    return texts(Text.ASSIST_NONE_EXPOSED)


class PrinterIntentHandler(intent.IntentHandler):
    """An intent about one printer (or, for ``several``, any number of them).

    ``printer`` is optional: without it the handler acts on the only exposed printer, the one
    in the speaker's area, or (``prefer``) the only one in a state the action fits; else it
    asks which.
    """

    several: bool = False

    @property
    def slot_schema(self) -> dict[Any, Any]:
        """Return the printer slots (subclasses add their own)."""
        return PRINTER_SLOTS

    def prefer(self, coordinator: PrinterCoordinator) -> bool:
        """Return whether the action fits this printer's state (to pick among several)."""
        return True

    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Resolve the printer, then answer or act; say what went wrong in the user's language."""
        hass = intent_obj.hass
        slots = self.async_validate_slots(intent_obj.slots)
        texts = await async_get_texts(hass, intent_obj.language)
        reference = slot_value(slots, SLOT_PRINTER)
        resolution = async_resolve(
            hass,
            reference,
            assistant=intent_obj.assistant,
            area_id=speaker_area(hass, slot_value(slots, SLOT_AREA), intent_obj.device_id),
            several=self.several,
            prefer=self.prefer,
        )
        response = intent_obj.create_response()
        if resolution.match is not Match.FOUND:
            response.async_set_error(
                intent.IntentResponseErrorCode.NO_VALID_TARGETS,
                problem(texts, resolution, reference),
            )
            return response
        response.async_set_results(
            success_results=[
                intent.IntentResponseTarget(
                    type=intent.IntentResponseTargetType.DEVICE,
                    name=printer.name,
                    id=printer.device_id,
                )
                for printer in resolution.printers
            ]
        )
        await self.async_answer(Turn(hass, slots, texts, resolution.printers, response))
        return response

    async def async_answer(self, turn: Turn) -> None:
        """Answer or act for the resolved printers, filling in the turn's response."""
        raise NotImplementedError


class PrinterStatusIntentHandler(PrinterIntentHandler):
    """Tell how printers are doing: state and progress, time left, job, temperatures, filament."""

    intent_type = INTENT_STATUS
    description = (
        "Tells how the user's 3D printers are doing: progress, time left and end time, what is "
        "printing, temperatures, or the filament in the AMS (detail). Without a printer, about "
        "every printer."
    )
    several = True

    @property
    def slot_schema(self) -> dict[Any, Any]:
        """Return the printer slots and ``detail``."""
        return {
            **PRINTER_SLOTS,
            vol.Optional("detail", description="What the user asked about"): vol.In(list(DETAILS)),
        }

    async def async_answer(self, turn: Turn) -> None:
        """Say the asked detail of each printer; give models every printer's data."""
        answer = DETAILS[turn.slot("detail") or "status"]
        texts = turn.texts
        said = [answer(texts, printer) for printer in turn.printers] or [
            texts(Text.ASSIST_NONE_EXPOSED)
        ]
        turn.response.response_type = intent.IntentResponseType.QUERY_ANSWER
        turn.response.async_set_speech(" ".join(said))
        turn.response.async_set_speech_slots({"printers": [printer_data(p) for p in turn.printers]})
