"""Binary sensors of a BambuLab printer: online, HMS problem, print error, Developer mode."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..bambu import PrinterState
from .coordinator import PrinterConfigEntry, PrinterCoordinator
from .entity import PrinterEntity


@dataclass(frozen=True, kw_only=True)
class PrinterBinarySensorEntityDescription(BinarySensorEntityDescription):
    """Describes a printer binary sensor."""

    is_on_fn: Callable[[PrinterState], bool | None]
    attributes_fn: Callable[[PrinterState], dict[str, Any] | None] = lambda _: None


def _hms_attributes(state: PrinterState) -> dict[str, Any]:
    """Return every active HMS code with its severity, module and help page."""
    return {
        "codes": [
            {"code": hms.code, "severity": hms.severity, "module": hms.module, "url": hms.url}
            for hms in state.hms
        ]
    }


def _print_error_attributes(state: PrinterState) -> dict[str, Any] | None:
    """Return the print error's code and meaning."""
    if (error := state.print_error) is None:
        return None
    return {"code": error.code, "value": error.value, "description": error.description}


BINARY_SENSORS: tuple[PrinterBinarySensorEntityDescription, ...] = (
    PrinterBinarySensorEntityDescription(
        key="hms_problem",
        translation_key="hms_problem",
        device_class=BinarySensorDeviceClass.PROBLEM,
        is_on_fn=lambda state: bool(state.hms) if state.ready else None,
        attributes_fn=_hms_attributes,
    ),
    PrinterBinarySensorEntityDescription(
        key="print_error",
        translation_key="print_error",
        device_class=BinarySensorDeviceClass.PROBLEM,
        is_on_fn=lambda state: state.print_error is not None if state.ready else None,
        attributes_fn=_print_error_attributes,
    ),
    PrinterBinarySensorEntityDescription(
        key="developer_mode",
        translation_key="developer_mode",
        entity_category=EntityCategory.DIAGNOSTIC,
        is_on_fn=lambda state: (
            None if state.developer_mode_required is None else not state.developer_mode_required
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a printer's binary sensors."""
    coordinator = entry.runtime_data
    async_add_entities(
        [PrinterBinarySensor(coordinator, description) for description in BINARY_SENSORS]
        + [PrinterOnlineSensor(coordinator)]
    )


class PrinterBinarySensor(PrinterEntity, BinarySensorEntity):
    """A printer binary sensor described by a ``PrinterBinarySensorEntityDescription``."""

    entity_description: PrinterBinarySensorEntityDescription

    def __init__(
        self, coordinator: PrinterCoordinator, description: PrinterBinarySensorEntityDescription
    ) -> None:
        """Create the binary sensor."""
        self.entity_description = description
        super().__init__(coordinator, description.key)

    def _compute(self, state: PrinterState) -> tuple[bool | None, dict[str, Any] | None]:
        """Return whether it is on, and its attributes."""
        description = self.entity_description
        return description.is_on_fn(state), description.attributes_fn(state)

    @property
    def is_on(self) -> bool | None:
        """Return whether the sensor is on."""
        is_on: bool | None = self._computed[0]
        return is_on

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the codes behind the state."""
        attributes: dict[str, Any] | None = self._computed[1]
        return attributes


class PrinterOnlineSensor(PrinterEntity, BinarySensorEntity):
    """Whether the printer is connected and pushing reports; always available."""

    _attr_device_class = BinarySensorDeviceClass.CONNECTIVITY
    _attr_entity_category = EntityCategory.DIAGNOSTIC
    _attr_translation_key = "online"
    _follows_state = False  # reads the coordinator's connection

    def __init__(self, coordinator: PrinterCoordinator) -> None:
        """Create the sensor."""
        super().__init__(coordinator, "online")

    @property
    def available(self) -> bool:
        """Return True: being offline is this sensor's state, not its availability."""
        return True

    def _compute(self, state: PrinterState) -> bool:
        """Return whether the printer is online."""
        return self.coordinator.online

    @property
    def is_on(self) -> bool:
        """Return whether the printer is online."""
        online: bool = self._computed
        return online
