"""A new printer lands in an area, so Home Assistant's Overview shows it without a click."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import area_registry as ar, device_registry as dr
import pytest

from custom_components.holomat.const import DOMAIN
from holomat_dev.bambu_simulator import PrinterSimulator

from .conftest import SERIAL
from .test_config_flow import start_printer_flow, user_input

pytestmark = pytest.mark.usefixtures("trusted_dev_ca")


async def _add_printer(hass: HomeAssistant, simulator: PrinterSimulator, **changes: object) -> str:
    """Add the simulated printer through the config flow; return its device's area id."""
    flow_id = await start_printer_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, user_input(simulator, **changes)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, SERIAL)})
    assert device is not None
    assert device.area_id is not None
    return device.area_id


async def test_a_new_printer_goes_to_the_workshop(
    hass: HomeAssistant, simulator: PrinterSimulator
) -> None:
    area_id = await _add_printer(hass, simulator)
    area = ar.async_get(hass).async_get_area(area_id)
    assert area is not None
    assert area.name == "Workshop"


async def test_a_new_printer_goes_to_the_area_picked(
    hass: HomeAssistant, simulator: PrinterSimulator
) -> None:
    garage = ar.async_get(hass).async_create("Garage")
    assert await _add_printer(hass, simulator, area=garage.id) == garage.id
    assert ar.async_get(hass).async_get_area_by_name("Workshop") is None


async def test_a_printer_moved_by_the_user_stays_there_after_a_reload(
    hass: HomeAssistant, simulator: PrinterSimulator
) -> None:
    await _add_printer(hass, simulator)
    devices = dr.async_get(hass)
    device = devices.async_get_device(identifiers={(DOMAIN, SERIAL)})
    assert device is not None
    office = ar.async_get(hass).async_create("Office")
    devices.async_update_device(device.id, area_id=office.id)
    [entry] = hass.config_entries.async_entries(DOMAIN)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert devices.async_get(device.id).area_id == office.id
