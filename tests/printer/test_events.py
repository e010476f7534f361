"""Print events: on the bus, on the event entity, and as device triggers for automations."""

from __future__ import annotations

from typing import Any

from homeassistant.components import automation
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_get_device_automations,
)

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator

from .conftest import SERIAL, WaitFor, start_running_print

EVENT = "holomat_printer_event"
HMS_NOZZLE = (0x03000100, 0x00010007)  # 0300_0100_0001_0007, fatal


def printer_device(hass: HomeAssistant) -> dr.DeviceEntry:
    """Return the printer's device."""
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, SERIAL)})
    assert device is not None
    return device


def types(events: list[Event[Any]]) -> list[str]:
    """Return the event types in order."""
    return [event.data["type"] for event in events]


async def test_a_whole_print_fires_each_event_once(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    events = async_capture_events(hass, EVENT)
    await start_running_print(simulator, wait_for)
    await wait_for(lambda: "print_started" in types(events))
    device = printer_device(hass)
    await hass.services.async_call(DOMAIN, "pause_print", {"device_id": device.id}, blocking=True)
    await wait_for(lambda: "print_paused" in types(events))
    await hass.services.async_call(DOMAIN, "resume_print", {"device_id": device.id}, blocking=True)
    await wait_for(lambda: "print_resumed" in types(events))
    simulator.finish()
    await wait_for(lambda: "print_finished" in types(events))
    assert types(events) == ["print_started", "print_paused", "print_resumed", "print_finished"]
    started = events[0].data
    assert started["device_id"] == device.id
    assert started["job"] == "Benchy"
    assert events[1].data["reason"] == "paused_user"
    entity = hass.states.get("event.bambu_lab_p1s_print_event")
    assert entity is not None
    assert entity.attributes["event_type"] == "print_finished"
    assert entity.attributes["job"] == "Benchy"


async def test_failed_canceled_and_hms(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    events = async_capture_events(hass, EVENT)
    await start_running_print(simulator, wait_for)
    simulator.fail(117473286)
    await wait_for(lambda: "print_failed" in types(events))
    assert events[-1].data["code"] == "0700_8006"
    await start_running_print(simulator, wait_for)
    await hass.services.async_call(
        DOMAIN, "stop_print", {"device_id": printer_device(hass).id}, blocking=True
    )
    await wait_for(lambda: "print_canceled" in types(events))
    simulator.add_hms(*HMS_NOZZLE)
    await wait_for(lambda: "hms_error" in types(events))
    hms = events[-1].data
    assert hms["code"] == "0300_0100_0001_0007"
    assert hms["severity"] == "fatal"
    assert hms["url"].endswith("/p1/troubleshooting/hmscode/0300_0100_0001_0007")
    problem = hass.states.get("binary_sensor.bambu_lab_p1s_hms_problem")
    assert problem is not None
    assert problem.state == "on"
    assert problem.attributes["codes"][0]["code"] == "0300_0100_0001_0007"
    simulator.clear_hms()
    await wait_for(lambda: "hms_cleared" in types(events))
    assert types(events) == [
        "print_started",
        "print_failed",
        "print_started",
        "print_canceled",
        "hms_error",
        "hms_cleared",
    ]


async def test_no_event_after_reload(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    entry: MockConfigEntry,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    """A reload (or an HA restart) in the middle of a print fires nothing."""
    await start_running_print(simulator, wait_for)
    simulator.add_hms(*HMS_NOZZLE)
    await wait_for(lambda: bool(printer.data.state.hms))
    events = async_capture_events(hass, EVENT)
    assert await hass.config_entries.async_reload(entry.entry_id)
    coordinator: PrinterCoordinator = entry.runtime_data
    await wait_for(lambda: coordinator.online and bool(coordinator.data.state.hms))
    await simulator.push_full_report()
    await hass.async_block_till_done()
    assert events == []


async def test_device_triggers(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    device = printer_device(hass)
    triggers = await async_get_device_automations(hass, DeviceAutomationType.TRIGGER, device.id)
    assert {t["type"] for t in triggers if t["domain"] == DOMAIN} == {
        "print_started",
        "print_paused",
        "print_resumed",
        "print_finished",
        "print_failed",
        "print_canceled",
        "hms_error",
        "hms_cleared",
    }
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: {
                "trigger": {
                    "platform": "device",
                    "domain": DOMAIN,
                    "device_id": device.id,
                    "type": "print_finished",
                },
                "action": {
                    "event": "print_done",
                    "event_data": {"job": "{{ trigger.event.data.job }}"},
                },
            }
        },
    )
    done: list[str] = []

    @callback
    def on_done(event: Event[Any]) -> None:
        done.append(event.data["job"])

    hass.bus.async_listen("print_done", on_done)
    await start_running_print(simulator, wait_for)
    assert done == []
    simulator.finish()
    await wait_for(lambda: done == ["Benchy"])


async def test_no_triggers_for_other_devices(
    hass: HomeAssistant, printer: PrinterCoordinator
) -> None:
    ams = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, f"{SERIAL}_ams_0")})
    assert ams is not None
    triggers = await async_get_device_automations(hass, DeviceAutomationType.TRIGGER, ams.id)
    assert [t for t in triggers if t["domain"] == DOMAIN] == []
