"""``holomat.notify_when_done``: the end of a print told once, on a satellite or elsewhere."""

# ruff: noqa: F401, F811

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import ServiceValidationError
import pytest

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator
from tests.printer.conftest import start_running_print

from .conftest import (
    Notifications,
    WaitFor,
    broker,
    entry,
    model,
    notifications,
    printer,
    printer_target,
    simulator,
    wait_for,
)
from .satellite import Satellite, satellite


async def notify_when_done(hass: HomeAssistant, **data: Any) -> None:
    """Arm the end-of-print message on the printer."""
    await hass.services.async_call(
        DOMAIN, "notify_when_done", {**printer_target(hass), **data}, blocking=True
    )


@pytest.mark.usefixtures("printer")
async def test_a_finished_print_is_announced_once_on_the_satellite(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor, satellite: Satellite
) -> None:
    announced = satellite.entity.announcements
    await start_running_print(simulator, wait_for)
    await notify_when_done(hass, satellite_entity_id=satellite.entity.entity_id)
    await notify_when_done(hass, satellite_entity_id=satellite.entity.entity_id)  # same, once
    simulator.finish()
    await wait_for(lambda: announced)
    await hass.async_block_till_done()
    (said,) = announced
    assert said.message == "Benchy has finished printing on Bambu Lab P1S."
    assert said.media_id  # spoken by the pipeline's TTS

    # One time only: the next print's end is not announced.
    await start_running_print(simulator, wait_for)
    simulator.finish()
    await wait_for(lambda: simulator.gcode_state == "FINISH")
    await hass.async_block_till_done()
    assert len(announced) == 1


@pytest.mark.usefixtures("printer")
async def test_a_print_needing_attention_and_a_failure_reach_a_phone(
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
    notifications: Notifications,
) -> None:
    sent: list[ServiceCall] = []
    hass.services.async_register("notify", "mobile_app_phone", sent.append)
    await start_running_print(simulator, wait_for)
    await notify_when_done(hass, notify_action="notify.mobile_app_phone")
    await hass.services.async_call(DOMAIN, "pause_print", printer_target(hass), blocking=True)
    await hass.async_block_till_done()
    assert sent == []  # the user's own pause is no news
    await hass.services.async_call(DOMAIN, "resume_print", printer_target(hass), blocking=True)
    simulator.printer.put("stg_cur", 6)  # filament runout
    simulator.printer.put("print_error", 50364437)
    simulator.printer.put("gcode_state", "PAUSE")
    await wait_for(lambda: sent)
    assert sent[0].data["title"] == "Bambu Lab P1S"
    assert sent[0].data["message"] == (
        "Benchy needs attention on Bambu Lab P1S: it paused (paused_filament_runout)."
    )

    await notify_when_done(hass)  # no destination: a notification
    simulator.fail()
    await wait_for(lambda: any("failed" in message for message in notifications.shown.values()))
    assert len(sent) == 1


async def test_refused_when_nothing_prints_or_the_action_does_not_exist(
    hass: HomeAssistant, printer: PrinterCoordinator, simulator: PrinterSimulator, wait_for: WaitFor
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await notify_when_done(hass)
    assert err.value.translation_key == "printer_nothing_to_watch"
    await start_running_print(simulator, wait_for)
    await wait_for(lambda: printer.data.state.task_name == "Benchy")
    with pytest.raises(ServiceValidationError) as err:
        await notify_when_done(hass, notify_action="notify.nobody")
    assert err.value.translation_key == "notify_action_unknown"
