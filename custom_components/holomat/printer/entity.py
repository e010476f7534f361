"""The base entity of a BambuLab printer (and of its AMS units), and what describes one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from ..bambu import AmsUnit
from ..const import DOMAIN
from .const import MANUFACTURER
from .coordinator import PrinterCoordinator, PrinterData


@dataclass(frozen=True, kw_only=True)
class PrinterEntityDescription[ValueT](EntityDescription):
    """Describes what a printer entity shows, and which fields of ``PrinterData`` it is made of.

    ``value_fn`` returns what the entity shows (a sensor's value, a light's on / off...);
    ``attributes_fn`` its state attributes. Both read only the ``fields`` named here (names of
    ``PRINTER_FIELDS``: the state's fields, ``online``, ``end_time``): an update that changed
    none of them leaves the entity as it is. A test holds every description to its ``fields``.
    ``available_fn`` (default: the printer is online) is asked at every update.
    """

    fields: frozenset[str]
    value_fn: Callable[[PrinterData], ValueT]
    attributes_fn: Callable[[PrinterData], Mapping[str, Any] | None] = lambda _: None
    available_fn: Callable[[PrinterData], bool] = lambda data: data.online


class PrinterEntity[ValueT](CoordinatorEntity[PrinterCoordinator]):
    """An entity of one printer that works and writes only when what it shows may have changed.

    Printers push a report every second or so; most reports change one or two fields. An update
    that changed none of the description's ``fields`` costs the entity one set comparison; else
    it computes its value and attributes, and writes state only when they, or its availability,
    differ from what it last wrote. Platforms show ``_value`` in their own property.
    """

    _attr_has_entity_name = True
    entity_description: PrinterEntityDescription[ValueT]

    def __init__(
        self,
        coordinator: PrinterCoordinator,
        description: PrinterEntityDescription[ValueT],
        device_info: DeviceInfo | None = None,
    ) -> None:
        """Attach the entity to ``device_info``'s device (default: the printer's)."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.serial}_{description.key}"
        self._attr_device_info = device_info or DeviceInfo(
            identifiers={(DOMAIN, coordinator.serial)}
        )
        self._value: ValueT = description.value_fn(coordinator.data)
        self._attributes = description.attributes_fn(coordinator.data)
        self._written: tuple[bool, ValueT, Mapping[str, Any] | None] | None = None

    @property
    def available(self) -> bool:
        """Return whether the description's ``available_fn`` holds (by default: online)."""
        return super().available and self.entity_description.available_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return the attributes the description gives."""
        return self._attributes

    @callback
    def _handle_coordinator_update(self) -> None:
        """Recompute if a field the entity reads changed; write state if what it shows changed."""
        available = self.available
        changed = self.coordinator.changed_fields
        written = self._written
        if (
            changed is not None
            and written is not None
            and available == written[0]
            and self.entity_description.fields.isdisjoint(changed)
        ):
            return
        data = self.coordinator.data
        self._value = self.entity_description.value_fn(data)
        self._attributes = self.entity_description.attributes_fn(data)
        shown = (available, self._value, self._attributes)
        if shown != written:
            self._written = shown
            self.async_write_ha_state()

    async def async_added_to_hass(self) -> None:
        """Remember what was written when the entity was added."""
        await super().async_added_to_hass()
        self._written = (self.available, self._value, self._attributes)


def ams_device_info(coordinator: PrinterCoordinator, unit: AmsUnit) -> DeviceInfo:
    """Return the device of an AMS unit, linked to its printer ("X1C AMS 2", "X1C AMS HT 1")."""
    return DeviceInfo(
        identifiers={(DOMAIN, ams_device_id(coordinator.serial, unit.ams_id))},
        manufacturer=MANUFACTURER,
        model=unit.model,
        name=f"{coordinator.config_entry.title} {unit.model} {unit.number}",
        via_device=(DOMAIN, coordinator.serial),
    )


def ams_device_id(serial: str, ams_id: int) -> str:
    """Return the device registry identifier of AMS unit ``ams_id`` of printer ``serial``."""
    return f"{serial}_ams_{ams_id}"
