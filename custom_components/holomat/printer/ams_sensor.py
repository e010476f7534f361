"""Sensors of AMS units, their trays and the external spool, added as they first report in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, UnitOfTemperature
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from ..bambu import AmsUnit
from .coordinator import PrinterConfigEntry, PrinterData
from .entity import PrinterEntity, PrinterEntityDescription, ams_device_id, ams_device_info

_UNITS = frozenset({"ams_units"})


@dataclass(frozen=True, kw_only=True)
class AmsSensorEntityDescription(SensorEntityDescription, PrinterEntityDescription[StateType]):
    """Describes a sensor of one AMS unit or tray (built when the unit first reports)."""


def _unit_value(
    ams_id: int, read: Callable[[AmsUnit], StateType]
) -> Callable[[PrinterData], StateType]:
    """Return a ``value_fn`` that reads AMS unit ``ams_id`` (None once the unit is gone)."""

    def value(data: PrinterData) -> StateType:
        unit = data.state.ams_unit(ams_id)
        return None if unit is None else read(unit)

    return value


def climate_sensors(ams_id: int) -> tuple[AmsSensorEntityDescription, ...]:
    """Describe the humidity (% and the printer's 1-5 index) and temperature of an AMS unit."""
    return (
        AmsSensorEntityDescription(
            key=f"ams_{ams_id}_humidity",
            translation_key="ams_humidity",
            device_class=SensorDeviceClass.HUMIDITY,
            state_class=SensorStateClass.MEASUREMENT,
            native_unit_of_measurement=PERCENTAGE,
            fields=_UNITS,
            value_fn=_unit_value(ams_id, lambda unit: unit.humidity),
        ),
        AmsSensorEntityDescription(
            key=f"ams_{ams_id}_humidity_index",
            translation_key="ams_humidity_index",
            state_class=SensorStateClass.MEASUREMENT,
            fields=_UNITS,
            value_fn=_unit_value(ams_id, lambda unit: unit.humidity_index),
        ),
        AmsSensorEntityDescription(
            key=f"ams_{ams_id}_temperature",
            translation_key="ams_temperature",
            device_class=SensorDeviceClass.TEMPERATURE,
            state_class=SensorStateClass.MEASUREMENT,
            native_unit_of_measurement=UnitOfTemperature.CELSIUS,
            fields=_UNITS,
            value_fn=_unit_value(ams_id, lambda unit: unit.temperature),
        ),
    )


def tray_sensor(ams_id: int | None, tray_id: int) -> AmsSensorEntityDescription:
    """Describe a filament slot: its filament type (or "empty"), colour and amount as attributes.

    ``ams_id`` None is the external spool, which sits on the printer's device.
    """

    def filament(data: PrinterData) -> StateType:
        tray = data.state.tray(ams_id, tray_id)
        return None if tray is None else "empty" if tray.empty else tray.filament_type

    def details(data: PrinterData) -> dict[str, Any] | None:
        tray = data.state.tray(ams_id, tray_id)
        if tray is None:
            return None
        return {
            "color": tray.color,
            "remaining": tray.remaining,
            "sub_brand": tray.sub_brand,
            "nozzle_temp_min": tray.nozzle_temp_min,
            "nozzle_temp_max": tray.nozzle_temp_max,
            "active": data.state.is_active_tray(ams_id, tray_id),
        }

    if ams_id is None:
        return AmsSensorEntityDescription(
            key="external_spool",
            translation_key="external_spool",
            fields=frozenset({"external_spool", "active_tray"}),
            value_fn=filament,
            attributes_fn=details,
        )
    return AmsSensorEntityDescription(
        key=f"ams_{ams_id}_tray_{tray_id}",
        translation_key="ams_tray",
        translation_placeholders={"tray": str(tray_id + 1)},
        fields=_UNITS | {"active_tray"},
        value_fn=filament,
        attributes_fn=details,
    )


class AmsSensor(PrinterEntity[StateType], SensorEntity):
    """A sensor of an AMS unit, a tray or the external spool."""

    entity_description: AmsSensorEntityDescription

    @property
    def native_value(self) -> StateType:
        """Return the sensor's value."""
        return self._value


@callback
def async_setup_ams_sensors(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add sensors for the external spool and for each AMS unit, the first time it is seen.

    A unit whose device the user deleted (``async_remove_config_entry_device``) is forgotten, so
    that its sensors come back if it reports again.
    """
    coordinator = entry.runtime_data
    known: set[int | None] = set()

    @callback
    def add_new_units() -> None:
        """Add the sensors of the units (and of the external spool) not seen before."""
        state = coordinator.data.state
        entities: list[AmsSensor] = []
        if None not in known and state.external_spool is not None:
            known.add(None)
            entities.append(AmsSensor(coordinator, tray_sensor(None, state.external_spool.tray_id)))
        for unit in state.ams_units:
            if unit.ams_id in known:
                continue
            known.add(unit.ams_id)
            device = ams_device_info(coordinator, unit)
            descriptions = (climate_sensors(unit.ams_id) if unit.has_climate else ()) + tuple(
                tray_sensor(unit.ams_id, tray.tray_id) for tray in unit.trays
            )
            entities.extend(AmsSensor(coordinator, desc, device) for desc in descriptions)
        if entities:
            async_add_entities(entities)

    @callback
    def forget_deleted(event: Event[dr.EventDeviceRegistryUpdatedData]) -> None:
        """Forget the units whose device was deleted."""
        if event.data["action"] == "remove":
            deleted = {identifier for _, identifier in event.data["device"]["identifiers"]}
            known.difference_update(
                ams_id
                for ams_id in list(known)
                if ams_id is not None and ams_device_id(coordinator.serial, ams_id) in deleted
            )

    add_new_units()
    entry.async_on_unload(coordinator.async_add_listener(add_new_units))
    entry.async_on_unload(hass.bus.async_listen(dr.EVENT_DEVICE_REGISTRY_UPDATED, forget_deleted))
