"""Actions of the printer feature: pause, resume and stop the prints of targeted printers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import partial

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.service import async_extract_config_entry_ids
import voluptuous as vol

from ..bambu import BambuClient
from ..const import CONF_ENTRY_TYPE, DOMAIN, EntryType
from .commands import async_send_command
from .coordinator import PrinterCoordinator

SERVICE_SCHEMA = vol.Schema(cv.TARGET_SERVICE_FIELDS)

# action name → (command name used in messages, what the client does)
ACTIONS: dict[str, tuple[str, Callable[[BambuClient], Awaitable[None]]]] = {
    "pause_print": ("pause", lambda client: client.pause()),
    "resume_print": ("resume", lambda client: client.resume()),
    "stop_print": ("stop", lambda client: client.stop()),
}


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the printer actions."""
    for action, (command, send) in ACTIONS.items():
        hass.services.async_register(
            DOMAIN, action, partial(_async_handle, command, send), schema=SERVICE_SCHEMA
        )


def targeted_printers(hass: HomeAssistant, entry_ids: set[str]) -> list[PrinterCoordinator]:
    """Return the loaded printers among ``entry_ids``."""
    return [
        entry.runtime_data
        for entry_id in entry_ids
        if (entry := hass.config_entries.async_get_entry(entry_id)) is not None
        and entry.domain == DOMAIN
        and entry.data.get(CONF_ENTRY_TYPE) == EntryType.PRINTER
        and entry.state is ConfigEntryState.LOADED
    ]


async def _async_handle(
    command: str, send: Callable[[BambuClient], Awaitable[None]], call: ServiceCall
) -> None:
    """Send ``command`` to every targeted printer; raise the first failure."""
    printers = targeted_printers(call.hass, await async_extract_config_entry_ids(call))
    if not printers:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="no_printer_targeted"
        )
    results = await asyncio.gather(
        *(async_send_command(printer, command, send(printer.client)) for printer in printers),
        return_exceptions=True,
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result
