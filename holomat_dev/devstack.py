"""Run simulated BambuLab printers for a development Home Assistant (``scripts/develop``).

Run: ``python -m holomat_dev.devstack --state-dir .dev [--printers N]``. Starts a real mosquitto
playing each printer's broker (TLS, ``bblp`` / access code, certificate CN = serial) and one
``PrinterSimulator`` per printer (models X1C, P1S, A1, then P1P, in turn), each running prints
that take ``--print-minutes`` and start again a little after they end. Once everything is up it
writes ``<state-dir>/printers.json``: a list of ``{"host", "port", "serial", "access_code",
"model"}``, plus with ``--services`` each printer's storage over FTPS and its camera
(``holomat_dev.printer_services``) and their ports: ``ftps_port`` and ``camera_port`` (P1, A1:
JPEG over TLS) or ``rtsps_port`` (X1, where Debian's GStreamer is installed). Ports, access
codes and certificates are kept in the state directory, so a Home Assistant configured against
them keeps working across runs. SIGINT / SIGTERM stop everything.

The printers' certificates are signed by the development CA, not Bambu Lab's, so HoloMat would
refuse to pair with them: the CA is trusted the way a user trusts an extra CA, by writing its
PEM into ``<ha-config>/holomat/printer_ca/`` (``--ha-config``, default ``<state-dir>/config``,
the configuration folder ``scripts/develop`` gives Home Assistant).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
from pathlib import Path
import secrets
import signal
from typing import Any

from custom_components.holomat.printer.const import PRINTER_CA_DIR

from .bambu_simulator import PrinterSimulator
from .certificates import CertificateAuthority
from .mosquitto import Mosquitto

_LOGGER = logging.getLogger(__name__)
MODEL_CYCLE = ("X1C", "P1S", "A1", "P1P")
SERIAL_PREFIXES = {"X1C": "00M", "P1S": "01P", "P1P": "01S", "A1": "039"}
JOB_NAMES = ("Benchy", "Calibration cube", "Gridfinity bin", "Cable clip", "Phone stand")
GAP_BETWEEN_PRINTS_S = 30.0
STAGGER_S = 20.0


def serial_for(model: str, index: int) -> str:
    """Return a 15-character serial shaped like the model's (e.g. ``01P00A000000002``)."""
    return f"{SERIAL_PREFIXES[model]}00A{index:09d}"


def _saved(state_dir: Path) -> dict[str, Any]:
    """Return what ``devstack.json`` keeps across runs (access codes, service ports)."""
    with contextlib.suppress(OSError, ValueError):
        saved = json.loads((state_dir / "devstack.json").read_text())
        if isinstance(saved, dict):
            return saved
    return {}


def _save(state_dir: Path, **fields: Any) -> None:
    """Update ``devstack.json`` with ``fields``."""
    saved = _saved(state_dir) | fields
    (state_dir / "devstack.json").write_text(json.dumps(saved, indent=2))


def _access_codes(state_dir: Path, count: int) -> list[str]:
    """Return ``count`` 8-digit access codes, kept in ``devstack.json`` across runs."""
    codes = [str(code) for code in _saved(state_dir).get("access_codes", [])]
    while len(codes) < count:
        codes.append(f"{secrets.randbelow(10**8):08d}")
    _save(state_dir, access_codes=codes)
    return codes[:count]


async def _print_forever(
    simulator: PrinterSimulator, print_s: float, first_delay_s: float, index: int
) -> None:
    """Start prints one after another; wait while a job runs or is paused."""
    await asyncio.sleep(first_delay_s)
    while True:
        name = JOB_NAMES[index % len(JOB_NAMES)]
        index += 1
        simulator.start_print(name, duration_s=print_s, layers=max(10, int(print_s / 12)))
        await simulator.wait_until(lambda sim: sim.printer.job is None, within=None)
        await asyncio.sleep(GAP_BETWEEN_PRINTS_S / simulator.time_scale)


def trust_dev_ca(ca: CertificateAuthority, ha_config: Path) -> Path:
    """Write the development CA into Home Assistant's extra trusted CAs; return the file."""
    path = ha_config / PRINTER_CA_DIR / "holomat_dev_ca.pem"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ca.cert_pem)
    return path


async def run(
    state_dir: Path,
    printers: int,
    print_minutes: float,
    time_scale: float,
    ha_config: Path | None = None,
    *,
    services: bool = False,
) -> None:
    """Run the broker and the simulators until SIGINT or SIGTERM (state_dir must exist).

    ``services``: also run each printer's FTPS server and camera.
    """
    printers_file = state_dir / "printers.json"
    printers_file.unlink(missing_ok=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)

    broker = Mosquitto(state_dir / "broker")
    trusted = trust_dev_ca(broker.ca, ha_config or state_dir / "config")
    _LOGGER.info("Development CA trusted for pairing: %s", trusted)
    models = [MODEL_CYCLE[i % len(MODEL_CYCLE)] for i in range(printers)]
    codes = _access_codes(state_dir, printers)
    for index, (model, code) in enumerate(zip(models, codes, strict=True), start=1):
        broker.add_printer(serial_for(model, index), code)
    simulators: list[PrinterSimulator] = []
    tasks: list[asyncio.Task[None]] = []
    saved_ports: dict[str, Any] = _saved(state_dir).get("service_ports", {})
    try:
        await broker.start()
        for index, model in enumerate(models, start=1):
            simulator = PrinterSimulator(
                serial_for(model, index),
                model,
                broker=broker,
                time_scale=time_scale,
                file_server=services,
                camera=services,
                service_ports=saved_ports.get(serial_for(model, index)),
            )
            await simulator.start()
            simulators.append(simulator)
            delay = (index - 1) * STAGGER_S / time_scale
            tasks.append(
                asyncio.create_task(_print_forever(simulator, print_minutes * 60, delay, index))
            )
        listing = [
            {
                **broker.printer(sim.serial).as_dict(),
                "model": sim.model.code,
                **sim.service_ports,
            }
            for sim in simulators
        ]
        _save(state_dir, service_ports={sim.serial: sim.service_ports for sim in simulators})
        printers_file.write_text(json.dumps(listing, indent=2))
        for entry in listing:
            _LOGGER.info(
                "Printer %s (%s) on %s:%s, access code %s",
                entry["serial"],
                entry["model"],
                entry["host"],
                entry["port"],
                entry["access_code"],
            )
        await stop.wait()
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for simulator in simulators:
            await simulator.stop()
        await broker.stop()
        printers_file.unlink(missing_ok=True)
        _LOGGER.info("Printer simulators and broker stopped")


def main() -> None:
    """Parse the command line and run until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--state-dir", type=Path, default=Path(".dev"))
    parser.add_argument(
        "--ha-config",
        type=Path,
        help="Home Assistant's configuration folder, where the development CA is trusted "
        "(default <state-dir>/config)",
    )
    parser.add_argument("--printers", type=int, default=3, help="number of printers (default 3)")
    parser.add_argument(
        "--print-minutes", type=float, default=10.0, help="length of each print (default 10)"
    )
    parser.add_argument(
        "--services",
        action="store_true",
        help="also serve each printer's storage (FTPS) and camera (JPEG over TLS or RTSPS)",
    )
    parser.add_argument(
        "--time-scale", type=float, default=1.0, help="printer seconds per second (default 1)"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    args.state_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(
        run(
            args.state_dir,
            args.printers,
            args.print_minutes,
            args.time_scale,
            args.ha_config,
            services=args.services,
        )
    )


if __name__ == "__main__":
    main()
