"""Sensors of AMS units and their trays, added as units first report in."""

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
from homeassistant.core import callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from ..bambu import AmsTray, AmsUnit, PrinterState
from .coordinator import PrinterConfigEntry, PrinterCoordinator
from .entity import AMS_HT_FIRST_ID, PrinterEntity, ams_device_info

# AMS lite units have no humidity or temperature sensor (they report placeholders).
_KINDS_WITH_CLIMATE = frozenset({"ams", "ams_2_pro", "ams_ht"})
EXTERNAL_SPOOL_ID = 254


@dataclass(frozen=True, kw_only=True)
class AmsSensorEntityDescription(SensorEntityDescription):
    """Describes a sensor of an AMS unit."""

    value_fn: Callable[[AmsUnit], StateType]


AMS_SENSORS: tuple[AmsSensorEntityDescription, ...] = (
    AmsSensorEntityDescription(
        key="humidity",
        translation_key="ams_humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        value_fn=lambda unit: unit.humidity,
    ),
    AmsSensorEntityDescription(
        key="humidity_index",
        translation_key="ams_humidity_index",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda unit: unit.humidity_index,
    ),
    AmsSensorEntityDescription(
        key="temperature",
        translation_key="ams_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        value_fn=lambda unit: unit.temperature,
    ),
)


@callback
def async_setup_ams_sensors(
    entry: PrinterConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add sensors for the external spool and for each AMS unit, the first time it is seen."""
    coordinator = entry.runtime_data
    known: set[int] = set()

    @callback
    def add_new_units() -> None:
        state = coordinator.data
        entities: list[SensorEntity] = []
        if EXTERNAL_SPOOL_ID not in known and state.external_spool is not None:
            known.add(EXTERNAL_SPOOL_ID)
            entities.append(TraySensor(coordinator, None, EXTERNAL_SPOOL_ID))
        for unit in state.ams_units:
            if unit.ams_id in known:
                continue
            known.add(unit.ams_id)
            if unit.kind in _KINDS_WITH_CLIMATE:
                entities.extend(AmsSensor(coordinator, unit, desc) for desc in AMS_SENSORS)
            entities.extend(TraySensor(coordinator, unit, tray.tray_id) for tray in unit.trays)
        if entities:
            async_add_entities(entities)

    add_new_units()
    entry.async_on_unload(coordinator.async_add_listener(add_new_units))


def _tray_now(ams_id: int | None, tray_id: int) -> int:
    """Return the ``ams.tray_now`` value that names this tray.

    Observed values: 254 is the external spool, AMS unit n slot s is 4n + s, and AMS HT units
    (ids from 128) are named by their own id.
    """
    if ams_id is None:
        return EXTERNAL_SPOOL_ID
    if ams_id >= AMS_HT_FIRST_ID:
        return ams_id + tray_id
    return ams_id * 4 + tray_id


def _find_unit(state: PrinterState, ams_id: int) -> AmsUnit | None:
    """Return the AMS unit with this id, if the printer still reports it."""
    return next((unit for unit in state.ams_units if unit.ams_id == ams_id), None)


class AmsSensor(PrinterEntity, SensorEntity):
    """A climate sensor of one AMS unit (humidity, temperature)."""

    entity_description: AmsSensorEntityDescription

    def __init__(
        self,
        coordinator: PrinterCoordinator,
        unit: AmsUnit,
        description: AmsSensorEntityDescription,
    ) -> None:
        """Create the sensor on the AMS unit's device."""
        self.entity_description = description
        self._ams_id = unit.ams_id
        super().__init__(coordinator, f"ams_{unit.ams_id}_{description.key}")
        self._attr_device_info = ams_device_info(coordinator, unit)

    def _compute(self, state: PrinterState) -> StateType:
        """Return the unit's value, or None once the unit is gone."""
        unit = _find_unit(state, self._ams_id)
        return None if unit is None else self.entity_description.value_fn(unit)

    @property
    def native_value(self) -> StateType:
        """Return the value."""
        value: StateType = self._computed
        return value


class TraySensor(PrinterEntity, SensorEntity):
    """A filament slot: its filament type as state, colour and remaining amount as attributes.

    ``unit`` None is the external spool (tray id 254), which sits on the printer's device.
    """

    def __init__(self, coordinator: PrinterCoordinator, unit: AmsUnit | None, tray_id: int) -> None:
        """Create the sensor for one tray."""
        self._ams_id = None if unit is None else unit.ams_id
        self._tray_id = tray_id
        if unit is None:
            super().__init__(coordinator, "external_spool")
            self._attr_translation_key = "external_spool"
        else:
            super().__init__(coordinator, f"ams_{unit.ams_id}_tray_{tray_id}")
            self._attr_translation_key = "ams_tray"
            self._attr_translation_placeholders = {"tray": str(tray_id + 1)}
            self._attr_device_info = ams_device_info(coordinator, unit)

    def _tray(self, state: PrinterState) -> AmsTray | None:
        """Return this tray in ``state``."""
        if self._ams_id is None:
            return state.external_spool
        unit = _find_unit(state, self._ams_id)
        if unit is None:
            return None
        return next((tray for tray in unit.trays if tray.tray_id == self._tray_id), None)

    def _compute(self, state: PrinterState) -> tuple[StateType, dict[str, Any] | None]:
        """Return the filament type (or "empty") and the tray's details."""
        tray = self._tray(state)
        if tray is None:
            return None, None
        active = state.active_tray is not None and state.active_tray == _tray_now(
            self._ams_id, self._tray_id
        )
        details = {
            "color": tray.color,
            "remaining": tray.remaining,
            "sub_brand": tray.sub_brand,
            "nozzle_temp_min": tray.nozzle_temp_min,
            "nozzle_temp_max": tray.nozzle_temp_max,
            "active": active,
        }
        return ("empty" if tray.empty else tray.filament_type), details

    @property
    def native_value(self) -> StateType:
        """Return the filament type, or "empty"."""
        value: StateType = self._computed[0]
        return value

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return colour (#RRGGBB), remaining (%), brand, nozzle range (°C) and whether active."""
        details: dict[str, Any] | None = self._computed[1]
        return details
