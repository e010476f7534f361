"""A printer that sends garbage changes nothing a user sees, floods no log, keeps its connection."""

from __future__ import annotations

from collections.abc import AsyncIterator
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.hostile_reports import malformed_reports, whole_message_garbage_count
from holomat_dev.mosquitto import Mosquitto

from .conftest import SERIAL, WaitFor


@pytest.fixture
def model() -> str:
    """Return the X1C: chamber light, AMS units, a running print in its recording."""
    return "X1C"


@pytest.fixture
async def simulator(broker: Mosquitto, model: str) -> AsyncIterator[PrinterSimulator]:
    """Run a simulated printer that sends only what it is asked for (no periodic deltas)."""
    async with PrinterSimulator(SERIAL, model, broker=broker, delta_interval=3600) as simulator:
        yield simulator


def unknown_entities(hass: HomeAssistant, entry: ConfigEntry) -> set[str]:
    """Return the entry's entities whose state is unknown or unavailable."""
    registry = er.async_get(hass)
    return {
        entity.entity_id
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if (state := hass.states.get(entity.entity_id)) is not None
        and state.state in (STATE_UNKNOWN, STATE_UNAVAILABLE)
    }


def states_of(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, str]:
    """Return the state of each of the entry's entities."""
    registry = er.async_get(hass)
    return {
        entity.entity_id: state.state
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if (state := hass.states.get(entity.entity_id)) is not None
    }


async def test_malformed_burst_changes_nothing(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A real snapshot, then 1,000 malformed reports through the real broker."""
    entry = printer.config_entry
    await simulator.send_delta({"mc_percent": 41})
    await wait_for(lambda: printer.data.state.progress == 41)
    unknown_before = unknown_entities(hass, entry)
    before = states_of(hass, entry)
    assert printer.data.state.chamber_light is not None
    assert printer.data.state.ams_units
    assert printer.data.state.remaining_time is not None
    online: list[bool] = []
    printer.client.add_listener(lambda: online.append(printer.client.online))
    caplog.clear()

    for payload in malformed_reports(1000):
        await simulator.send_raw(payload)
    await simulator.send_delta({"mc_percent": 42})
    await wait_for(lambda: printer.data.state.progress == 42, within=60)

    assert unknown_entities(hass, entry) == unknown_before
    after = states_of(hass, entry)
    changed = {entity_id for entity_id, state in after.items() if before[entity_id] != state}
    assert all("progress" in entity_id for entity_id in changed), changed
    assert False not in online  # the connection never dropped
    assert printer.client.dropped_messages == whole_message_garbage_count(1000)
    problems = [
        record
        for record in caplog.records
        if record.levelno >= logging.WARNING
        and (record.name.startswith("custom_components.holomat") or record.levelno >= logging.ERROR)
    ]
    assert len(problems) <= 1, [record.getMessage()[:200] for record in problems]
