"""AMS units as devices: one the printer no longer reports can be deleted, and comes back."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator

from .conftest import SERIAL, WaitFor

AMS_2 = "sensor.bambu_lab_x1c_ams_2_humidity"


@pytest.fixture
def model() -> str:
    """Return the X1C: its recording reports three AMS units and an AMS HT."""
    return "X1C"


@pytest.fixture
async def delete_device(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, entry: MockConfigEntry
) -> Any:
    """Return ``delete(device_id)``: press Delete on a device page; return whether it worked."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)

    async def delete(device_id: str) -> bool:
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": entry.entry_id,
                "device_id": device_id,
            }
        )
        response = await client.receive_json()
        return bool(response["success"])

    return delete


def device_id(hass: HomeAssistant, identifier: str) -> str | None:
    """Return the id of the device with this identifier, if it is registered."""
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, identifier)})
    return None if device is None else device.id


async def send_ams_units(simulator: PrinterSimulator, ams: dict[str, Any]) -> None:
    """Make the printer's ``ams`` block this one and send a full report."""
    simulator.printer.put("ams", ams)
    await simulator.push_full_report()


async def test_unplugged_ams_unit_can_be_deleted_and_comes_back(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
    delete_device: Any,
) -> None:
    ams_2 = device_id(hass, f"{SERIAL}_ams_1")
    printer_device = device_id(hass, SERIAL)
    assert ams_2 is not None
    assert printer_device is not None
    assert not await delete_device(ams_2)  # still reporting
    assert not await delete_device(printer_device)

    plugged = simulator.state["ams"]
    unplugged = {**plugged, "ams": [unit for unit in plugged["ams"] if unit["id"] != "1"]}
    await send_ams_units(simulator, unplugged)
    await wait_for(lambda: printer.data.state.ams_unit(1) is None)
    assert hass.states.get(AMS_2).state == "unknown"  # type: ignore[union-attr]
    assert await delete_device(ams_2)
    await hass.async_block_till_done()
    assert device_id(hass, f"{SERIAL}_ams_1") is None
    assert er.async_get(hass).async_get(AMS_2) is None
    assert hass.states.get(AMS_2) is None
    assert not await delete_device(printer_device)

    await send_ams_units(simulator, plugged)
    await wait_for(lambda: (state := hass.states.get(AMS_2)) is not None and state.state == "4")
    assert device_id(hass, f"{SERIAL}_ams_1") is not None
