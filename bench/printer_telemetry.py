"""Benchmark: printer telemetry through a real mosquitto into a running Home Assistant.

Run from the repository root (not a test; it prints figures)::

    .venv/bin/python -m bench.printer_telemetry [--printers 1 10 50] [--seconds 20]

For each N, this process runs a Home Assistant (the test harness's core, with HoloMat and N
printer entries) and a mosquitto with one TLS listener per printer; a second process runs N
printer simulators that each publish one delta per second, with what P1/A1 firmware sends while
printing (the nozzle temperature every second, the bed every other, Wi-Fi every fifth, progress
and layer every thirtieth). The simulators run in their own process so that the CPU figure is
Home Assistant's alone. Printed per N:

- latency from publish to the nozzle temperature's state change, p50 / p95 / p99 (ms);
- CPU of the Home Assistant process per delta (µs) and its RSS (MiB);
- after 1,000 malformed reports per printer, whether every printer takes the very next valid
  delta, the longest log line written meanwhile (malformed payloads are logged truncated);
- after a broker restart, the time until every printer is online with a fresh report (s);
- Home Assistant's shutdown time (s).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
import contextlib
from dataclasses import dataclass, field
import json
import logging
from pathlib import Path
import random
import resource
import statistics
import sys
import tempfile
import time
from typing import Any

from homeassistant.const import CONF_HOST, CONF_PORT, EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
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
from holomat_dev.mosquitto import Mosquitto, SimulatorEndpoint

MALFORMED_PER_PRINTER = 1000


def serial_of(index: int) -> str:
    """Return the serial of simulated printer ``index`` (a P1S)."""
    return f"01P00B{index:09d}"


# --- the publisher process ------------------------------------------------------------------


async def _publisher(endpoint: SimulatorEndpoint, count: int, log: Path) -> None:
    """Run ``count`` simulators; obey commands read from stdin, answer ``done`` on stdout.

    Commands: ``run SECONDS`` (one delta per printer per second), ``malformed N``, ``delta`` (one
    valid delta per printer), ``quit``. Each delta is appended to ``log`` as
    ``SERIAL SEQUENCE MONOTONIC`` (a file, not a pipe: reading it costs the measured process
    nothing while deltas flow).
    """
    published = log.open("w", buffering=1)
    simulators = [
        PrinterSimulator(serial_of(index), "P1S", broker=endpoint, delta_interval=3600)
        for index in range(count)
    ]
    for simulator in simulators:
        await simulator.start()
    sequences = dict.fromkeys(range(count), 0)
    rng = random.Random(1)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    print("ready", flush=True)

    async def delta(index: int) -> None:
        # What P1/A1 firmware sends each second while printing: the nozzle temperature (here
        # also the marker of the delta: 200 °C + sequence / 1000), the bed every other second,
        # Wi-Fi every fifth, progress and layer every thirtieth.
        sequence = sequences[index] = sequences[index] + 1
        fields: dict[str, Any] = {"nozzle_temper": 200 + sequence / 1000}
        if sequence % 2 == 0:
            fields["bed_temper"] = round(59.5 + rng.random(), 2)
        if sequence % 5 == 0:
            fields["wifi_signal"] = f"-{rng.randint(40, 60)}dBm"
        if sequence % 30 == 0:
            fields |= {"layer_num": sequence // 30, "mc_percent": min(99, sequence // 30)}
        stamp = time.monotonic()
        await simulators[index].send_delta(fields)
        published.write(f"{serial_of(index)} {sequence} {stamp:.6f}\n")

    while line := (await reader.readline()).decode().split():
        match line:
            case ["run", seconds]:
                end = loop.time() + float(seconds)
                while loop.time() < end:
                    tick = loop.time()
                    for index in range(count):
                        await delta(index)
                        await asyncio.sleep(max(0.0, tick + (index + 1) / count - loop.time()))
            case ["malformed", number]:
                junk = [b"not json", b"{", b"[]", b'{"print": 7}', b"\xff\xfe" * 50]
                junk.append(b'{"print": {"msg": 1, "mc_percent": "' + b"9" * 5000 + b'"}}')
                for index in range(int(number)):
                    for simulator in simulators:
                        await simulator.send_raw(junk[index % len(junk)])
            case ["delta"]:
                for index in range(count):
                    await delta(index)
            case ["quit"]:
                break
        print("done", flush=True)
    for simulator in simulators:
        await simulator.stop()


# --- the Home Assistant side ------------------------------------------------------------------


@dataclass
class Run:
    """What one benchmark run measured."""

    printers: int
    latencies_ms: list[float] = field(default_factory=list)
    cpu_us_per_delta: float = 0.0
    rss_mib: float = 0.0
    recovered_after_malformed: bool = False
    longest_log_line: int = 0
    restart_s: float = 0.0
    shutdown_s: float = 0.0


class _LongestLine(logging.Handler):
    """Remember the longest log line HoloMat writes."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.longest = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.longest = max(self.longest, len(record.getMessage()))


class Publisher:
    """The simulators' process, driven line by line."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path) -> None:
        """Wrap the started process, which logs its deltas to ``log``."""
        self.process = process
        self.log = log

    def published(self) -> dict[tuple[str, int], float]:
        """Return the publish time (monotonic s) of every delta so far."""
        result = {}
        for line in self.log.read_text().splitlines():
            serial, sequence, stamp = line.split()
            result[(serial, int(sequence))] = float(stamp)
        return result

    async def command(self, line: str) -> None:
        """Send a command and read its output up to ``done``."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(f"{line}\n".encode())
        await self.process.stdin.drain()
        if (await self.process.stdout.readline()).strip() != b"done":
            raise RuntimeError("the simulators' process ended")


@contextlib.asynccontextmanager
async def publisher(endpoint: SimulatorEndpoint, count: int, log: Path) -> AsyncIterator[Publisher]:
    """Start the simulators' process and wait until every simulator is connected."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.printer_telemetry",
        "--publisher",
        json.dumps([endpoint.host, endpoint.port, endpoint.username, endpoint.password]),
        str(count),
        str(log),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    if (await process.stdout.readline()).strip() != b"ready":
        raise RuntimeError("the simulators did not start")
    try:
        yield Publisher(process, log)
    finally:
        with contextlib.suppress(Exception):
            assert process.stdin is not None
            process.stdin.write(b"quit\n")
            await asyncio.wait_for(process.wait(), 10)
        if process.returncode is None:
            process.kill()


def _rss_mib() -> float:
    """Return this process's peak resident memory (MiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _until(predicate: Any, within: float) -> bool:
    """Wait until ``predicate()`` holds; return whether it did in time."""
    end = time.monotonic() + within
    while not predicate():
        if time.monotonic() > end:
            return False
        await asyncio.sleep(0.005)
    return True


async def bench(count: int, seconds: float, workdir: Path) -> Run:
    """Run the benchmark for ``count`` printers."""
    run = Run(count)
    broker = Mosquitto(workdir / f"broker-{count}")
    printers = [broker.add_printer(serial_of(index), f"{index:08d}") for index in range(count)]
    await broker.start()
    try:
        async with (
            publisher(broker.simulator, count, workdir / f"deltas-{count}.log") as sims,
            async_test_home_assistant() as hass,
        ):
            hass.data.pop(DATA_CUSTOM_COMPONENTS, None)
            coordinators = await _setup_printers(hass, printers)
            changes: dict[tuple[str, int], float] = {}

            @callback
            def on_change(event: Event[EventStateChangedData]) -> None:
                entity_id = event.data["entity_id"]
                if entity_id.endswith("_nozzle_temperature") and (new := event.data["new_state"]):
                    with contextlib.suppress(ValueError):
                        serial = entity_id.split(".")[1].split("_")[0].upper()
                        sequence = round((float(new.state) - 200) * 1000)
                        changes[(serial, sequence)] = time.monotonic()

            hass.bus.async_listen(EVENT_STATE_CHANGED, on_change)
            await sims.command("run 2")  # warm up
            cpu = time.process_time()
            before = len(changes)
            await sims.command(f"run {seconds}")
            await asyncio.sleep(0.5)
            run.cpu_us_per_delta = (time.process_time() - cpu) * 1e6 / (len(changes) - before)
            run.latencies_ms = [
                (changes[key] - stamp) * 1000
                for key, stamp in sims.published().items()
                if key in changes
            ]
            run.rss_mib = _rss_mib()

            handler = _LongestLine()
            logging.getLogger("custom_components.holomat").addHandler(handler)
            logging.getLogger("custom_components.holomat").setLevel(logging.DEBUG)
            await sims.command(f"malformed {MALFORMED_PER_PRINTER}")
            already = set(sims.published())
            await sims.command("delta")
            fresh = set(sims.published()) - already
            run.recovered_after_malformed = await _until(
                lambda: all(key in changes for key in fresh), 5
            )
            logging.getLogger("custom_components.holomat").setLevel(logging.INFO)
            run.longest_log_line = handler.longest

            # The printers keep reporting every second while their broker restarts.
            reporting = asyncio.create_task(sims.command("run 15"))
            await broker.stop()
            await _until(lambda: not any(c.online for c in coordinators), 10)
            start = time.monotonic()
            await broker.start()
            await _until(lambda: all(c.online for c in coordinators), 30)
            run.restart_s = time.monotonic() - start
            await reporting

            start = time.monotonic()
            await hass.async_stop()
            run.shutdown_s = time.monotonic() - start
    finally:
        await broker.stop()
    return run


async def _setup_printers(hass: HomeAssistant, printers: list[Any]) -> list[PrinterCoordinator]:
    """Add one config entry per printer, set them up, wait until all are online."""
    entries = []
    for index, printer in enumerate(printers):
        certificate = PrinterCertificate.from_pem(printer.cert_pem)
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=printer.serial,
            unique_id=printer.serial,
            data={
                CONF_ENTRY_TYPE: EntryType.PRINTER,
                CONF_HOST: printer.host,
                CONF_PORT: printer.port,
                CONF_SERIAL: printer.serial,
                CONF_ACCESS_CODE: printer.access_code,
                CONF_MODEL: "P1S",
                CONF_CERTIFICATE: certificate.pem,
                CONF_CERTIFICATE_SHA256: certificate.sha256,
            },
            entry_id=f"bench{index}",
        )
        entry.add_to_hass(hass)
        entries.append(entry)
    await async_setup_component(hass, DOMAIN, {})
    coordinators: list[PrinterCoordinator] = [entry.runtime_data for entry in entries]
    if not await _until(lambda: all(c.online and c.data.state.ready for c in coordinators), 60):
        raise RuntimeError("the printers did not come online")
    return coordinators


def _percentile(values: list[float], share: float) -> float:
    """Return the ``share`` quantile of ``values``."""
    return (
        statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else values[0]
    )


def report(runs: list[Run]) -> None:
    """Print the figures as a Markdown table (for the README)."""
    print(
        "| printers | p50 ms | p95 ms | p99 ms | CPU µs/delta | RSS MiB "
        "| next delta after 1,000 malformed | longest log line | fresh after broker restart s "
        "| HA stop s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for run in runs:
        lat = run.latencies_ms
        print(
            f"| {run.printers} | {_percentile(lat, 0.5):.1f} | {_percentile(lat, 0.95):.1f} "
            f"| {_percentile(lat, 0.99):.1f} | {run.cpu_us_per_delta:.0f} | {run.rss_mib:.0f} "
            f"| {'yes' if run.recovered_after_malformed else 'NO'} | {run.longest_log_line} chars "
            f"| {run.restart_s:.2f} | {run.shutdown_s:.2f} |"
        )


def main() -> None:
    """Parse arguments and run the benchmark (or the publisher process)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--printers", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--publisher", nargs=3, metavar=("ENDPOINT", "COUNT", "LOG"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.publisher:
        host, port, username, password = json.loads(args.publisher[0])
        endpoint = SimulatorEndpoint(host, int(port), username, password)
        asyncio.run(_publisher(endpoint, int(args.publisher[1]), Path(args.publisher[2])))
        return
    logging.basicConfig(level=logging.WARNING)

    async def run_all() -> list[Run]:
        with tempfile.TemporaryDirectory() as workdir:
            return [await bench(count, args.seconds, Path(workdir)) for count in args.printers]

    report(asyncio.run(run_all()))


if __name__ == "__main__":
    main()
