"""The print event entity of a BambuLab printer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..bambu import PrinterEvent, PrinterEventType
from .coordinator import PrinterConfigEntry, PrinterData
from .entity import PrinterEntity, PrinterEntityDescription


@dataclass(frozen=True, kw_only=True)
class PrinterEventEntityDescription(EventEntityDescription, PrinterEntityDescription[None]):
    """Describes a printer event entity: its state is the last event, not a field."""

    fields: frozenset[str] = frozenset()
    value_fn: Callable[[PrinterData], None] = lambda _: None


PRINT_EVENT = PrinterEventEntityDescription(
    key="print_event",
    translation_key="print_event",
    event_types=[event_type.value for event_type in PrinterEventType],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the printer's event entity."""
    async_add_entities([PrintEventEntity(entry.runtime_data, PRINT_EVENT)])


class PrintEventEntity(PrinterEntity[None], EventEntity):
    """The last print event: started, paused, resumed, finished, failed, canceled, HMS."""

    entity_description: PrinterEventEntityDescription

    async def async_added_to_hass(self) -> None:
        """Listen to the coordinator's print events."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.async_add_event_listener(self._async_on_event))

    @callback
    def _async_on_event(self, event: PrinterEvent) -> None:
        """Record a print event with its job, reason and code."""
        attributes = {
            "job": event.job,
            "reason": event.reason,
            "code": event.code,
            "severity": event.severity,
            "url": event.url,
        }
        self._trigger_event(event.type.value, attributes)
        self.async_write_ha_state()
