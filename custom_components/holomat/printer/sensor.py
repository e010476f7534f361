"""Sensors of a BambuLab printer: job, temperatures, fans, Wi-Fi."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
    UnitOfLength,
    UnitOfTemperature,
    UnitOfTime,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from ..bambu import STAGE_NAMES, GcodeState, PrinterModel, PrinterState
from ..bambu.capabilities import has_chamber_temperature, has_enclosure_fans
from .ams_sensor import async_setup_ams_sensors
from .coordinator import PrinterConfigEntry, PrinterCoordinator
from .entity import PrinterEntity


@dataclass(frozen=True, kw_only=True)
class PrinterSensorEntityDescription(SensorEntityDescription):
    """Describes a printer sensor: what it reads from the state, and on which models it exists."""

    value_fn: Callable[[PrinterState], StateType]
    exists_fn: Callable[[PrinterModel | None], bool] = lambda _: True


def _always(_: PrinterModel | None) -> bool:
    """Exist on every model."""
    return True


def _temperature(
    key: str,
    value_fn: Callable[[PrinterState], StateType],
    exists_fn: Callable[[PrinterModel | None], bool] = _always,
) -> PrinterSensorEntityDescription:
    """Describe a temperature sensor in °C."""
    return PrinterSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=0,
        value_fn=value_fn,
        exists_fn=exists_fn,
    )


def _fan(
    key: str,
    value_fn: Callable[[PrinterState], StateType],
    exists_fn: Callable[[PrinterModel | None], bool] = _always,
) -> PrinterSensorEntityDescription:
    """Describe a fan speed sensor in %."""
    return PrinterSensorEntityDescription(
        key=key,
        translation_key=key,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        value_fn=value_fn,
        exists_fn=exists_fn,
    )


SENSORS: tuple[PrinterSensorEntityDescription, ...] = (
    PrinterSensorEntityDescription(
        key="print_status",
        translation_key="print_status",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value.lower() for state in GcodeState],
        value_fn=lambda state: state.gcode_state.value.lower() if state.gcode_state else None,
    ),
    PrinterSensorEntityDescription(
        key="stage",
        translation_key="stage",
        device_class=SensorDeviceClass.ENUM,
        options=list(STAGE_NAMES),
        value_fn=lambda state: state.stage_name,
    ),
    PrinterSensorEntityDescription(
        key="progress",
        translation_key="progress",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda state: state.progress,
    ),
    PrinterSensorEntityDescription(
        key="remaining_time",
        translation_key="remaining_time",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        value_fn=lambda state: state.remaining_time,
    ),
    PrinterSensorEntityDescription(
        key="current_layer",
        translation_key="current_layer",
        # A measurement: the logbook leaves it out (one entry per layer flooded Activity).
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda state: state.layer,
    ),
    PrinterSensorEntityDescription(
        key="total_layers",
        translation_key="total_layers",
        value_fn=lambda state: state.total_layers,
    ),
    PrinterSensorEntityDescription(
        key="task_name",
        translation_key="task_name",
        value_fn=lambda state: state.task_name or None,
    ),
    _temperature("nozzle_temperature", lambda state: state.nozzle_temperature),
    _temperature("nozzle_target_temperature", lambda state: state.nozzle_target_temperature),
    _temperature("bed_temperature", lambda state: state.bed_temperature),
    _temperature("bed_target_temperature", lambda state: state.bed_target_temperature),
    _temperature(
        "chamber_temperature",
        lambda state: state.chamber_temperature,
        exists_fn=has_chamber_temperature,
    ),
    _fan("part_cooling_fan", lambda state: state.part_cooling_fan),
    _fan("heatbreak_fan", lambda state: state.heatbreak_fan),
    _fan("aux_fan", lambda state: state.aux_fan, exists_fn=has_enclosure_fans),
    _fan("chamber_fan", lambda state: state.chamber_fan, exists_fn=has_enclosure_fans),
    PrinterSensorEntityDescription(
        key="wifi_signal",
        translation_key="wifi_signal",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.wifi_signal,
    ),
    PrinterSensorEntityDescription(
        key="nozzle_diameter",
        translation_key="nozzle_diameter",
        native_unit_of_measurement=UnitOfLength.MILLIMETERS,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.nozzle_diameter,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a printer's sensors; AMS sensors follow as units report in."""
    coordinator = entry.runtime_data
    async_add_entities(
        [
            PrinterSensor(coordinator, description)
            for description in SENSORS
            if description.exists_fn(coordinator.model)
        ]
        + [PrinterEndTimeSensor(coordinator)]
    )
    async_setup_ams_sensors(entry, async_add_entities)


class PrinterSensor(PrinterEntity, SensorEntity):
    """A printer sensor described by a ``PrinterSensorEntityDescription``."""

    entity_description: PrinterSensorEntityDescription

    def __init__(
        self, coordinator: PrinterCoordinator, description: PrinterSensorEntityDescription
    ) -> None:
        """Create the sensor."""
        self.entity_description = description
        super().__init__(coordinator, description.key)

    def _compute(self, state: PrinterState) -> StateType:
        """Return the sensor's value."""
        return self.entity_description.value_fn(state)

    @property
    def native_value(self) -> StateType:
        """Return the sensor's value."""
        value: StateType = self._computed
        return value


class PrinterEndTimeSensor(PrinterEntity, SensorEntity):
    """When the current print should end: now + the remaining time, fixed when it changes."""

    _attr_device_class = SensorDeviceClass.TIMESTAMP
    _attr_translation_key = "end_time"
    _follows_state = False  # reads the coordinator's end time

    def __init__(self, coordinator: PrinterCoordinator) -> None:
        """Create the sensor."""
        super().__init__(coordinator, "end_time")

    def _compute(self, state: PrinterState) -> datetime | None:
        """Return the end time the coordinator derived from the last remaining time."""
        return self.coordinator.end_time

    @property
    def native_value(self) -> datetime | None:
        """Return the end time (UTC)."""
        value: datetime | None = self._computed
        return value
