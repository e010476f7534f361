"""HoloMat's intents that act on a printer: pause, resume, stop (after a yes), chamber light.

Stopping a print cannot be undone, so ``HolomatStopPrint`` only asks; the user's very next turn
must be an explicit yes (``llm_confirmation``), heard either as ``HolomatConfirm`` ("yes",
"oui") or as the same stop asked again. A printer that refuses a command is said to in the
user's language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final

from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import intent
import voluptuous as vol

from ..bambu import BambuClient, GcodeState
from ..llm_confirmation import Answer, async_answer, async_confirmed
from ..printer.commands import async_send_command
from ..printer.coordinator import PrinterCoordinator
from ..texts import Text, async_get_error_text, async_get_texts
from . import answers
from .intents import ACTIVE, PRINTER_SLOTS, PrinterIntentHandler, Turn, slot_value

INTENT_PAUSE: Final = "HolomatPausePrint"
INTENT_RESUME: Final = "HolomatResumePrint"
INTENT_STOP: Final = "HolomatStopPrint"
INTENT_LIGHT: Final = "HolomatChamberLight"
INTENT_CONFIRM: Final = "HolomatConfirm"

type Send = Callable[[BambuClient], Awaitable[None]]


def _failed(response: intent.IntentResponse, text: str) -> None:
    """Make ``response`` say that nothing was done, and why."""
    response.async_set_error(intent.IntentResponseErrorCode.FAILED_TO_HANDLE, text)


def _said(turn: Turn, key: Text) -> str:
    """Return sentence ``key`` about the turn's printer."""
    (printer,) = turn.printers
    return answers.say(turn.texts, key, printer)


async def _async_send(turn: Turn, command: str, send: Send, done: Text) -> None:
    """Send ``command`` to the turn's printer; say ``done``, or why the printer refused it."""
    (printer,) = turn.printers
    coordinator = printer.coordinator
    try:
        await async_send_command(coordinator, command, send(coordinator.client))
    except HomeAssistantError as err:
        _failed(turn.response, await async_get_error_text(turn.hass, err, turn.texts.language))
        return
    turn.response.async_set_speech(_said(turn, done))


class PrinterCommandIntentHandler(PrinterIntentHandler):
    """Send one command to a printer whose state allows it."""

    def __init__(
        self,
        intent_type: str,
        description: str,
        *,
        command: str,
        send: Send,
        allowed: tuple[GcodeState, ...],
        refused: Text,
        done: Text,
    ) -> None:
        """Describe the command: the states that allow it, what is said when refused or done."""
        self.intent_type = intent_type
        self.description = description
        self.command = command
        self.send = send
        self.allowed = allowed
        self.refused = refused
        self.done = done

    def prefer(self, coordinator: PrinterCoordinator) -> bool:
        """Prefer the printer whose state allows the command."""
        return coordinator.online and coordinator.data.state.gcode_state in self.allowed

    async def async_answer(self, turn: Turn) -> None:
        """Send the command, or say why the printer cannot take it."""
        (printer,) = turn.printers
        if not printer.coordinator.online:
            _failed(turn.response, _said(turn, Text.ASSIST_OFFLINE))
        elif printer.coordinator.data.state.gcode_state not in self.allowed:
            _failed(turn.response, _said(turn, self.refused))
        else:
            await self.async_act(turn)

    async def async_act(self, turn: Turn) -> None:
        """Send the command now."""
        await _async_send(turn, self.command, self.send, self.done)


class StopIntentHandler(PrinterCommandIntentHandler):
    """Stop (cancel) a print, only after the user's yes in the next turn."""

    async def async_act(self, turn: Turn) -> None:
        """Ask first; stop when this turn is the yes to the previous turn's question."""
        (printer,) = turn.printers
        coordinator = printer.coordinator
        texts = turn.texts
        placeholders = {
            "printer": answers.called(texts, printer),
            "job": answers.the_print(texts, coordinator.data.state),
        }

        async def stop() -> str:
            """Stop the print; return what to say (raises ``HomeAssistantError``)."""
            await async_send_command(coordinator, self.command, self.send(coordinator.client))
            return answers.sentence(texts(self.done, **placeholders))

        key = f"{self.command}:{coordinator.config_entry.entry_id}"
        confirmed = async_confirmed(turn.hass, key, action=stop)
        if confirmed is None:
            _failed(turn.response, texts(Text.ASSIST_STOP_NEEDS_CONVERSATION))
        elif confirmed:
            try:
                turn.response.async_set_speech(await stop())
            except HomeAssistantError as err:
                message = await async_get_error_text(turn.hass, err, texts.language)
                _failed(turn.response, message)
        else:
            turn.response.async_set_speech(texts(Text.ASSIST_STOP_CONFIRM, **placeholders))
            turn.response.async_set_speech_slots({"done": False, "confirmation_required": True})


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

    async def async_answer(self, turn: Turn) -> None:
        """Switch the light, or say that the printer is offline."""
        on = turn.slot("state") == "on"
        (printer,) = turn.printers
        if not printer.coordinator.online:
            _failed(turn.response, _said(turn, Text.ASSIST_OFFLINE))
            return
        await _async_send(
            turn,
            "light_on" if on else "light_off",
            lambda client: client.set_chamber_light(on),
            Text.ASSIST_LIGHT_ON if on else Text.ASSIST_LIGHT_OFF,
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
        """Return ``answer`` and the ``action`` a yes may name ("yes, stop it")."""
        return {
            vol.Required("answer"): vol.In(["yes", "no"]),
            vol.Optional("action", description="The action the user's yes names"): vol.In(
                ["stop", "print"]
            ),
        }

    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Carry out or cancel what was asked; say when nothing was asked."""
        hass = intent_obj.hass
        slots = self.async_validate_slots(intent_obj.slots)
        texts = await async_get_texts(hass, intent_obj.language)
        response = intent_obj.create_response()
        try:
            answer, said = await async_answer(
                hass, slot_value(slots, "answer") == "yes", slot_value(slots, "action")
            )
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


def handlers() -> list[intent.IntentHandler]:
    """Return the action intents' handlers."""
    return [
        PrinterCommandIntentHandler(
            INTENT_PAUSE,
            "Pauses the print on a 3D printer.",
            command="pause",
            send=lambda client: client.pause(),
            allowed=(GcodeState.PREPARE, GcodeState.RUNNING),
            refused=Text.ASSIST_NOT_PRINTING,
            done=Text.ASSIST_PAUSED,
        ),
        PrinterCommandIntentHandler(
            INTENT_RESUME,
            "Resumes the paused print on a 3D printer.",
            command="resume",
            send=lambda client: client.resume(),
            allowed=(GcodeState.PAUSE,),
            refused=Text.ASSIST_NOT_PAUSED,
            done=Text.ASSIST_RESUMED,
        ),
        StopIntentHandler(
            INTENT_STOP,
            "Stops (cancels) the print on a 3D printer. The first call only asks: say its "
            "question to the user, and call it again only after the user answers yes in their "
            "next message.",
            command="stop",
            send=lambda client: client.stop(),
            allowed=ACTIVE,
            refused=Text.ASSIST_NOT_PRINTING,
            done=Text.ASSIST_STOPPED,
        ),
        ChamberLightIntentHandler(),
        ConfirmIntentHandler(),
    ]
