"""What a print leaves in the logbook (Activity), through HA's real recorder and logbook.

A whole print on ``holomat_dev``'s simulator (on a real mosquitto), paused and resumed on the
way, read back from ``/api/logbook`` as the Activity panel reads it.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.holomat.const import DOMAIN
from holomat_dev.bambu_simulator import PrinterSimulator

from .conftest import WaitFor
from .test_actions import PREFIX, device_id

LAYERS = 40


def layer(hass: HomeAssistant) -> int:
    """Return the printer's current layer as Home Assistant shows it (0 when unknown)."""
    state = hass.states.get(f"sensor.{PREFIX}_current_layer")
    return int(state.state) if state and state.state.isdigit() else 0


async def run_a_print(hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor) -> None:
    """Print LAYERS layers (a 20-minute job in about 10 s), pausing and resuming half-way."""
    simulator.time_scale = 120
    simulator.start_print("Benchy", duration_s=1200, layers=LAYERS)
    await wait_for(lambda: layer(hass) >= LAYERS // 2, within=30)
    target = {"device_id": device_id(hass)}
    await hass.services.async_call(DOMAIN, "pause_print", target, blocking=True)
    await wait_for(lambda: hass.states.get(f"sensor.{PREFIX}_print_status").state == "pause")
    await hass.services.async_call(DOMAIN, "resume_print", target, blocking=True)
    await wait_for(lambda: simulator.gcode_state == "FINISH", within=30)
    await wait_for(lambda: hass.states.get(f"sensor.{PREFIX}_print_status").state == "finish")


async def logbook(hass: HomeAssistant, client: Any) -> list[dict[str, Any]]:
    """Return the last hour's logbook entries, as the Activity panel gets them."""
    await async_wait_recording_done(hass)
    start = (dt_util.utcnow() - timedelta(hours=1)).isoformat()
    response = await client.get(f"/api/logbook/{start}")
    assert response.status == 200
    entries: list[dict[str, Any]] = await response.json()
    return entries


@pytest.mark.usefixtures("recorder_mock", "printer")
async def test_a_print_reads_as_print_events_not_layers(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
) -> None:
    assert await async_setup_component(hass, "logbook", {})
    before = await logbook(hass, await hass_client())
    await run_a_print(hass, simulator, wait_for)
    entries = (await logbook(hass, await hass_client()))[len(before) :]

    per_entity = Counter(entry.get("entity_id") for entry in entries)
    assert per_entity[f"sensor.{PREFIX}_current_layer"] == 0
    # The simulated clock runs 120 times faster than Home Assistant's, so the end time (now +
    # remaining minutes) moves at every report here; at real speed it holds still.
    del per_entity[f"sensor.{PREFIX}_end_time"]
    assert sum(per_entity.values()) <= 25, per_entity
    messages = [
        (entry["name"], entry["message"])
        for entry in entries
        if entry.get("domain") == DOMAIN and "message" in entry
    ]
    assert messages == [
        ("Bambu Lab P1S", "Print started: Benchy"),
        ("Bambu Lab P1S", "Print paused: Benchy"),
        ("Bambu Lab P1S", "Print resumed: Benchy"),
        ("Bambu Lab P1S", "Print finished: Benchy"),
    ]
    described = [entry for entry in entries if entry.get("domain") == DOMAIN]
    assert {entry["entity_id"] for entry in described} == {f"event.{PREFIX}_print_event"}
