"""Benchmark: a printer that sends 1,000 malformed reports, through a real mosquitto into HA.

Run from the repository root (not a test; it prints figures)::

    .venv/bin/python -m bench.printer_hostile [--reports 1000]

This process runs a Home Assistant (the test harness's core) with HoloMat and one X1C entry,
and a mosquitto with the printer's TLS listener; a second process runs the printer simulator
(recorded X1C state: lights, AMS units, a print with its end time), so the CPU figure is Home
Assistant's alone. The simulator sends ``--reports`` payloads from
``holomat_dev.hostile_reports`` (deep nesting that makes ``json.loads`` raise
``RecursionError``, 300 kB payloads, non-UTF-8, NaN / Infinity, wrong types and out-of-range
values for ``lights_report``, ``ams``, ``mc_remaining_time``, ...), then one valid delta. Then
the same with deeply nested reports only. Printed for each burst:

- the printer's unknown or unavailable entities before and after, and how many went unknown or
  unavailable at some point during the burst;
- log lines written meanwhile: warnings and errors from HoloMat, errors from anything else;
- CPU of the Home Assistant process per malformed report (µs);
- whether the printer went offline or reconnected, and whether the valid delta was taken.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
import contextlib
from dataclasses import dataclass
import json
import logging
from pathlib import Path
import sys
import tempfile
import time
from typing import Any

from homeassistant.const import (
    CONF_HOST,
    CONF_PORT,
    EVENT_STATE_CHANGED,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.loader import DATA_CUSTOM_COMPONENTS
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_test_home_assistant

from custom_components.holomat.bambu import PrinterCertificate
from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN, EntryType
from custom_components.holomat.printer.const import (
    CONF_ACCESS_CODE,
    CONF_CERTIFICATE,
    CONF_CERTIFICATE_SHA256,
    CONF_MODEL,
    CONF_SERIAL,
)
from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.hostile_reports import DEEP_REPETITIONS, malformed_reports
from holomat_dev.mosquitto import Mosquitto, SimulatorEndpoint

SERIAL = "00M09A350100099"  # an X1C
BURSTS = ("mixed", "deep")


def _burst(kind: str, count: int) -> list[bytes]:
    """Return the payloads of one burst."""
    if kind == "deep":
        return [b'{"print":' * DEEP_REPETITIONS] * count
    return malformed_reports(count)


async def _publisher(endpoint: SimulatorEndpoint, count: int) -> None:
    """Run the simulator; on ``KIND`` from stdin send that burst and a valid delta, say ``done``."""
    async with PrinterSimulator(SERIAL, "X1C", broker=endpoint, delta_interval=3600) as simulator:
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        print("ready", flush=True)
        percent = 10
        while (kind := (await reader.readline()).decode().strip()) in BURSTS:
            for payload in _burst(kind, count):
                await simulator.send_raw(payload)
            percent += 1
            await simulator.send_delta({"mc_percent": percent})
            print(f"done {percent}", flush=True)


@contextlib.asynccontextmanager
async def publisher(
    endpoint: SimulatorEndpoint, count: int
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Start the simulator's process and wait until it is connected."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.printer_hostile",
        "--publisher",
        json.dumps([endpoint.host, endpoint.port, endpoint.username, endpoint.password]),
        str(count),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    if (await process.stdout.readline()).strip() != b"ready":
        raise RuntimeError("the simulator did not start")
    try:
        yield process
    finally:
        with contextlib.suppress(Exception):
            assert process.stdin is not None
            process.stdin.write(b"quit\n")
            await asyncio.wait_for(process.wait(), 10)
        if process.returncode is None:
            process.kill()


class _Lines(logging.Handler):
    """Count HoloMat's warnings and errors, and every other logger's errors."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.holomat = 0
        self.others = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("custom_components.holomat"):
            self.holomat += 1
        elif record.levelno >= logging.ERROR:
            self.others += 1


@dataclass
class Burst:
    """What one burst did."""

    kind: str
    unknown_before: int
    unknown_after: int
    went_unknown: int
    holomat_lines: int
    other_errors: int
    cpu_us_per_report: float
    went_offline: bool
    reconnected: bool
    next_delta_taken: bool


def _unknown(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    """Return the entry's entities whose state is unknown or unavailable."""
    return {
        entity.entity_id
        for entity in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if (state := hass.states.get(entity.entity_id)) is not None
        and state.state in (STATE_UNKNOWN, STATE_UNAVAILABLE)
    }


async def _until(predicate: Any, within: float) -> bool:
    """Wait until ``predicate()`` holds; return whether it did in time."""
    end = time.monotonic() + within
    while not predicate():
        if time.monotonic() > end:
            return False
        await asyncio.sleep(0.005)
    return True


async def bench(count: int, workdir: Path) -> list[Burst]:
    """Run one burst of each kind against one printer."""
    broker = Mosquitto(workdir / "broker")
    printer = broker.add_printer(SERIAL, "24681357")
    await broker.start()
    bursts = []
    try:
        async with (
            publisher(broker.simulator, count) as process,
            async_test_home_assistant() as hass,
        ):
            hass.data.pop(DATA_CUSTOM_COMPONENTS, None)
            entry, coordinator = await _setup_printer(hass, printer)
            offline: list[bool] = []
            coordinator.client.add_listener(
                lambda: offline.append(True) if not coordinator.client.online else None
            )
            went_unknown: set[str] = set()

            @callback
            def on_change(event: Event[EventStateChangedData]) -> None:
                new = event.data["new_state"]
                if new is not None and new.state in (STATE_UNKNOWN, STATE_UNAVAILABLE):
                    went_unknown.add(event.data["entity_id"])

            hass.bus.async_listen(EVENT_STATE_CHANGED, on_change)
            lines = _Lines()
            logging.getLogger().handlers = [lines]
            assert process.stdin is not None
            assert process.stdout is not None
            for kind in BURSTS:
                unknown_before = _unknown(hass, entry)
                mqtt_before = coordinator.client._connection.mqtt  # noqa: SLF001 - the live connection
                lines.holomat = lines.others = 0
                offline.clear()
                went_unknown.clear()
                cpu = time.process_time()
                process.stdin.write(f"{kind}\n".encode())
                await process.stdin.drain()
                percent = int((await process.stdout.readline()).split()[1])
                taken = await _until(lambda p=percent: coordinator.data.state.progress == p, 120)
                cpu_us = (time.process_time() - cpu) * 1e6 / count
                await hass.async_block_till_done()
                bursts.append(
                    Burst(
                        kind,
                        len(unknown_before),
                        len(_unknown(hass, entry)),
                        len(went_unknown - unknown_before),
                        lines.holomat,
                        lines.others,
                        cpu_us,
                        bool(offline),
                        coordinator.client._connection.mqtt is not mqtt_before,  # noqa: SLF001
                        taken,
                    )
                )
            await hass.async_stop()
    finally:
        await broker.stop()
    return bursts


async def _setup_printer(hass: HomeAssistant, printer: Any) -> tuple[MockConfigEntry, Any]:
    """Add the printer's config entry, set it up, wait until it is online with a full state."""
    certificate = PrinterCertificate.from_pem(printer.cert_pem)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Bambu Lab X1C",
        unique_id=SERIAL,
        data={
            CONF_ENTRY_TYPE: EntryType.PRINTER,
            CONF_HOST: printer.host,
            CONF_PORT: printer.port,
            CONF_SERIAL: SERIAL,
            CONF_ACCESS_CODE: printer.access_code,
            CONF_MODEL: "X1C",
            CONF_CERTIFICATE: certificate.pem,
            CONF_CERTIFICATE_SHA256: certificate.sha256,
        },
    )
    entry.add_to_hass(hass)
    await async_setup_component(hass, DOMAIN, {})
    coordinator: PrinterCoordinator = entry.runtime_data
    if not await _until(lambda: coordinator.online and coordinator.data.state.ready, 60):
        raise RuntimeError("the printer did not come online")
    await hass.async_block_till_done()
    return entry, coordinator


def report(count: int, bursts: list[Burst]) -> None:
    """Print the figures as a Markdown table (for the README)."""
    print(
        f"| burst of {count:,} | unknown entities before → after | went unknown meanwhile "
        "| HoloMat warnings + errors "
        "| other errors | HA CPU per report | offline / reconnected | next valid delta taken |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for burst in bursts:
        print(
            f"| {burst.kind} | {burst.unknown_before} → {burst.unknown_after} "
            f"| {burst.went_unknown} "
            f"| {burst.holomat_lines} | {burst.other_errors} | {burst.cpu_us_per_report:,.0f} µs "
            f"| {'yes' if burst.went_offline else 'no'} / {'yes' if burst.reconnected else 'no'} "
            f"| {'yes' if burst.next_delta_taken else 'NO'} |"
        )


def main() -> None:
    """Parse arguments and run the benchmark (or the publisher process)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument(
        "--publisher", nargs=2, metavar=("ENDPOINT", "COUNT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.publisher:
        host, port, username, password = json.loads(args.publisher[0])
        endpoint = SimulatorEndpoint(host, int(port), username, password)
        asyncio.run(_publisher(endpoint, int(args.publisher[1])))
        return
    logging.getLogger().setLevel(logging.WARNING)  # counted by ``_Lines``, not printed

    async def run() -> list[Burst]:
        with tempfile.TemporaryDirectory() as workdir:
            return await bench(args.reports, Path(workdir))

    report(args.reports, asyncio.run(run()))


if __name__ == "__main__":
    main()
