"""Benchmark: what one printer delta costs Home Assistant's side alone, without the network.

Run from the repository root (not a test; it prints figures)::

    .venv/bin/python -m bench.printer_entities [--printers 50] [--rounds 600] [--repeat 5]

N printers (P1S simulators on a real mosquitto, quiet once paired) are set up in a Home
Assistant (the test harness's core, with HoloMat). Then each client is handed the deltas that
``bench.printer_telemetry`` publishes (the nozzle temperature every second, the bed every other,
Wi-Fi every fifth, progress and layer every thirtieth) straight through
``BambuClient.handle_payload``, the entry point of a received message: what is measured is
decoding, merging and parsing the report, the coordinator, the entities and Home Assistant's
state writes, without TLS, paho and the event loop's socket work, whose noise hides the entity
layer in ``bench.printer_telemetry``. Printed: CPU per delta (µs; the median of ``--repeat``
runs, and each run) and state writes per delta.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
import statistics
import tempfile
import time
from typing import Any

from homeassistant.const import CONF_HOST, CONF_PORT, EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.loader import DATA_CUSTOM_COMPONENTS
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_test_home_assistant

from custom_components.holomat.bambu import BambuClient, PrinterCertificate
from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN, EntryType
from custom_components.holomat.printer.const import (
    CONF_ACCESS_CODE,
    CONF_CERTIFICATE,
    CONF_CERTIFICATE_SHA256,
    CONF_MODEL,
    CONF_SERIAL,
)
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.mosquitto import Mosquitto


def delta(sequence: int) -> bytes:
    """Return delta number ``sequence`` of one printer, as the printer sends it."""
    fields: dict[str, Any] = {"nozzle_temper": 200 + sequence / 1000}
    if sequence % 2 == 0:
        fields["bed_temper"] = 59.5 + (sequence % 7) / 10
    if sequence % 5 == 0:
        fields["wifi_signal"] = f"-{40 + sequence % 20}dBm"
    if sequence % 30 == 0:
        fields |= {"layer_num": sequence // 30, "mc_percent": min(99, sequence // 30)}
    return json.dumps({"print": {"command": "push_status", "msg": 1, **fields}}).encode()


async def set_up(hass: HomeAssistant, simulators: list[PrinterSimulator]) -> list[BambuClient]:
    """Set up one printer entry per simulator; return their clients once all are online."""
    entries = []
    for index, simulator in enumerate(simulators):
        certificate = PrinterCertificate.from_pem(simulator.cert_pem)
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=simulator.serial,
            unique_id=simulator.serial,
            entry_id=f"bench{index}",
            data={
                CONF_ENTRY_TYPE: EntryType.PRINTER,
                CONF_HOST: simulator.host,
                CONF_PORT: simulator.port,
                CONF_SERIAL: simulator.serial,
                CONF_ACCESS_CODE: simulator.access_code,
                CONF_MODEL: "P1S",
                CONF_CERTIFICATE: certificate.pem,
                CONF_CERTIFICATE_SHA256: certificate.sha256,
            },
        )
        entry.add_to_hass(hass)
        entries.append(entry)
    await async_setup_component(hass, DOMAIN, {})
    clients: list[BambuClient] = [entry.runtime_data.client for entry in entries]
    deadline = time.monotonic() + 60
    while not all(client.online and client.state.ready for client in clients):
        if time.monotonic() > deadline:
            raise RuntimeError("the printers did not come online")
        await asyncio.sleep(0.1)
    await hass.async_block_till_done()
    return clients


async def measure(
    hass: HomeAssistant, clients: list[BambuClient], first: int, rounds: int
) -> float:
    """Hand every client ``rounds`` deltas; return the CPU per delta (µs)."""
    cpu = time.process_time()
    for sequence in range(first, first + rounds):
        payload = delta(sequence)
        for client in clients:
            client.handle_payload(payload)
        await hass.async_block_till_done()
    return (time.process_time() - cpu) * 1e6 / (rounds * len(clients))


async def bench(printers: int, rounds: int, repeat: int, workdir: Path) -> None:
    """Run the benchmark and print its figures."""
    broker = Mosquitto(workdir)
    serials = [f"01P00C{index:09d}" for index in range(printers)]
    for serial in serials:
        broker.add_printer(serial, "12345678")
    await broker.start()
    simulators = [
        PrinterSimulator(serial, "P1S", broker=broker, delta_interval=3600) for serial in serials
    ]
    try:
        for simulator in simulators:
            await simulator.start()
        async with async_test_home_assistant() as hass:
            hass.data.pop(DATA_CUSTOM_COMPONENTS, None)
            clients = await set_up(hass, simulators)
            writes = 0

            @callback
            def count(_: Event[Any]) -> None:
                nonlocal writes
                writes += 1

            await measure(hass, clients, 1, 60)  # warm up
            hass.bus.async_listen(EVENT_STATE_CHANGED, count)
            runs = [
                await measure(hass, clients, 61 + run * rounds, rounds) for run in range(repeat)
            ]
            print(
                f"{printers} printers, {rounds} deltas each per run: "
                f"{statistics.median(runs):.0f} µs per delta (runs: "
                f"{', '.join(f'{run:.0f}' for run in runs)}), "
                f"{writes / (rounds * repeat * printers):.2f} state writes per delta"
            )
            await hass.async_stop()
    finally:
        for simulator in simulators:
            await simulator.stop()
        await broker.stop()


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--printers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        asyncio.run(bench(args.printers, args.rounds, args.repeat, Path(workdir)))


if __name__ == "__main__":
    main()
