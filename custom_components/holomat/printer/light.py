"""The chamber light of a BambuLab printer."""

from __future__ import annotations

from typing import Any

from homeassistant.components.light import LightEntity
from homeassistant.components.light.const import ColorMode
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..bambu import PrinterState
from .commands import async_send_command
from .coordinator import PrinterConfigEntry, PrinterCoordinator
from .entity import PrinterEntity


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the printer's chamber light."""
    async_add_entities([ChamberLight(entry.runtime_data)])


class ChamberLight(PrinterEntity, LightEntity):
    """The chamber light (``lights_report`` node ``chamber_light``; ``ledctrl`` to switch)."""

    _attr_color_mode = ColorMode.ONOFF
    _attr_supported_color_modes = {ColorMode.ONOFF}
    _attr_translation_key = "chamber_light"

    def __init__(self, coordinator: PrinterCoordinator) -> None:
        """Create the light."""
        super().__init__(coordinator, "chamber_light")

    def _compute(self, state: PrinterState) -> bool | None:
        """Return whether the light is on."""
        return state.chamber_light

    @property
    def is_on(self) -> bool | None:
        """Return whether the light is on."""
        is_on: bool | None = self._computed
        return is_on

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch the light on."""
        client = self.coordinator.client
        await async_send_command(self.coordinator, "light_on", client.set_chamber_light(True))

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch the light off."""
        client = self.coordinator.client
        await async_send_command(self.coordinator, "light_off", client.set_chamber_light(False))
