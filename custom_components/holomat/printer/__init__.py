"""BambuLab printers in Home Assistant: setup of a printer config entry."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, issue_registry as ir

from ..const import DOMAIN
from .const import (
    CONF_AREA,
    CONF_SERIAL,
    ISSUE_CERTIFICATE_CHANGED,
    ISSUE_WRONG_PRINTER,
    MANUFACTURER,
)
from .coordinator import PrinterConfigEntry, PrinterCoordinator
from .entity import ams_device_id
from .print_services import async_setup_print_services
from .services import async_setup_services

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CAMERA,
    Platform.EVENT,
    Platform.IMAGE,
    Platform.LIGHT,
    Platform.SELECT,
    Platform.SENSOR,
]


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the printer actions once per Home Assistant start."""
    async_setup_services(hass)
    async_setup_print_services(hass)


async def async_setup_entry(hass: HomeAssistant, entry: PrinterConfigEntry) -> bool:
    """Set up a printer: its device and entities now, its connection in the background.

    Printers are often switched off: the entry loads anyway, with entities unavailable until the
    printer answers. A refused access code starts reauth; a changed certificate opens a repair.
    """
    for issue in (ISSUE_CERTIFICATE_CHANGED, ISSUE_WRONG_PRINTER):
        ir.async_delete_issue(hass, DOMAIN, f"{issue}_{entry.entry_id}")
    coordinator = PrinterCoordinator(hass, entry)
    entry.runtime_data = coordinator
    model = coordinator.model
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, entry.data[CONF_SERIAL])},
        manufacturer=MANUFACTURER,
        model=model.value if model else None,
        name=entry.title,
        serial_number=entry.data[CONF_SERIAL],
        suggested_area=entry.data.get(CONF_AREA),  # a new device only: on the Overview at once
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    coordinator.async_start()
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: PrinterConfigEntry) -> bool:
    """Unload a printer; its connection task ends with the entry."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def _async_options_updated(hass: HomeAssistant, entry: PrinterConfigEntry) -> None:
    """Reload the printer so new options take effect."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: PrinterConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete the device of an AMS unit that the printer no longer reports.

    The printer's own device stays (delete the printer's entry instead), and so does a unit in
    the printer's last report. A deleted unit that reports again comes back with its sensors.
    """
    serial = entry.data[CONF_SERIAL]
    if (DOMAIN, serial) in device.identifiers:
        return False
    reporting = (
        entry.runtime_data.data.state.ams_units if entry.state is ConfigEntryState.LOADED else ()
    )
    return not any(
        (DOMAIN, ams_device_id(serial, unit.ams_id)) in device.identifiers for unit in reporting
    )
