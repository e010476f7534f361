"""The base entity of a BambuLab printer (and of its AMS units)."""

from __future__ import annotations

from typing import Any, cast

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from ..bambu import AmsUnit, PrinterState
from ..const import DOMAIN
from .const import MANUFACTURER
from .coordinator import PrinterCoordinator

_UNSET: Any = object()


class _Reads:
    """A ``PrinterState`` that notes which of its fields are read."""

    __slots__ = ("_state", "fields")

    def __init__(self, state: PrinterState) -> None:
        """Wrap ``state``."""
        self._state = state
        self.fields: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        """Return the field, noting its name."""
        self.fields.add(name)
        return getattr(self._state, name)


class PrinterEntity(CoordinatorEntity[PrinterCoordinator]):
    """An entity of one printer that works and writes only when what it shows may have changed.

    Printers push a report every second or so; most reports change one or two fields. Each entity
    computes what it shows with ``_compute`` (a pure function of the state) and remembers which
    fields it read; a report that changed none of them costs the entity one set comparison. It
    writes state only when what it shows, or its availability, differs from what it last wrote.
    Entities whose ``_compute`` reads more than the state set ``_follows_state`` to ``False``
    and are computed on every update.
    """

    _attr_has_entity_name = True
    _follows_state = True

    def __init__(self, coordinator: PrinterCoordinator, key: str) -> None:
        """Attach the entity to the printer's device."""
        super().__init__(coordinator)
        self._attr_unique_id = f"{coordinator.serial}_{key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, coordinator.serial)})
        self._reads: set[str] = set()
        self._computed: Any = self._compute_tracked(coordinator.data)
        self._written: Any = _UNSET

    @property
    def available(self) -> bool:
        """Return whether the printer is online."""
        return super().available and self.coordinator.online

    def _compute(self, state: PrinterState) -> Any:
        """Return what the entity shows for ``state`` (compared to decide whether to write)."""
        raise NotImplementedError

    def _compute_tracked(self, state: PrinterState) -> Any:
        """Run ``_compute``, adding the fields it reads to those the entity follows."""
        if not self._follows_state:
            return self._compute(state)
        reads = _Reads(state)
        computed = self._compute(cast(PrinterState, reads))
        self._reads |= reads.fields
        return computed

    @callback
    def _handle_coordinator_update(self) -> None:
        """Recompute if a field the entity read changed; write state if what it shows changed."""
        available = self.available
        changed = self.coordinator.changed_fields
        if (
            self._follows_state
            and changed is not None
            and self._written is not _UNSET
            and available == self._written[0]
            and self._reads.isdisjoint(changed)
        ):
            return
        self._computed = self._compute_tracked(self.coordinator.data)
        shown = (available, self._computed)
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
