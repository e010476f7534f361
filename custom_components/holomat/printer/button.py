"""Pause, resume and stop buttons of a BambuLab printer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..bambu import BambuClient
from ..const import DOMAIN
from ..llm_confirmation import in_conversation
from .commands import async_send_command
from .coordinator import PrinterConfigEntry, PrinterData
from .entity import PrinterEntity, PrinterEntityDescription


@dataclass(frozen=True, kw_only=True)
class PrinterButtonEntityDescription(ButtonEntityDescription, PrinterEntityDescription[None]):
    """Describes a printer button by the client command it sends; it shows only availability."""

    press_fn: Callable[[BambuClient], Awaitable[None]]
    confirm_in_conversation: bool = False
    fields: frozenset[str] = frozenset()
    value_fn: Callable[[PrinterData], None] = lambda _: None


BUTTONS: tuple[PrinterButtonEntityDescription, ...] = (
    PrinterButtonEntityDescription(
        key="pause", translation_key="pause", press_fn=lambda client: client.pause()
    ),
    PrinterButtonEntityDescription(
        key="resume", translation_key="resume", press_fn=lambda client: client.resume()
    ),
    PrinterButtonEntityDescription(
        key="stop",
        translation_key="stop",
        press_fn=lambda client: client.stop(),
        confirm_in_conversation=True,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a printer's buttons."""
    async_add_entities(PrinterButton(entry.runtime_data, description) for description in BUTTONS)


class PrinterButton(PrinterEntity[None], ButtonEntity):
    """A button that sends one command to the printer."""

    entity_description: PrinterButtonEntityDescription

    async def async_press(self) -> None:
        """Send the command; raise a translated error if the printer refuses it.

        Stop is refused when pressed from a conversation (an LLM or the built-in agent pressing
        an exposed button): a stop by voice must go through the one-turn confirmation.
        """
        description = self.entity_description
        if description.confirm_in_conversation and in_conversation():
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="stop_needs_confirmation",
                translation_placeholders={"name": self.coordinator.config_entry.title},
            )
        await async_send_command(
            self.coordinator, description.key, description.press_fn(self.coordinator.client)
        )
