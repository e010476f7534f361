"""The print event entity of a BambuLab printer."""

from __future__ import annotations

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..bambu import PrinterEvent, PrinterEventType, PrinterState
from .coordinator import PrinterConfigEntry, PrinterCoordinator
from .entity import PrinterEntity


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the printer's event entity."""
    async_add_entities([PrintEventEntity(entry.runtime_data)])


class PrintEventEntity(PrinterEntity, EventEntity):
    """The last print event: started, paused, resumed, finished, failed, canceled, HMS."""

    _attr_event_types = [event_type.value for event_type in PrinterEventType]
    _attr_translation_key = "print_event"

    def __init__(self, coordinator: PrinterCoordinator) -> None:
        """Create the entity."""
        super().__init__(coordinator, "print_event")

    def _compute(self, state: PrinterState) -> None:
        """Show nothing but availability between events."""

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
