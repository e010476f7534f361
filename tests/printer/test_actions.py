"""Pause, resume and stop from actions and buttons; light and speed; refused commands."""

from __future__ import annotations

from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
import pytest

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator

from .conftest import SERIAL, WaitFor, start_running_print

PREFIX = "bambu_lab_p1s"


def device_id(hass: HomeAssistant) -> str:
    """Return the printer's device id."""
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, SERIAL)})
    assert device is not None
    return device.id


def status(hass: HomeAssistant) -> str:
    """Return the print status the user sees."""
    state = hass.states.get(f"sensor.{PREFIX}_print_status")
    return state.state if state else "missing"


async def start_print(hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor) -> None:
    """Start a long print on the simulated printer and wait until HA sees it running."""
    await start_running_print(simulator, wait_for)
    await wait_for(lambda: status(hass) == "running")


async def test_pause_resume_stop_actions(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    await start_print(hass, simulator, wait_for)
    target = {ATTR_DEVICE_ID: device_id(hass)}
    await hass.services.async_call(DOMAIN, "pause_print", target, blocking=True)
    assert simulator.gcode_state == "PAUSE"
    await wait_for(lambda: status(hass) == "pause")
    await hass.services.async_call(DOMAIN, "resume_print", target, blocking=True)
    assert simulator.gcode_state == "RUNNING"
    await hass.services.async_call(DOMAIN, "stop_print", target, blocking=True)
    await wait_for(lambda: status(hass) in ("failed", "idle"))


async def test_buttons(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    await start_print(hass, simulator, wait_for)
    for button, expected in (("pause_print", "PAUSE"), ("resume_print", "RUNNING")):
        await hass.services.async_call(
            "button", "press", {ATTR_ENTITY_ID: f"button.{PREFIX}_{button}"}, blocking=True
        )
        assert simulator.gcode_state == expected
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: f"button.{PREFIX}_stop_print"}, blocking=True
    )
    await wait_for(lambda: simulator.gcode_state in ("FAILED", "IDLE"))


async def test_pause_while_idle_is_refused(
    hass: HomeAssistant, printer: PrinterCoordinator
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "pause_print", {ATTR_DEVICE_ID: device_id(hass)}, blocking=True
        )
    assert err.value.translation_key == "invalid_printer_state"
    assert err.value.translation_placeholders["state"] == "idle"


async def test_action_without_printer(hass: HomeAssistant, printer: PrinterCoordinator) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "pause_print", {ATTR_DEVICE_ID: "not-a-device"}, blocking=True
        )
    assert err.value.translation_key == "no_printer_targeted"


async def test_developer_mode_required(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    """Authorization-control firmware refuses: a translated error and a repair issue."""
    await start_print(hass, simulator, wait_for)
    simulator.set_authorization_control(True)
    await wait_for(lambda: printer.data.state.developer_mode_required)
    developer_mode = hass.states.get(f"binary_sensor.{PREFIX}_lan_developer_mode")
    assert developer_mode is not None
    assert developer_mode.state == "off"
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            DOMAIN, "pause_print", {ATTR_DEVICE_ID: device_id(hass)}, blocking=True
        )
    assert err.value.translation_key == "developer_mode_required"
    assert "Developer mode" in str(err.value)
    issue_id = f"developer_mode_required_{printer.config_entry.entry_id}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.learn_more_url
    assert simulator.gcode_state == "RUNNING"
    # Once Developer mode is on, the next accepted command closes the issue.
    simulator.set_authorization_control(False)
    await hass.services.async_call(
        DOMAIN, "pause_print", {ATTR_DEVICE_ID: device_id(hass)}, blocking=True
    )
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_command_while_offline(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    await start_print(hass, simulator, wait_for)
    simulator.go_silent(wake_on_pushing_start=False)
    await wait_for(lambda: not printer.online)
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            DOMAIN, "pause_print", {ATTR_DEVICE_ID: device_id(hass)}, blocking=True
        )
    assert err.value.translation_key == "printer_offline"


async def test_chamber_light_and_speed_profile(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    light = f"light.{PREFIX}_chamber_light"
    await hass.services.async_call("light", "turn_off", {ATTR_ENTITY_ID: light}, blocking=True)
    await wait_for(lambda: hass.states.get(light).state == "off")  # type: ignore[union-attr]
    await hass.services.async_call("light", "turn_on", {ATTR_ENTITY_ID: light}, blocking=True)
    await wait_for(lambda: hass.states.get(light).state == "on")  # type: ignore[union-attr]
    await start_print(hass, simulator, wait_for)
    select = f"select.{PREFIX}_speed_profile"
    await hass.services.async_call(
        "select", "select_option", {ATTR_ENTITY_ID: select, "option": "ludicrous"}, blocking=True
    )
    await wait_for(lambda: hass.states.get(select).state == "ludicrous")  # type: ignore[union-attr]
