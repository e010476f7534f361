"""HoloMat's LLM API: tools any conversation agent in Home Assistant may use.

Registered once as ``holomat`` (name "HoloMat", so merged with Assist its tools are named
``holomat__printer_status``, ...). Printers are the loaded printer config entries; the tools
read their coordinators and send commands through ``printer.commands``. ``generate_3d_model``
is offered while a 3D model server (the add-on) is loaded.

The tools see only the printers exposed to the assistant that calls them (a printer is exposed
when one of its entities is, under Settings > Voice assistants > Expose), and ``stop_print``
stops only after the user confirms in a later turn of the same conversation
(``llm_confirmation``): a misheard "stop" never cancels a print.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er, llm
from homeassistant.util.json import JsonObjectType, JsonValueType
import voluptuous as vol

from .const import DOMAIN, EntryType, entry_type
from .llm_confirmation import async_confirmed
from .model_server.llm_tool import Generate3DModelTool

if TYPE_CHECKING:
    from .printer.coordinator import PrinterCoordinator

API_ID: Final = "holomat"
API_NAME: Final = "HoloMat"
API_PROMPT: Final = (
    "Use the HoloMat tools for the user's 3D printers: their status (state, progress, remaining "
    "time, temperatures, errors), and to pause, resume or stop a print. Without a printer name "
    "they act on the only printer, or report on all."
)
MODEL_PROMPT: Final = (
    " To make a 3D model of something the user shows or describes, use generate_3d_model: it "
    "returns at once and the user is notified when the model is ready."
)
NAME_SCHEMA: Final = vol.Schema({vol.Optional("name"): str})


def _is_exposed(hass: HomeAssistant, coordinator: PrinterCoordinator, assistant: str) -> bool:
    """Return whether one of the printer's entities is exposed to ``assistant``."""
    entries = er.async_entries_for_config_entry(
        er.async_get(hass), coordinator.config_entry.entry_id
    )
    return any(async_should_expose(hass, assistant, entry.entity_id) for entry in entries)


def _printers(
    hass: HomeAssistant, llm_context: llm.LLMContext, *, exposed: bool = True
) -> list[PrinterCoordinator]:
    """Return the loaded printers; with ``exposed``, those exposed to the calling assistant.

    A call without an assistant (``llm_context.assistant`` is ``None``: code, not a voice
    assistant) sees every printer.
    """
    printers = [
        entry.runtime_data
        for entry in hass.config_entries.async_loaded_entries(DOMAIN)
        if entry_type(entry) is EntryType.PRINTER
    ]
    assistant = llm_context.assistant
    if not exposed or assistant is None:
        return printers
    return [p for p in printers if _is_exposed(hass, p, assistant)]


def _named(printers: list[PrinterCoordinator], name: str | None) -> list[PrinterCoordinator]:
    """Return the printers named ``name`` (all when ``None``)."""
    if name is None:
        return printers
    wanted = name.casefold().strip()
    return [p for p in printers if wanted in p.config_entry.title.casefold()]


def _one(hass: HomeAssistant, llm_context: llm.LLMContext, name: str | None) -> PrinterCoordinator:
    """Return the one exposed printer a command is for; raise an error the model can relay.

    Raises ``HomeAssistantError`` when no exposed printer matches (saying "not exposed" when the
    named printer exists but is hidden from this assistant) or when several do.
    """
    exposed = _printers(hass, llm_context)
    printers = _named(exposed, name)
    if len(printers) == 1:
        return printers[0]
    titles = ", ".join(p.config_entry.title for p in exposed) or "none"
    if (
        not printers
        and name is not None
        and _named(_printers(hass, llm_context, exposed=False), name)
    ):
        raise HomeAssistantError(
            f"The printer {name!r} is not exposed to {llm_context.assistant}; exposed printers: "
            f"{titles}"
        )
    if not printers and name is None:
        raise HomeAssistantError(f"No printer is exposed to {llm_context.assistant}")
    if not printers:
        raise HomeAssistantError(f"No printer named {name!r}; printers: {titles}")
    raise HomeAssistantError(f"Which printer? Printers: {titles}")


def printer_status(coordinator: PrinterCoordinator) -> dict[str, Any]:
    """Return what the model needs to know about one printer."""
    status: dict[str, Any] = {"name": coordinator.config_entry.title, "online": coordinator.online}
    state = coordinator.data.state
    gcode_state = state.gcode_state
    status |= {
        "state": gcode_state.value.lower() if gcode_state is not None else None,
        "task": state.task_name,
        "progress_percent": state.progress,
        "remaining_minutes": state.remaining_time,
        "layer": state.layer,
        "total_layers": state.total_layers,
        "nozzle_temperature": state.nozzle_temperature,
        "bed_temperature": state.bed_temperature,
        "chamber_temperature": state.chamber_temperature,
        "error": (
            {"code": state.print_error.code, "description": state.print_error.description}
            if state.print_error is not None
            else None
        ),
        "hms": [
            {"code": entry.code, "severity": entry.severity, "module": entry.module}
            for entry in state.hms
        ],
    }
    return status


class PrinterStatusTool(llm.Tool):
    """Report the state of the user's printers."""

    name = "printer_status"
    description = "Get the status of the 3D printers, or of the one named."
    parameters = NAME_SCHEMA

    async def async_call(
        self, hass: HomeAssistant, tool_input: llm.ToolInput, llm_context: llm.LLMContext
    ) -> JsonObjectType:
        """Return the status of the matching printers."""
        exposed = _printers(hass, llm_context)
        printers = _named(exposed, tool_input.tool_args.get("name"))
        if not printers:
            titles: list[JsonValueType] = [p.config_entry.title for p in exposed]
            return {"printers": [], "known_printers": titles}
        return {"printers": [printer_status(p) for p in printers]}


class PrinterCommandTool(llm.Tool):
    """Send one print command (pause, resume, stop) to a printer."""

    parameters = NAME_SCHEMA

    def __init__(
        self,
        command: str,
        description: str,
        send: Callable[[PrinterCoordinator], Any],
        *,
        confirm: bool = False,
    ) -> None:
        """Offer ``command`` as the tool ``<command>_print``; ``confirm``: ask the user first."""
        self.command = command
        self.name = f"{command}_print"
        self.description = description
        self.send = send
        self.confirm = confirm

    async def async_call(
        self, hass: HomeAssistant, tool_input: llm.ToolInput, llm_context: llm.LLMContext
    ) -> JsonObjectType:
        """Send the command (once confirmed, for ``confirm``); errors reach the model."""
        from .printer.commands import async_send_command  # noqa: PLC0415 - printer loads later

        coordinator = _one(hass, llm_context, tool_input.tool_args.get("name"))
        title = coordinator.config_entry.title
        if self.confirm:
            key = f"{self.command}:{coordinator.config_entry.entry_id}"
            confirmed = async_confirmed(hass, key)
            if confirmed is None:
                raise HomeAssistantError(
                    f"{self.command} needs the user's confirmation in a conversation; use the "
                    f"{title} {self.command} button or the holomat.{self.command}_print action"
                )
            if not confirmed:
                return {
                    "success": False,
                    "confirmation_required": True,
                    "printer": title,
                    "message": f"Nothing was done yet. Ask the user to confirm ({self.command} "
                    f"the print on {title}?) and call {self.name} again only after the user "
                    "answers yes.",
                }
        await async_send_command(coordinator, self.command, self.send(coordinator))
        return {"success": True, "printer": title}


def _has_model_server(hass: HomeAssistant) -> bool:
    """Return whether a 3D model server (the HoloMat add-on) is loaded."""
    return any(
        entry_type(entry) is EntryType.MODEL_SERVER
        for entry in hass.config_entries.async_loaded_entries(DOMAIN)
    )


def _tools(with_models: bool) -> list[llm.Tool]:
    """Return HoloMat's tools; ``with_models`` adds 3D generation (a model server is loaded)."""
    tools: list[llm.Tool] = [
        PrinterStatusTool(),
        PrinterCommandTool("pause", "Pause the current print.", lambda c: c.client.pause()),
        PrinterCommandTool("resume", "Resume a paused print.", lambda c: c.client.resume()),
        PrinterCommandTool(
            "stop",
            "Stop (cancel) the current print. The first call only asks for the user's "
            "confirmation; call again after the user says yes.",
            lambda c: c.client.stop(),
            confirm=True,
        ),
    ]
    if with_models:
        tools.append(Generate3DModelTool())
    return tools


class HolomatAPI(llm.API):
    """HoloMat's tools for any conversation agent."""

    async def async_get_api_instance(self, llm_context: llm.LLMContext) -> llm.APIInstance:
        """Return the tools with their instructions."""
        with_models = _has_model_server(self.hass)
        return llm.APIInstance(
            api=self,
            api_prompt=API_PROMPT + (MODEL_PROMPT if with_models else ""),
            llm_context=llm_context,
            tools=_tools(with_models),
        )


@callback
def async_register(hass: HomeAssistant) -> None:
    """Register the ``holomat`` LLM API (once per Home Assistant start)."""
    llm.async_register_api(hass, HolomatAPI(hass=hass, id=API_ID, name=API_NAME))
