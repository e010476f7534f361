"""The print speed profile of a BambuLab printer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..bambu import BambuClient, SpeedProfile
from .commands import async_send_command
from .coordinator import PrinterConfigEntry
from .entity import PrinterEntity, PrinterEntityDescription


@dataclass(frozen=True, kw_only=True)
class PrinterSelectEntityDescription(SelectEntityDescription, PrinterEntityDescription[str | None]):
    """Describes a printer select by the client command that picks an option."""

    select_fn: Callable[[BambuClient, str], Awaitable[None]]


SPEED_PROFILE = PrinterSelectEntityDescription(
    key="speed_profile",
    translation_key="speed_profile",
    # ``spd_lvl``: silent, standard, sport, ludicrous; the printer takes it only while printing.
    options=[profile.name.lower() for profile in SpeedProfile],
    fields=frozenset({"speed_profile"}),
    value_fn=lambda data: (
        data.state.speed_profile.name.lower() if data.state.speed_profile else None
    ),
    select_fn=lambda client, option: client.set_speed_profile(SpeedProfile[option.upper()]),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the printer's speed profile select."""
    async_add_entities([PrinterSelect(entry.runtime_data, SPEED_PROFILE)])


class PrinterSelect(PrinterEntity[str | None], SelectEntity):
    """A printer setting picked from options."""

    entity_description: PrinterSelectEntityDescription

    @property
    def current_option(self) -> str | None:
        """Return the current option."""
        return self._value

    async def async_select_option(self, option: str) -> None:
        """Pick an option; raise a translated error if the printer refuses it."""
        sent = self.entity_description.select_fn(self.coordinator.client, option)
        await async_send_command(self.coordinator, self.entity_description.key, sent)
