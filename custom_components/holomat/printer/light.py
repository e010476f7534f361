"""The chamber light of a BambuLab printer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.light import LightEntity, LightEntityDescription
from homeassistant.components.light.const import ColorMode
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..bambu import BambuClient
from .commands import async_send_command
from .coordinator import PrinterConfigEntry
from .entity import PrinterEntity, PrinterEntityDescription


@dataclass(frozen=True, kw_only=True)
class PrinterLightEntityDescription(LightEntityDescription, PrinterEntityDescription[bool | None]):
    """Describes a printer light by the client command that switches it."""

    switch_fn: Callable[[BambuClient, bool], Awaitable[None]]


CHAMBER_LIGHT = PrinterLightEntityDescription(
    key="chamber_light",
    translation_key="chamber_light",
    fields=frozenset({"chamber_light"}),
    value_fn=lambda data: data.state.chamber_light,
    # ``lights_report`` node ``chamber_light``; ``ledctrl`` to switch.
    switch_fn=lambda client, on: client.set_chamber_light(on),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the printer's chamber light."""
    async_add_entities([PrinterLight(entry.runtime_data, CHAMBER_LIGHT)])


class PrinterLight(PrinterEntity[bool | None], LightEntity):
    """An on / off light of the printer."""

    _attr_color_mode = ColorMode.ONOFF
    _attr_supported_color_modes = {ColorMode.ONOFF}
    entity_description: PrinterLightEntityDescription

    @property
    def is_on(self) -> bool | None:
        """Return whether the light is on."""
        return self._value

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch the light on."""
        await self._async_switch("light_on", True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch the light off."""
        await self._async_switch("light_off", False)

    async def _async_switch(self, command: str, on: bool) -> None:
        """Send the switch command; raise a translated error if the printer refuses it."""
        sent = self.entity_description.switch_fn(self.coordinator.client, on)
        await async_send_command(self.coordinator, command, sent)
