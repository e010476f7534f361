"""Describe HoloMat's print events in the logbook (Activity): "Print paused", "Print finished".

The logbook shows an event entity's state change without its event type, so the bus event
``holomat_printer_event`` is described instead: the printer's name and the event type's
translated name (``entity.event.print_event.state_attributes.event_type``, in the server's
language), tied to the printer's *Print event* entity.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.components.logbook.models import LazyEventPartialState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.translation import async_get_cached_translations

from .const import DOMAIN
from .printer.const import EVENT_PRINTER

EVENT_TYPE_KEY = f"component.{DOMAIN}.entity.event.print_event.state_attributes.event_type.state."


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[
        [str, str, Callable[[LazyEventPartialState], dict[str, Any]]], None
    ],
) -> None:
    """Describe ``holomat_printer_event`` for the logbook."""

    @callback
    def async_describe_print_event(event: LazyEventPartialState) -> dict[str, Any]:
        """Return the printer's name, the event's name and the job it concerns."""
        data = event.data
        event_type = str(data.get("type"))
        texts = async_get_cached_translations(hass, hass.config.language, "entity", DOMAIN)
        message = texts.get(EVENT_TYPE_KEY + event_type) or event_type.replace("_", " ")
        if job := data.get("job"):
            message = f"{message}: {job}"
        described: dict[str, Any] = {LOGBOOK_ENTRY_MESSAGE: message}
        device = dr.async_get(hass).async_get(str(data.get("device_id")))
        if device is not None:
            described[LOGBOOK_ENTRY_NAME] = device.name_by_user or device.name
            described[LOGBOOK_ENTRY_ENTITY_ID] = next(
                (
                    entry.entity_id
                    for entry in er.async_entries_for_device(er.async_get(hass), device.id)
                    if entry.domain == "event"
                ),
                None,
            )
        return described

    async_describe_event(DOMAIN, EVENT_PRINTER, async_describe_print_event)
