"""Binary sensors of a BambuLab printer: online, HMS problem, print error, Developer mode."""

from __future__ import annotations

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

from .coordinator import PrinterConfigEntry, PrinterData
from .entity import PrinterEntity, PrinterEntityDescription


@dataclass(frozen=True, kw_only=True)
class PrinterBinarySensorEntityDescription(
    BinarySensorEntityDescription, PrinterEntityDescription[bool | None]
):
    """Describes a printer binary sensor."""


def _hms_attributes(data: PrinterData) -> dict[str, Any]:
    """Return every active HMS code with its severity, module and help page."""
    return {
        "codes": [
            {"code": hms.code, "severity": hms.severity, "module": hms.module, "url": hms.url}
            for hms in data.state.hms
        ]
    }


def _print_error_attributes(data: PrinterData) -> dict[str, Any] | None:
    """Return the print error's code and meaning."""
    if (error := data.state.print_error) is None:
        return None
    return {"code": error.code, "value": error.value, "description": error.description}


BINARY_SENSORS: tuple[PrinterBinarySensorEntityDescription, ...] = (
    PrinterBinarySensorEntityDescription(
        key="hms_problem",
        translation_key="hms_problem",
        device_class=BinarySensorDeviceClass.PROBLEM,
        fields=frozenset({"hms", "ready"}),
        value_fn=lambda data: bool(data.state.hms) if data.state.ready else None,
        attributes_fn=_hms_attributes,
    ),
    PrinterBinarySensorEntityDescription(
        key="print_error",
        translation_key="print_error",
        device_class=BinarySensorDeviceClass.PROBLEM,
        fields=frozenset({"print_error", "ready"}),
        value_fn=lambda data: data.state.print_error is not None if data.state.ready else None,
        attributes_fn=_print_error_attributes,
    ),
    PrinterBinarySensorEntityDescription(
        key="developer_mode",
        translation_key="developer_mode",
        entity_category=EntityCategory.DIAGNOSTIC,
        fields=frozenset({"developer_mode_required"}),
        value_fn=lambda data: (
            None
            if data.state.developer_mode_required is None
            else not data.state.developer_mode_required
        ),
    ),
    PrinterBinarySensorEntityDescription(
        key="online",
        translation_key="online",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        fields=frozenset({"online"}),
        value_fn=lambda data: data.online,
        available_fn=lambda _: True,  # being offline is this sensor's state
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
        PrinterBinarySensor(coordinator, description) for description in BINARY_SENSORS
    )


class PrinterBinarySensor(PrinterEntity[bool | None], BinarySensorEntity):
    """A printer binary sensor described by a ``PrinterBinarySensorEntityDescription``."""

    entity_description: PrinterBinarySensorEntityDescription

    @property
    def is_on(self) -> bool | None:
        """Return whether the sensor is on."""
        return self._value
