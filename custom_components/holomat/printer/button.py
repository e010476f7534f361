"""Pause, resume and stop buttons of a BambuLab printer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..bambu import BambuClient, PrinterState
from .commands import async_send_command
from .coordinator import PrinterConfigEntry, PrinterCoordinator
from .entity import PrinterEntity


@dataclass(frozen=True, kw_only=True)
class PrinterButtonEntityDescription(ButtonEntityDescription):
    """Describes a printer button by the client command it sends."""

    press_fn: Callable[[BambuClient], Awaitable[None]]


BUTTONS: tuple[PrinterButtonEntityDescription, ...] = (
    PrinterButtonEntityDescription(
        key="pause", translation_key="pause", press_fn=lambda client: client.pause()
    ),
    PrinterButtonEntityDescription(
        key="resume", translation_key="resume", press_fn=lambda client: client.resume()
    ),
    PrinterButtonEntityDescription(
        key="stop", translation_key="stop", press_fn=lambda client: client.stop()
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a printer's buttons."""
    async_add_entities(PrinterButton(entry.runtime_data, description) for description in BUTTONS)


class PrinterButton(PrinterEntity, ButtonEntity):
    """A button that sends one command to the printer."""

    entity_description: PrinterButtonEntityDescription

    def __init__(
        self, coordinator: PrinterCoordinator, description: PrinterButtonEntityDescription
    ) -> None:
        """Create the button."""
        self.entity_description = description
        super().__init__(coordinator, description.key)

    def _compute(self, state: PrinterState) -> None:
        """Show nothing but availability."""

    async def async_press(self) -> None:
        """Send the command; raise a translated error if the printer refuses it."""
        description = self.entity_description
        await async_send_command(
            self.coordinator, description.key, description.press_fn(self.coordinator.client)
        )
