"""The print speed profile of a BambuLab printer."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..bambu import PrinterState, SpeedProfile
from .commands import async_send_command
from .coordinator import PrinterConfigEntry, PrinterCoordinator
from .entity import PrinterEntity


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the printer's speed profile select."""
    async_add_entities([SpeedProfileSelect(entry.runtime_data)])


class SpeedProfileSelect(PrinterEntity, SelectEntity):
    """The speed profile (``spd_lvl``: silent, standard, sport, ludicrous)."""

    _attr_options = [profile.name.lower() for profile in SpeedProfile]
    _attr_translation_key = "speed_profile"

    def __init__(self, coordinator: PrinterCoordinator) -> None:
        """Create the select."""
        super().__init__(coordinator, "speed_profile")

    def _compute(self, state: PrinterState) -> str | None:
        """Return the current profile's option."""
        return state.speed_profile.name.lower() if state.speed_profile else None

    @property
    def current_option(self) -> str | None:
        """Return the current profile."""
        option: str | None = self._computed
        return option

    async def async_select_option(self, option: str) -> None:
        """Switch to another profile (the printer accepts it only while printing)."""
        profile = SpeedProfile[option.upper()]
        client = self.coordinator.client
        await async_send_command(
            self.coordinator, "speed_profile", client.set_speed_profile(profile)
        )
