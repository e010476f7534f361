"""The base entity of a BambuLab printer (and of its AMS units)."""

from __future__ import annotations

from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from ..bambu import AmsUnit, PrinterState
from ..const import DOMAIN
from .const import MANUFACTURER
from .coordinator import PrinterCoordinator

_UNSET: Any = object()


class PrinterEntity(CoordinatorEntity[PrinterCoordinator]):
    """An entity of one printer that writes its state only when what it shows changed.

    Printers push a report every second or so; most reports change one or two values. Each entity
    computes what it shows with ``_compute`` and writes state only when that, or its availability,
    differs from what it last wrote, so a delta costs a few comparisons, not a state write per
    entity.
    """

    _attr_has_entity_name = True

    def __init__(self, coordinator: PrinterCoordinator, key: str) -> None:
        """Attach the entity to the printer's device."""
        super().__init__(coordinator)
        self._attr_unique_id = f"{coordinator.serial}_{key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, coordinator.serial)})
        self._computed: Any = self._compute(coordinator.data)
        self._written: Any = _UNSET

    @property
    def available(self) -> bool:
        """Return whether the printer is online."""
        return super().available and self.coordinator.online

    def _compute(self, state: PrinterState) -> Any:
        """Return what the entity shows for ``state`` (compared to decide whether to write)."""
        raise NotImplementedError

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write state only if what the entity shows, or its availability, changed."""
        self._computed = self._compute(self.coordinator.data)
        shown = (self.available, self._computed)
        if shown != self._written:
            self._written = shown
            self.async_write_ha_state()

    async def async_added_to_hass(self) -> None:
        """Remember what was written when the entity was added."""
        await super().async_added_to_hass()
        self._written = (self.available, self._computed)


# AMS kinds as Bambu Lab names them; AMS HT units are numbered from 128 on the wire.
AMS_MODELS = {"ams": "AMS", "ams_lite": "AMS lite", "ams_2_pro": "AMS 2 Pro", "ams_ht": "AMS HT"}
AMS_HT_FIRST_ID = 128


def ams_device_info(coordinator: PrinterCoordinator, unit: AmsUnit) -> DeviceInfo:
    """Return the device of an AMS unit, linked to its printer ("X1C AMS 2", "X1C AMS HT 1")."""
    model = AMS_MODELS.get(unit.kind, "AMS")
    number = unit.ams_id + 1 - (AMS_HT_FIRST_ID if unit.ams_id >= AMS_HT_FIRST_ID else 0)
    return DeviceInfo(
        identifiers={(DOMAIN, f"{coordinator.serial}_ams_{unit.ams_id}")},
        manufacturer=MANUFACTURER,
        model=model,
        name=f"{coordinator.config_entry.title} {model} {number}",
        via_device=(DOMAIN, coordinator.serial),
    )
