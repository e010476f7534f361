"""Sensors of a BambuLab printer: job, temperatures, fans, Wi-Fi, end time."""

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

from ..bambu import STAGE_NAMES, GcodeState, PrinterModel
from ..bambu.capabilities import has_chamber_temperature, has_enclosure_fans
from .ams_sensor import async_setup_ams_sensors
from .coordinator import PrinterConfigEntry, PrinterData
from .entity import PrinterEntity, PrinterEntityDescription

type SensorValue = StateType | datetime


@dataclass(frozen=True, kw_only=True)
class PrinterSensorEntityDescription(
    SensorEntityDescription, PrinterEntityDescription[SensorValue]
):
    """Describes a printer sensor: what it reads, and on which models it exists."""

    exists_fn: Callable[[PrinterModel | None], bool] = lambda _: True


def _always(_: PrinterModel | None) -> bool:
    """Exist on every model."""
    return True


def _temperature(
    field: str,
    value_fn: Callable[[PrinterData], SensorValue],
    exists_fn: Callable[[PrinterModel | None], bool] = _always,
) -> PrinterSensorEntityDescription:
    """Describe a temperature sensor in °C, keyed and named after the state's ``field``."""
    return PrinterSensorEntityDescription(
        key=field,
        translation_key=field,
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=0,
        fields=frozenset({field}),
        value_fn=value_fn,
        exists_fn=exists_fn,
    )


def _fan(
    field: str,
    value_fn: Callable[[PrinterData], SensorValue],
    exists_fn: Callable[[PrinterModel | None], bool] = _always,
) -> PrinterSensorEntityDescription:
    """Describe a fan speed sensor in %, keyed and named after the state's ``field``."""
    return PrinterSensorEntityDescription(
        key=field,
        translation_key=field,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        fields=frozenset({field}),
        value_fn=value_fn,
        exists_fn=exists_fn,
    )


SENSORS: tuple[PrinterSensorEntityDescription, ...] = (
    PrinterSensorEntityDescription(
        key="print_status",
        translation_key="print_status",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value.lower() for state in GcodeState],
        fields=frozenset({"gcode_state"}),
        value_fn=lambda data: (
            data.state.gcode_state.value.lower() if data.state.gcode_state else None
        ),
    ),
    PrinterSensorEntityDescription(
        key="stage",
        translation_key="stage",
        device_class=SensorDeviceClass.ENUM,
        options=list(STAGE_NAMES),
        fields=frozenset({"stage_name"}),
        value_fn=lambda data: data.state.stage_name,
    ),
    PrinterSensorEntityDescription(
        key="progress",
        translation_key="progress",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        fields=frozenset({"progress"}),
        value_fn=lambda data: data.state.progress,
    ),
    PrinterSensorEntityDescription(
        key="remaining_time",
        translation_key="remaining_time",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        fields=frozenset({"remaining_time"}),
        value_fn=lambda data: data.state.remaining_time,
    ),
    PrinterSensorEntityDescription(
        key="current_layer",
        translation_key="current_layer",
        # A measurement: the logbook leaves it out (one entry per layer flooded Activity).
        state_class=SensorStateClass.MEASUREMENT,
        fields=frozenset({"layer"}),
        value_fn=lambda data: data.state.layer,
    ),
    PrinterSensorEntityDescription(
        key="total_layers",
        translation_key="total_layers",
        fields=frozenset({"total_layers"}),
        value_fn=lambda data: data.state.total_layers,
    ),
    PrinterSensorEntityDescription(
        key="task_name",
        translation_key="task_name",
        fields=frozenset({"task_name"}),
        value_fn=lambda data: data.state.task_name or None,
    ),
    _temperature("nozzle_temperature", lambda data: data.state.nozzle_temperature),
    _temperature("nozzle_target_temperature", lambda data: data.state.nozzle_target_temperature),
    _temperature("bed_temperature", lambda data: data.state.bed_temperature),
    _temperature("bed_target_temperature", lambda data: data.state.bed_target_temperature),
    _temperature(
        "chamber_temperature",
        lambda data: data.state.chamber_temperature,
        exists_fn=has_chamber_temperature,
    ),
    _fan("part_cooling_fan", lambda data: data.state.part_cooling_fan),
    _fan("heatbreak_fan", lambda data: data.state.heatbreak_fan),
    _fan("aux_fan", lambda data: data.state.aux_fan, exists_fn=has_enclosure_fans),
    _fan("chamber_fan", lambda data: data.state.chamber_fan, exists_fn=has_enclosure_fans),
    PrinterSensorEntityDescription(
        key="wifi_signal",
        translation_key="wifi_signal",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        entity_category=EntityCategory.DIAGNOSTIC,
        # Changes every few seconds and tells little: disabled for printers added from now on.
        entity_registry_enabled_default=False,
        fields=frozenset({"wifi_signal"}),
        value_fn=lambda data: data.state.wifi_signal,
    ),
    PrinterSensorEntityDescription(
        key="nozzle_diameter",
        translation_key="nozzle_diameter",
        native_unit_of_measurement=UnitOfLength.MILLIMETERS,
        entity_category=EntityCategory.DIAGNOSTIC,
        fields=frozenset({"nozzle_diameter"}),
        value_fn=lambda data: data.state.nozzle_diameter,
    ),
    PrinterSensorEntityDescription(
        key="end_time",
        translation_key="end_time",
        device_class=SensorDeviceClass.TIMESTAMP,
        fields=frozenset({"end_time"}),
        value_fn=lambda data: data.end_time,
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
        PrinterSensor(coordinator, description)
        for description in SENSORS
        if description.exists_fn(coordinator.model)
    )
    async_setup_ams_sensors(hass, entry, async_add_entities)


class PrinterSensor(PrinterEntity[SensorValue], SensorEntity):
    """A sensor of a printer or of one of its AMS units, as its description says."""

    entity_description: PrinterSensorEntityDescription

    @property
    def native_value(self) -> SensorValue:
        """Return the sensor's value."""
        return self._value
