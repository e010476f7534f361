"""JARVIS's printing tools in the ``holomat`` LLM API: ``print_model`` and ``notify_when_done``.

Starting a print is a physical action: ``print_model`` never prints on its first call. It checks
what it can (the printer is idle and has storage, there is a model), records a pending
confirmation and tells the model to ask; it prints only when the user's next words are an
explicit yes (``llm_confirmation``), like stopping one. Slicing and sending take longer than a
voice turn, so they run in the background and the user is told how it went on the Assist
satellite they spoke through (else in a notification): started, or why not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import llm
from homeassistant.util.json import JsonObjectType
import voluptuous as vol

from ..assist.intents import problem
from ..assist.names import Match, async_resolve, speaker_area
from ..const import DOMAIN
from ..files import async_allowed_path
from ..llm_confirmation import async_confirmed
from ..model_server.llm_tool import _async_check_admin
from ..texts import Text, async_get_texts
from .announce import Recipient, async_arm, async_tell_text, satellite_of_device
from .print_file import PrintSettings, async_print_file, check_can_print
from .print_services import ACTIVE_STATES, check_printing
from .print_source import async_print_source, last_model

if TYPE_CHECKING:
    from .coordinator import PrinterCoordinator


async def _async_printer(
    hass: HomeAssistant,
    llm_context: llm.LLMContext,
    name: str | None,
    prefer: Callable[[PrinterCoordinator], bool],
) -> PrinterCoordinator:
    """Return the one exposed printer ``name`` means, as Assist's intents resolve it.

    Among several that fit, the one in the speaker's area, else the only one ``prefer`` picks.
    Raises ``HomeAssistantError`` saying which printers there are when that is not one.
    """
    resolution = async_resolve(
        hass,
        name,
        assistant=llm_context.assistant,
        area_id=speaker_area(hass, None, llm_context.device_id),
        prefer=prefer,
    )
    if resolution.match is Match.FOUND and len(resolution.printers) == 1:
        return resolution.printers[0].coordinator
    texts = await async_get_texts(hass, llm_context.language)
    raise HomeAssistantError(problem(texts, resolution, name))


def _idle(coordinator: PrinterCoordinator) -> bool:
    """Return whether the printer can take a print now (to pick among several)."""
    return coordinator.online and coordinator.data.state.gcode_state not in ACTIVE_STATES


def _printing(coordinator: PrinterCoordinator) -> bool:
    """Return whether the printer has a print under way (to pick among several)."""
    return coordinator.online and coordinator.data.state.gcode_state in ACTIVE_STATES


def _recipient(hass: HomeAssistant, llm_context: llm.LLMContext) -> Recipient:
    """Return who to tell: the satellite the user spoke through, else a notification."""
    return Recipient(
        satellite=satellite_of_device(hass, llm_context.device_id), language=llm_context.language
    )


class PrintModelTool(llm.Tool):
    """Print the last generated model (or a file) on a printer, after the user's yes."""

    name = "print_model"
    description = (
        "Print the last 3D model HoloMat generated (sliced for the printer first), or the file "
        "at 'path' (.gcode.3mf, .3mf or .stl; administrators only). The first call only asks "
        "for the user's confirmation; call again after the user says yes. Set "
        "notify_when_done when the user wants to be told when the print is done."
    )
    parameters = vol.Schema(
        {
            vol.Optional("name", description="printer name"): str,
            vol.Optional("path", description="file to print instead of the last model"): str,
            vol.Optional("notify_when_done", description="tell the user when it ends"): bool,
        }
    )

    async def async_call(
        self, hass: HomeAssistant, tool_input: llm.ToolInput, llm_context: llm.LLMContext
    ) -> JsonObjectType:
        """Check, ask for confirmation, or (confirmed) start printing in the background."""
        args = tool_input.tool_args
        coordinator = await _async_printer(hass, llm_context, args.get("name"), _idle)
        entry = coordinator.config_entry
        check_can_print(hass, coordinator)
        path: Path | None = None
        if args.get("path"):
            await _async_check_admin(hass, llm_context)
            path = await async_allowed_path(hass, args["path"])
            what = path.name
        elif (model := last_model(hass)) is not None:
            what = Path(model.path).name
        else:
            raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_last_model")
        confirmed = async_confirmed(hass, f"print:{entry.entry_id}:{path or 'last_model'}")
        if confirmed is None:
            raise HomeAssistantError(
                "print_model needs the user's confirmation in a conversation; use the "
                "holomat.print_file action instead"
            )
        if not confirmed:
            return {
                "success": False,
                "confirmation_required": True,
                "printer": entry.title,
                "model": what,
                "message": f"Nothing was done yet. Ask the user to confirm (print {what} on "
                f"{entry.title}?) and call print_model again only after the user answers yes.",
            }
        notify = bool(args.get("notify_when_done"))
        recipient = _recipient(hass, llm_context)
        entry.async_create_background_task(
            hass,
            _async_print_and_tell(hass, coordinator, path, recipient, notify=notify),
            f"{DOMAIN} print_model on {entry.title}",
        )
        return {
            "success": True,
            "status": "started",
            "printer": entry.title,
            "model": what,
            "message": "HoloMat is slicing and sending it; the user is told when the print "
            "starts" + (" and again when it is done." if notify else "."),
        }


async def _async_print_and_tell(
    hass: HomeAssistant,
    coordinator: PrinterCoordinator,
    path: Path | None,
    recipient: Recipient,
    *,
    notify: bool,
) -> None:
    """Print ``path`` (None: the last model); tell ``recipient`` how it went; arm the watch."""
    title = coordinator.config_entry.title
    try:
        started = await async_print_file(
            hass,
            coordinator,
            lambda: async_print_source(hass, coordinator, path=path, material=None, within=600.0),
            PrintSettings(),
            language=recipient.language,
        )
    except HomeAssistantError as err:
        await async_tell_text(
            hass, recipient, Text.PRINTER_PRINT_NOT_STARTED, title, error=str(err)
        )
        return
    if notify:
        async_arm(hass, coordinator, recipient)
    await async_tell_text(
        hass, recipient, Text.PRINTER_PRINT_STARTED, title, task=started.task_name
    )


class NotifyWhenDoneTool(llm.Tool):
    """Tell the user once when the current print ends (finished, failed or needs attention)."""

    name = "notify_when_done"
    description = (
        "Tell the user once when the current print ends: finished, failed, canceled, or "
        "paused because it needs attention. Spoken on the voice satellite the user talks "
        "through, else a notification."
    )
    parameters = vol.Schema({vol.Optional("name", description="printer name"): str})

    async def async_call(
        self, hass: HomeAssistant, tool_input: llm.ToolInput, llm_context: llm.LLMContext
    ) -> JsonObjectType:
        """Arm the one-time message on the printer."""
        coordinator = await _async_printer(
            hass, llm_context, tool_input.tool_args.get("name"), _printing
        )
        check_printing(hass, coordinator)
        recipient = _recipient(hass, llm_context)
        async_arm(hass, coordinator, recipient)
        return {
            "success": True,
            "printer": coordinator.config_entry.title,
            "task": coordinator.data.state.task_name,
            "told_through": "satellite" if recipient.satellite else "notification",
        }
