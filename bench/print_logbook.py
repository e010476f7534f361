"""Benchmark: how many logbook (Activity) entries one print leaves, and which.

Run from the repository root (not a test; it prints figures)::

    .venv/bin/python -m bench.print_logbook [--layers 300] [--print-minutes 120]

A Home Assistant (the test harness's core) with the recorder (SQLite in a temporary folder),
the logbook and HoloMat, and one P1S simulator on a real mosquitto with TLS, runs one whole
print (paused and resumed half-way) at 120 printer seconds per second. Then the logbook is read
as the Activity panel reads it and the entries are counted per entity. The simulated clock runs
faster than Home Assistant's, so the end time (now + remaining minutes) moves at every report
here, where at real speed it holds still: its count is printed apart.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from datetime import timedelta
from pathlib import Path
import tempfile

from homeassistant.components.logbook.helpers import async_determine_event_types
from homeassistant.components.logbook.processor import EventProcessor
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, recorder as recorder_helper
from homeassistant.loader import DATA_CUSTOM_COMPONENTS
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_test_home_assistant

from custom_components.holomat.const import DOMAIN
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.mosquitto import Mosquitto

from .printer_telemetry import _setup_printers, _until

SERIAL = "01P00A000000001"
TIME_SCALE = 120


async def bench(layers: int, print_minutes: float, workdir: Path) -> Counter[str]:
    """Run one print; return the logbook entries it made, counted by entity (or event)."""
    broker = Mosquitto(workdir / "broker")
    printer = broker.add_printer(SERIAL, "12345678")
    await broker.start()
    try:
        async with (
            PrinterSimulator(
                SERIAL, "P1S", broker=broker, delta_interval=0.5, time_scale=TIME_SCALE
            ) as simulator,
            async_test_home_assistant() as hass,
        ):
            hass.data.pop(DATA_CUSTOM_COMPONENTS, None)
            recorder_helper.async_initialize_recorder(hass)  # bootstrap does this in HA
            recorder = {"db_url": f"sqlite:///{workdir / 'db.sqlite'}", "commit_interval": 0}
            assert await async_setup_component(hass, "recorder", {"recorder": recorder})
            assert await async_setup_component(hass, "logbook", {})
            [coordinator] = await _setup_printers(hass, [printer])
            start = dt_util.utcnow()
            simulator.start_print("Benchy", duration_s=print_minutes * 60, layers=layers)
            await _until(lambda: (coordinator.data.state.layer or 0) >= layers // 2, 600)
            target = {"device_id": _device_id(hass)}
            await hass.services.async_call(DOMAIN, "pause_print", target, blocking=True)
            await _until(lambda: simulator.gcode_state == "PAUSE", 30)
            await asyncio.sleep(2)
            await hass.services.async_call(DOMAIN, "resume_print", target, blocking=True)
            await _until(lambda: coordinator.data.state.gcode_state.value == "FINISH", 600)  # type: ignore[union-attr]
            await asyncio.sleep(2)
            instance = recorder_helper.get_instance(hass)
            await instance.async_block_till_done()
            processor = EventProcessor(hass, async_determine_event_types(hass, None, None))
            end = dt_util.utcnow() + timedelta(seconds=1)
            entries = await instance.async_add_executor_job(processor.get_events, start, end)
            await hass.async_stop()
    finally:
        await broker.stop()
    return Counter(
        f"{entry.get('entity_id')}: {entry['message']}"
        if "message" in entry
        else entry.get("entity_id", "?")
        for entry in entries
    )


def _device_id(hass: HomeAssistant) -> str:
    """Return the printer's device id."""
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, SERIAL)})
    assert device is not None
    return device.id


def main() -> None:
    """Run the benchmark and print the entries of one print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layers", type=int, default=300)
    parser.add_argument("--print-minutes", type=float, default=120.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        counts = asyncio.run(bench(args.layers, args.print_minutes, Path(workdir)))
    end_time = sum(n for key, n in counts.items() if key.endswith("_end_time"))
    for key, count in sorted(counts.items(), key=lambda item: -item[1]):
        print(f"{count:5d}  {key}")
    print(
        f"{args.layers} layers, {args.print_minutes:.0f} min print: "
        f"{sum(counts.values()) - end_time} entries without the end time, {end_time} end time"
    )


if __name__ == "__main__":
    main()
