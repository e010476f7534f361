"""What a user sees of each recorded printer model, and how it follows the printer."""

from __future__ import annotations

from collections.abc import AsyncIterator
import logging

from homeassistant.const import STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.printer import PLATFORMS
from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.mosquitto import Mosquitto

from ..snapshots import snapshot_entry_platform
from .conftest import SERIAL, WaitFor


@pytest.fixture
async def simulator(broker: Mosquitto, model: str) -> AsyncIterator[PrinterSimulator]:
    """Run a simulated printer that sends only what it is asked for (no periodic deltas)."""
    async with PrinterSimulator(SERIAL, model, broker=broker, delta_interval=3600) as simulator:
        yield simulator


async def enable_all_entities(
    hass: HomeAssistant, entry: MockConfigEntry, wait_for: WaitFor
) -> None:
    """Enable the entities disabled by default, as a user does, and reload the printer."""
    registry = er.async_get(hass)
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        if entity.disabled_by is not None:
            registry.async_update_entity(entity.entity_id, disabled_by=None)
    assert await hass.config_entries.async_reload(entry.entry_id)
    coordinator: PrinterCoordinator = entry.runtime_data
    await wait_for(lambda: coordinator.online and coordinator.data.state.ready)


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("model", ["X1C", "P1S", "P1P", "A1"])
@pytest.mark.usefixtures("printer")
async def test_entities(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    wait_for: WaitFor,
    platform: Platform,
    snapshot: SnapshotAssertion,
) -> None:
    """Each platform's entities of each recorded model: registry entries and states."""
    await enable_all_entities(hass, entry, wait_for)
    await snapshot_entry_platform(hass, entry.entry_id, platform, snapshot)


async def test_printer_device(hass: HomeAssistant, printer: PrinterCoordinator) -> None:
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, SERIAL)})
    assert device is not None
    assert device.manufacturer == "Bambu Lab"
    assert device.model == "Bambu Lab P1S"
    assert device.sw_version == printer.data.state.firmware_version
    assert device.serial_number == SERIAL


async def test_wifi_signal_is_disabled_by_default(
    hass: HomeAssistant, printer: PrinterCoordinator
) -> None:
    entity = er.async_get(hass).async_get("sensor.bambu_lab_p1s_wi_fi_signal")
    assert entity is not None
    assert entity.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert hass.states.get("sensor.bambu_lab_p1s_wi_fi_signal") is None


async def test_a_delta_rewrites_only_what_changed(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    bed = "sensor.bambu_lab_p1s_bed_temperature"
    nozzle = "sensor.bambu_lab_p1s_nozzle_temperature"
    before = hass.states.get(nozzle)
    assert before is not None
    await simulator.send_delta({"bed_temper": 61.5})
    await wait_for(lambda: (state := hass.states.get(bed)) is not None and state.state == "61.5")
    after = hass.states.get(nozzle)
    assert after is not None
    assert after.last_updated == before.last_updated


async def test_progress_of_a_print(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    simulator.time_scale = 600
    simulator.start_print("Gridfinity box", duration_s=1200, layers=40)
    await simulator.push_full_report()

    def state(key: str) -> str:
        value = hass.states.get(f"sensor.bambu_lab_p1s_{key}")
        return value.state if value else "missing"

    await wait_for(lambda: state("print_status") in ("prepare", "running"))
    assert state("task_name") == "Gridfinity box"
    assert state("total_layers") == "40"
    assert state("end_time") != "unknown"


async def test_ams_unit_appears_when_plugged_in(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    registry = dr.async_get(hass)
    assert registry.async_get_device(identifiers={(DOMAIN, f"{SERIAL}_ams_1")}) is None
    await simulator.send_delta(
        {
            "ams": {
                "ams": [
                    {
                        "id": "1",
                        "humidity": "4",
                        "humidity_raw": "21",
                        "temp": "24.5",
                        "tray": [{"id": "0", "tray_type": "PETG", "tray_color": "FF0000FF"}],
                    }
                ]
            }
        }
    )
    await wait_for(lambda: registry.async_get_device(identifiers={(DOMAIN, f"{SERIAL}_ams_1")}))
    device = registry.async_get_device(identifiers={(DOMAIN, f"{SERIAL}_ams_1")})
    assert device is not None
    assert device.model == "AMS"
    entities = er.async_entries_for_device(er.async_get(hass), device.id)
    states = {e.translation_key: hass.states.get(e.entity_id) for e in entities}
    tray = states["ams_tray"]
    assert tray is not None
    assert tray.state == "PETG"
    assert tray.attributes["color"] == "#FF0000"
    humidity = states["ams_humidity"]
    assert humidity is not None
    assert humidity.state == "21"


async def test_entities_unavailable_while_printer_offline(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Entities go unavailable with the printer; the log says so once, and once it is back."""
    progress = "sensor.bambu_lab_p1s_progress"
    caplog.set_level(logging.INFO, "custom_components.holomat")
    simulator.go_silent(wake_on_pushing_start=False)
    await wait_for(lambda: hass.states.get(progress).state == STATE_UNAVAILABLE)  # type: ignore[union-attr]
    online = hass.states.get("binary_sensor.bambu_lab_p1s_online")
    assert online is not None
    assert online.state == "off"
    simulator.resume_pushing()
    await wait_for(lambda: hass.states.get(progress).state != STATE_UNAVAILABLE)  # type: ignore[union-attr]
    logged = [
        record.getMessage()
        for record in caplog.records
        if record.name == "custom_components.holomat" and record.levelno == logging.INFO
    ]
    assert logged == [
        "Bambu Lab P1S is unavailable: it stopped reporting",
        "Bambu Lab P1S is back online",
    ]
