"""HoloMat's intents that act on a printer: pause, resume, stop (after a yes), chamber light.

Stopping a print cannot be undone, so ``HolomatStopPrint`` only asks; the user's very next turn
must be an explicit yes (``llm_confirmation``), heard either as ``HolomatConfirm`` ("yes",
"oui") or as the same stop asked again. A printer that refuses a command is said to in the
user's language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import intent
import voluptuous as vol

from ..bambu import GcodeState
from ..llm_confirmation import Answer, async_answer, async_confirmed
from ..printer.commands import async_send_command
from ..printer.coordinator import PrinterCoordinator
from ..texts import Text, Texts, async_get_error_text, async_get_texts
from . import answers
from .intents import ACTIVE, PRINTER_SLOTS, PrinterIntentHandler, slot_value
from .names import PrinterNames

INTENT_PAUSE: Final = "HolomatPausePrint"
INTENT_RESUME: Final = "HolomatResumePrint"
INTENT_STOP: Final = "HolomatStopPrint"
INTENT_LIGHT: Final = "HolomatChamberLight"
INTENT_CONFIRM: Final = "HolomatConfirm"


def _failed(response: intent.IntentResponse, text: str) -> None:
    """Make ``response`` say that nothing was done, and why."""
    response.async_set_error(intent.IntentResponseErrorCode.FAILED_TO_HANDLE, text)


class PrinterCommandIntentHandler(PrinterIntentHandler):
    """Send one command to a printer whose state allows it (``allowed``)."""

    command: str
    allowed: tuple[GcodeState, ...]
    refused: Text  # said when the printer's state does not allow the command
    done: Text

    def prefer(self, coordinator: PrinterCoordinator) -> bool:
        """Prefer the printer whose state allows the command."""
        return coordinator.online and coordinator.data.state.gcode_state in self.allowed

    def send(self, coordinator: PrinterCoordinator) -> Awaitable[None]:
        """Return the client's command."""
        raise NotImplementedError

    async def async_answer(
        self,
        hass: HomeAssistant,
        slots: dict[str, Any],
        texts: Texts,
        printers: Sequence[PrinterNames],
        response: intent.IntentResponse,
    ) -> None:
        """Send the command, or say why the printer cannot take it."""
        (printer,) = printers
        coordinator = printer.coordinator
        who = answers.called(texts, printer)
        if not coordinator.online:
            _failed(response, answers.sentence(texts(Text.ASSIST_OFFLINE, printer=who)))
        elif coordinator.data.state.gcode_state not in self.allowed:
            _failed(response, answers.sentence(texts(self.refused, printer=who)))
        else:
            await self.async_act(hass, texts, printer, response)

    async def async_act(
        self,
        hass: HomeAssistant,
        texts: Texts,
        printer: PrinterNames,
        response: intent.IntentResponse,
    ) -> None:
        """Send the command now."""
        sent = self.send(printer.coordinator)
        await _async_send(
            hass, texts, printer, response, command=self.command, sent=sent, done=self.done
        )


async def _async_send(
    hass: HomeAssistant,
    texts: Texts,
    printer: PrinterNames,
    response: intent.IntentResponse,
    *,
    command: str,
    sent: Awaitable[None],
    done: Text,
) -> None:
    """Await the printer's command ``sent``; say ``done``, or why the printer refused it."""
    try:
        await async_send_command(printer.coordinator, command, sent)
    except HomeAssistantError as err:
        _failed(response, await async_get_error_text(hass, err, texts.language))
        return
    response.async_set_speech(answers.sentence(texts(done, printer=answers.called(texts, printer))))


class PauseIntentHandler(PrinterCommandIntentHandler):
    """Pause a print."""

    intent_type = INTENT_PAUSE
    description = "Pauses the print on a 3D printer."
    command = "pause"
    allowed = (GcodeState.PREPARE, GcodeState.RUNNING)
    refused = Text.ASSIST_NOT_PRINTING
    done = Text.ASSIST_PAUSED

    def send(self, coordinator: PrinterCoordinator) -> Awaitable[None]:
        """Return the pause command."""
        return coordinator.client.pause()


class ResumeIntentHandler(PrinterCommandIntentHandler):
    """Resume a paused print."""

    intent_type = INTENT_RESUME
    description = "Resumes the paused print on a 3D printer."
    command = "resume"
    allowed = (GcodeState.PAUSE,)
    refused = Text.ASSIST_NOT_PAUSED
    done = Text.ASSIST_RESUMED

    def send(self, coordinator: PrinterCoordinator) -> Awaitable[None]:
        """Return the resume command."""
        return coordinator.client.resume()


class StopIntentHandler(PrinterCommandIntentHandler):
    """Stop (cancel) a print, only after the user's yes in the next turn."""

    intent_type = INTENT_STOP
    description = (
        "Stops (cancels) the print on a 3D printer. The first call only asks: say its question "
        "to the user, and call it again only after the user answers yes in their next message."
    )
    command = "stop"
    allowed = ACTIVE
    refused = Text.ASSIST_NOT_PRINTING
    done = Text.ASSIST_STOPPED

    def send(self, coordinator: PrinterCoordinator) -> Awaitable[None]:
        """Return the stop command."""
        return coordinator.client.stop()

    async def async_act(
        self,
        hass: HomeAssistant,
        texts: Texts,
        printer: PrinterNames,
        response: intent.IntentResponse,
    ) -> None:
        """Ask first; stop when this turn is the yes to the previous turn's question."""
        coordinator = printer.coordinator
        placeholders = {
            "printer": answers.called(texts, printer),
            "job": answers.the_print(texts, coordinator.data.state),
        }

        async def stop() -> str:
            """Stop the print; return what to say (raises ``HomeAssistantError``)."""
            await async_send_command(coordinator, self.command, coordinator.client.stop())
            return answers.sentence(texts(Text.ASSIST_STOPPED, **placeholders))

        confirmed = async_confirmed(
            hass, f"{self.command}:{coordinator.config_entry.entry_id}", action=stop
        )
        if confirmed is None:
            _failed(response, texts(Text.ASSIST_STOP_NEEDS_CONVERSATION))
        elif confirmed:
            try:
                response.async_set_speech(await stop())
            except HomeAssistantError as err:
                _failed(response, await async_get_error_text(hass, err, texts.language))
        else:
            response.async_set_speech(texts(Text.ASSIST_STOP_CONFIRM, **placeholders))
            response.async_set_speech_slots({"done": False, "confirmation_required": True})


class ChamberLightIntentHandler(PrinterIntentHandler):
    """Switch a printer's chamber light on or off."""

    intent_type = INTENT_LIGHT
    description = "Turns the chamber light of a 3D printer on or off."

    @property
    def slot_schema(self) -> dict[Any, Any]:
        """Return the printer slots and ``state``."""
        return {**PRINTER_SLOTS, vol.Required("state"): vol.In(["on", "off"])}

    def prefer(self, coordinator: PrinterCoordinator) -> bool:
        """Prefer the printer that is online."""
        return coordinator.online

    async def async_answer(
        self,
        hass: HomeAssistant,
        slots: dict[str, Any],
        texts: Texts,
        printers: Sequence[PrinterNames],
        response: intent.IntentResponse,
    ) -> None:
        """Switch the light, or say that the printer is offline."""
        on = slot_value(slots, "state") == "on"
        (printer,) = printers
        if not printer.coordinator.online:
            who = answers.called(texts, printer)
            _failed(response, answers.sentence(texts(Text.ASSIST_OFFLINE, printer=who)))
            return
        await _async_send(
            hass,
            texts,
            printer,
            response,
            command="light_on" if on else "light_off",
            sent=printer.coordinator.client.set_chamber_light(on),
            done=Text.ASSIST_LIGHT_ON if on else Text.ASSIST_LIGHT_OFF,
        )


class ConfirmIntentHandler(intent.IntentHandler):
    """The user's yes or no to the question HoloMat asked in the previous turn."""

    intent_type = INTENT_CONFIRM
    description = (
        "Gives the user's own yes or no to the question a HoloMat tool asked in the previous "
        "turn (such as stopping a print)."
    )

    @property
    def slot_schema(self) -> dict[Any, Any]:
        """Return ``answer``."""
        return {vol.Required("answer"): vol.In(["yes", "no"])}

    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Carry out or cancel what was asked; say when nothing was asked."""
        hass = intent_obj.hass
        slots = self.async_validate_slots(intent_obj.slots)
        texts = await async_get_texts(hass, intent_obj.language)
        response = intent_obj.create_response()
        try:
            answer, said = await async_answer(hass, slot_value(slots, "answer") == "yes")
        except HomeAssistantError as err:
            _failed(response, await async_get_error_text(hass, err, texts.language))
            return response
        if answer is Answer.CONFIRMED and said is not None:
            response.async_set_speech(said)
        elif answer is Answer.CANCELLED:
            response.async_set_speech(texts(Text.ASSIST_CANCELLED))
        else:  # nothing asked here, or an LLM agent's question: the agent answers it
            response.async_set_error(
                intent.IntentResponseErrorCode.NO_VALID_TARGETS,
                texts(Text.ASSIST_NOTHING_TO_CONFIRM),
            )
        return response


HANDLERS: Final[tuple[Callable[[], intent.IntentHandler], ...]] = (
    PauseIntentHandler,
    ResumeIntentHandler,
    StopIntentHandler,
    ChamberLightIntentHandler,
    ConfirmIntentHandler,
)
