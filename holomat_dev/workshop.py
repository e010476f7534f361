"""A whole running workshop for browser tests and benchmarks: real HA, printers, the add-on.

``running_workshop(folder)`` starts, like ``scripts/develop``:

- a real mosquitto and one ``PrinterSimulator`` per model (X1C, P1S, A1 by default) with its
  storage and camera, each printing a long job, in a background thread's event loop
  (``Workshop.fleet``: call into it with ``fleet.call``);
- the real add-on (``addon/.venv``, CPU methods; ``holomat_dev.addon``) when it is installed;
- Home Assistant 2026.2.3 itself (``scripts/hass.py``) on a free port of 127.0.0.1 with
  ``holomat_dev/ha_configuration.yaml``, onboarded (user ``dev`` / ``dev``) and given the
  printers and the add-on through HoloMat's real config flows (``ha_bootstrap``);
- a model made from a drawing by the add-on through ``holomat.generate_3d_model``, and two
  dashboards: ``holomat-workshop`` (the workshop strategy) and ``holomat-cards`` (each card).

Everything stops when the context ends. Home Assistant's log is ``<folder>/home-assistant.log``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any

import aiohttp

from . import addon as addon_process
from .bambu_simulator import PrinterSimulator
from .devstack import serial_for, trust_dev_ca
from .ha_bootstrap import add_printer, onboard, wait_until_up
from .mosquitto import Mosquitto
from .workshop_setup import (
    cards_dashboard,
    create_dashboard,
    draw_star,
    generate_model,
    holomat_devices,
)

ROOT = Path(__file__).parents[1]
ADDON_PYTHON = addon_process.ADDON_PYTHON
WORKSHOP_DASHBOARD = "holomat-workshop"
CARDS_DASHBOARD = "holomat-cards"


class PrinterFleet:
    """A mosquitto broker and printer simulators, run by an event loop in a thread of their own.

    ``start()`` returns the printers as ``ha_bootstrap`` takes them (``host``, ``port``,
    ``serial``, ``access_code``, ``model`` and the ports of the storage and camera); each
    starts a job of ``print_s`` printer seconds at ``time_scale`` printer seconds per second.
    ``call(fn)`` runs ``fn`` in the loop's thread (simulators are not thread-safe),
    ``run(coroutine)`` awaits a coroutine there.
    """

    def __init__(
        self,
        state_dir: Path,
        models: tuple[str, ...],
        *,
        print_s: float,
        time_scale: float,
    ) -> None:
        """Prepare the broker's state in ``state_dir``; nothing runs until ``start()``."""
        self.broker = Mosquitto(state_dir / "broker")
        self.models = models
        self.print_s = print_s
        self.time_scale = time_scale
        self.simulators: dict[str, PrinterSimulator] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="workshop printers", daemon=True
        )

    def start(self) -> list[dict[str, Any]]:
        """Start the thread, the broker and the printers, each printing."""
        self._thread.start()
        return self.run(self._start())

    async def _start(self) -> list[dict[str, Any]]:
        for index, model in enumerate(self.models, start=1):
            self.broker.add_printer(serial_for(model, index), f"{10_000_000 + index}")
        await self.broker.start()
        for index, model in enumerate(self.models, start=1):
            serial = serial_for(model, index)
            simulator = PrinterSimulator(
                serial,
                model,
                broker=self.broker,
                time_scale=self.time_scale,
                file_server=True,
                camera=True,
            )
            await simulator.start()
            simulator.start_print(f"Part {index}", duration_s=self.print_s, layers=120)
            self.simulators[serial] = simulator
        return [
            {
                **self.broker.printer(sim.serial).as_dict(),
                "model": sim.model.code,
                **sim.service_ports,
            }
            for sim in self.simulators.values()
        ]

    def run[T](self, coroutine: Awaitable[T], timeout: float = 120.0) -> T:
        """Await ``coroutine`` in the fleet's loop and return its result."""

        async def wrapped() -> T:
            return await coroutine

        return asyncio.run_coroutine_threadsafe(wrapped(), self._loop).result(timeout)

    def call[T](self, function: Callable[[], T]) -> T:
        """Run ``function`` in the fleet's loop and return its result."""

        async def wrapped() -> T:
            return function()

        return self.run(wrapped())

    def stop(self) -> None:
        """Stop the printers, the broker and the thread."""
        if self._thread.is_alive():
            with suppress(Exception):
                self.run(self._stop(), timeout=30)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._loop.close()

    async def _stop(self) -> None:
        for simulator in self.simulators.values():
            await simulator.stop()
        await self.broker.stop()


@dataclass
class Workshop:
    """A running workshop: Home Assistant at ``url`` (process ``hass_pid``), an admin's token."""

    url: str
    token: str
    fleet: PrinterFleet
    printers: list[dict[str, Any]]
    folder: Path
    hass_pid: int = 0
    model: dict[str, Any] | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def simulator(self, model: str) -> PrinterSimulator:
        """Return the simulator of the printer of ``model`` (X1C, P1S, A1...)."""
        return next(sim for sim in self.fleet.simulators.values() if sim.model.code == model)


@contextmanager
def _process(command: list[str], log: Path, cwd: Path = ROOT) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` in ``cwd`` with its output in ``log``; SIGINT it at the end."""
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own programs, no shell
            command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path, within: float) -> None:
    """Wait until something listens on ``port``; RuntimeError with the log if it never does."""
    deadline = time.monotonic() + within
    while True:
        with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{log.name}: did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


def _configure(folder: Path, port: int, pictures: Path) -> Path:
    """Write Home Assistant's configuration folder: scripts/develop's, on ``port``."""
    config = folder / "config"
    (config / "custom_components").mkdir(parents=True, exist_ok=True)
    (config / "automations").mkdir(exist_ok=True)
    (folder / "media").mkdir(exist_ok=True)
    link = config / "custom_components" / "holomat"
    if not link.exists():
        link.symlink_to(ROOT / "custom_components" / "holomat")
    text = (ROOT / "holomat_dev" / "ha_configuration.yaml").read_text()
    text = text.replace("server_port: 8123", f"server_port: {port}")
    # The add-on's models go to the workshop's media folder (not /media in a container).
    text = text.replace(
        "homeassistant:\n",
        f"homeassistant:\n  allowlist_external_dirs:\n    - {pictures}\n"
        f"  media_dirs:\n    local: {folder / 'media'}\n",
        1,
    )
    (config / "configuration.yaml").write_text(text)
    return config


async def _set_up(workshop: Workshop, addon: addon_process.Addon | None, picture: Path) -> None:
    """Onboard, add the printers and the model server, make a model, create the dashboards."""
    url = workshop.url
    async with aiohttp.ClientSession() as session:
        await wait_until_up(session, url)
        workshop.token = token = await onboard(session, url)
        for printer in workshop.printers:
            await add_printer(session, url, token, printer)
        if addon is not None:
            await addon_process.register(session, url, token, addon, voice=False)
            workshop.model = await generate_model(session, url, token, picture)
        devices = await holomat_devices(session, url, token)
        await create_dashboard(
            session,
            url,
            token,
            WORKSHOP_DASHBOARD,
            title="Workshop",
            config={"strategy": {"type": "custom:holomat-workshop"}},
        )
        await create_dashboard(
            session,
            url,
            token,
            CARDS_DASHBOARD,
            title="HoloMat cards",
            config=cards_dashboard(devices),
        )


@contextmanager
def running_workshop(
    folder: Path,
    *,
    models: tuple[str, ...] = ("X1C", "P1S", "A1"),
    print_s: float = 7200.0,
    time_scale: float = 20.0,
) -> Iterator[Workshop]:
    """Run a whole workshop in ``folder`` (see the module docstring) until the context ends.

    Each printer prints a job of ``print_s`` printer seconds at ``time_scale`` printer seconds
    per second (6 minutes by default: still printing when a slow machine's tests are done).
    Raises RuntimeError when a part does not start.
    """
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    pictures = folder / "pictures"
    pictures.mkdir(exist_ok=True)
    picture = draw_star(pictures / "star.png")
    port = addon_process.free_port()
    config = _configure(folder, port, pictures)
    with ExitStack() as stack:
        fleet = PrinterFleet(folder / "printers", models, print_s=print_s, time_scale=time_scale)
        stack.callback(fleet.stop)
        trust_dev_ca(fleet.broker.ca, config)
        printers = fleet.start()
        addon = None
        if addon_process.ADDON_PYTHON.exists():
            addon, process = addon_process.start(folder / "addon", log=folder / "addon.log")
            stack.callback(addon_process.stop, process)
        log = folder / "home-assistant.log"
        command = [sys.executable, "scripts/hass.py", "--config", str(config), "--skip-pip"]
        hass = stack.enter_context(_process(command, log))
        _wait_listening(port, hass, log, within=300)
        workshop = Workshop(
            f"http://127.0.0.1:{port}", "", fleet, printers, folder, hass_pid=hass.pid
        )
        fleet.run(_set_up(workshop, addon, picture), timeout=600)
        workshop.timings["start_s"] = time.monotonic() - started
        yield workshop
