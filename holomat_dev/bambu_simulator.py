"""A BambuLab printer simulator speaking the printer's MQTT protocol on a real broker.

A faithful local stand-in for a printer in LAN mode (the real one is out of reach in tests): it
connects to the simulator listener of ``holomat_dev.mosquitto.Mosquitto`` and, as printer
``<serial>``, listens on ``device/<serial>/request`` and publishes JSON on
``device/<serial>/report`` (QoS 0, as printers do). Clients reach it through the broker's TLS
listener for that serial, exactly as they reach a printer. Protocol facts:
shared/notes/bambu-printers.md (§3 message families, §4 full/delta reports, §6 states, §8
commands, §9 authorization control, §10 silent stops).

Behaviour:
- ``pushing.pushall`` → a full report (``print.msg`` 0) built from the model's recorded pushall
  with the current simulated state; ``pushing.start`` / ``stop`` resume / stop the periodic
  pushes; ``info.get_version`` → the recorded answer adapted to model and serial.
- Every ``delta_interval`` seconds a delta report (``print.msg`` 1, only changed keys) like P1/A1
  firmware. X1 firmware sends full reports instead; the simulator sends deltas for every model
  unless ``full_reports=True``.
- ``print`` commands ``pause``, ``resume``, ``stop``, ``print_speed``, ``gcode_line``,
  ``project_file`` and ``system.ledctrl`` are acknowledged on the report topic (``command``,
  ``sequence_id``, ``result`` "success" / "failed", ``reason``, and the request's own fields, as
  OpenBambuAPI's basic report structure shows), then the state change is pushed at once. A stop
  reports ``print_error`` 50348044, then FAILED, then IDLE at the next periodic report.
- ``project_file`` prints a sliced file from the storage (``file_server``): the ``url``
  (``ftp:///<path>``, ``file:///sdcard/<path>``, ``file:///mnt/sdcard/<path>`` or
  ``file:///<path>``, the forms the tools send) names it, ``param`` its plate
  (``Metadata/plate_N.gcode``), ``subtask_name`` the job; layers and time come from the file.
  It is refused while a job is active, and when the file is missing or unreadable or the
  printer has no SD card; the refusal's ``reason`` texts are this simulator's (no capture of a
  firmware refusal is public).
- In authorization-control mode every control command is refused with ``err_code`` 84033543 and
  HMS 0500_0500_0001_0007, and ``fun`` carries the signing bit.
- ``time_scale`` printer seconds pass per wall second (600: a 1 h print in 6 s).
- With ``file_server`` / ``camera`` it also serves its storage over implicit FTPS and its
  chamber camera (``holomat_dev.printer_services``; ports in ``service_ports``).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Mapping
import contextlib
import copy
import json
import logging
import re
from types import TracebackType
from typing import Any, Self

import aiomqtt

from .bambu_printer_state import (
    ACTIVE_STATES,
    AUTHORIZATION_ERROR,
    DEFAULT_FAIL_ERROR,
    CommandRejectedError,
    PrinterState,
)
from .bambu_recordings import printer_model, version_report
from .mosquitto import BrokerPrinter, Mosquitto, SimulatorEndpoint
from .printer_services import PrinterServices

_LOGGER = logging.getLogger(__name__)
RECONNECT_DELAY_S = 0.1
SIGNED_COMMANDS = frozenset(
    {"pause", "resume", "stop", "print_speed", "gcode_line", "ledctrl", "project_file"}
)
# The roots a project_file ``url`` may start with (bambu/project.py cites who sends which).
URL_ROOTS = ("ftp:///", "file:///mnt/sdcard/", "file:///sdcard/", "file:///")
_PLATE = re.compile(r"^Metadata/plate_(\d+)\.gcode$")


class PrinterSimulator:
    """One simulated BambuLab printer (see the module docstring for its behaviour).

    ``broker`` is a ``Mosquitto`` (then ``host``, ``port``, ``access_code`` and ``cert_pem`` tell
    how clients reach this printer) or just the simulator endpoint. Start with ``await start()``
    or ``async with``; ``stop()`` ends its tasks and its connection.
    """

    def __init__(
        self,
        serial: str,
        model: str = "P1S",
        *,
        broker: Mosquitto | SimulatorEndpoint,
        delta_interval: float = 1.0,
        time_scale: float = 1.0,
        authorization_control: bool = False,
        full_reports: bool = False,
        file_server: bool = False,
        camera: bool = False,
        service_ports: Mapping[str, int] | None = None,
    ) -> None:
        """Prepare a printer of ``model`` (X1C, P1S, P1P, A1) with this serial; ValueError else.

        ``delta_interval``: wall seconds between periodic reports. ``time_scale``: printer
        seconds per wall second. ``full_reports``: push full reports (``msg`` 0) instead of
        deltas, as X1 firmware historically does. ``file_server`` / ``camera``: also run the
        printer's FTPS server and camera (needs a ``Mosquitto`` broker: its certificates), on
        ``service_ports`` when free (as ``service_ports`` gave them in an earlier run).
        """
        self.serial = serial
        self.model = printer_model(model)
        self._broker = broker if isinstance(broker, Mosquitto) else None
        self._endpoint = broker.simulator if isinstance(broker, Mosquitto) else broker
        self.delta_interval = delta_interval
        self.time_scale = time_scale
        self.full_reports = full_reports
        self.printer = PrinterState(
            self.model, authorization_control=authorization_control, seed=serial
        )
        self.received: deque[dict[str, Any]] = deque(maxlen=200)
        self.report_topic = f"device/{serial}/report"
        self.request_topic = f"device/{serial}/request"
        self._client: aiomqtt.Client | None = None
        self._connected = asyncio.Event()
        self._wake = asyncio.Event()
        self._changed = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._waiters: list[tuple[str | None, asyncio.Future[dict[str, Any]]]] = []
        self._sequence = 0
        self._pushing = True
        self._silent = False
        self._wake_on_pushing_start = True
        self._want_services = (file_server, camera)
        self._service_ports = dict(service_ports or {})
        self.services: PrinterServices | None = None

    # How clients reach this printer (needs a Mosquitto broker)

    @property
    def broker_printer(self) -> BrokerPrinter:
        """Return the broker's listener for this printer; RuntimeError without a Mosquitto."""
        if self._broker is None:
            raise RuntimeError("This simulator was given an endpoint, not a Mosquitto broker")
        return self._broker.printer(self.serial)

    @property
    def host(self) -> str:
        """Return the host clients connect to (TLS)."""
        return self.broker_printer.host

    @property
    def port(self) -> int:
        """Return the TLS port clients connect to."""
        return self.broker_printer.port

    @property
    def access_code(self) -> str:
        """Return the access code (MQTT password of user ``bblp``)."""
        return self.broker_printer.access_code

    @property
    def cert_pem(self) -> str:
        """Return the PEM certificate the printer presents now."""
        return self.broker_printer.cert_pem

    # State

    @property
    def state(self) -> dict[str, Any]:
        """Return a deep copy of the current report body (``print`` fields)."""
        return copy.deepcopy(self.printer.body)

    @property
    def gcode_state(self) -> str:
        """Return the current ``gcode_state``."""
        return self.printer.gcode_state

    @property
    def connected(self) -> bool:
        """Return whether the simulator is connected to the broker and subscribed."""
        return self._connected.is_set()

    # Life cycle

    @property
    def service_ports(self) -> dict[str, int]:
        """Return the ports of the FTPS server and camera (``ftps_port``, ``camera_port``...)."""
        return self.services.ports() if self.services is not None else {}

    async def start(self, within: float = 10.0) -> None:
        """Connect (and keep reconnecting) and start reporting; wait until subscribed."""
        if any(self._want_services) and self.services is None:
            printer = self.broker_printer
            assert self._broker is not None
            self.services = PrinterServices(
                self,
                self._broker.state_dir / "storage" / self.serial,
                printer.certificate,
                printer.access_code,
                file_server=self._want_services[0],
                camera=self._want_services[1],
                ports=self._service_ports,
            )
            await self.services.start()
        if not self._tasks:
            self._tasks = [
                asyncio.create_task(self._connection_loop(), name=f"sim {self.serial} mqtt"),
                asyncio.create_task(self._report_loop(), name=f"sim {self.serial} reports"),
            ]
        await self.wait_connected(within)

    async def stop(self) -> None:
        """Disconnect and end every task of this simulator."""
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._connected.clear()
        if self.services is not None:
            await self.services.stop()
            self.services = None
        for _, future in self._waiters:
            future.cancel()
        self._waiters.clear()

    async def wait_connected(self, within: float = 10.0) -> None:
        """Wait until connected and subscribed; TimeoutError after ``within`` s."""
        async with asyncio.timeout(within):
            await self._connected.wait()

    async def __aenter__(self) -> Self:
        """Start the simulator."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the simulator."""
        await self.stop()

    # Test controls

    def start_print(
        self,
        name: str = "Benchy",
        duration_s: float = 600.0,
        layers: int = 50,
        *,
        send_file: bool = True,
        gcode_file: str | None = None,
    ) -> None:
        """Start a job of ``duration_s`` printer seconds (wall time = duration_s / time_scale).

        With a file server and ``send_file``, the job's sliced file lands in ``/cache/`` first.
        ``gcode_file`` is the file the reports name.
        """
        if send_file and self.services is not None:
            self.services.job_sent(name, duration_s, layers)
        self.printer.start_print(name, duration_s, layers, gcode_file)
        self._wake.set()

    def set_sd_card(self, present: bool) -> None:
        """Take the SD card out (False) or put it back: the storage and the report's ``sdcard``."""
        if self.services is not None and self.services.ftps is not None:
            self.services.ftps.faults.sd_card = present
        self.printer.put("sdcard", present)
        self._wake.set()

    def finish(self) -> None:
        """Finish the current job now (FINISH)."""
        self.printer.finish()
        self._wake.set()

    def fail(self, code: int = DEFAULT_FAIL_ERROR) -> None:
        """Fail the current job now (FAILED with ``print_error`` = code)."""
        self.printer.fail(code)
        self._wake.set()

    def add_hms(self, attr: int, code: int) -> None:
        """Raise an HMS entry, e.g. ``add_hms(0x0C000300, 0x00030007)`` → 0C00_0300_0003_0007."""
        self.printer.add_hms(attr, code)
        self._wake.set()

    def clear_hms(self) -> None:
        """Clear every HMS entry."""
        self.printer.clear_hms()
        self._wake.set()

    def set_authorization_control(self, enabled: bool) -> None:
        """Behave like authorization-control firmware without Developer mode (or stop doing so)."""
        self.printer.set_authorization_control(enabled)
        self._wake.set()

    async def set_live_view(self, on: bool) -> None:
        """Turn the X1's LAN live view on or off (``PrinterServices.set_live_view``) and report it.

        Raises RuntimeError for a simulator without an RTSPS camera (not an X1, or no camera).
        """
        if self.services is None or not self.services.serves_rtsps:
            raise RuntimeError(f"{self.serial} serves no RTSPS camera")
        await self.services.set_live_view(on)
        self._wake.set()

    def go_silent(self, *, wake_on_pushing_start: bool = True) -> None:
        """Stay connected but publish nothing and answer nothing (firmware's silent stop).

        With ``wake_on_pushing_start`` a ``pushing.start`` request ends the silence, as it does
        on real printers (the cure a watchdog applies); otherwise only ``resume_pushing()`` does.
        """
        self._silent = True
        self._wake_on_pushing_start = wake_on_pushing_start

    def resume_pushing(self) -> None:
        """End a silence started by ``go_silent()`` or a ``pushing.stop`` request."""
        self._silent = False
        self._pushing = True
        self._wake.set()

    async def send_raw(self, payload: bytes | str) -> None:
        """Publish any payload (malformed ones included) on the report topic."""
        await self._publish_bytes(payload.encode() if isinstance(payload, str) else payload)

    async def send_report(self, message: dict[str, Any]) -> None:
        """Publish a message object as JSON on the report topic, as is."""
        await self._publish(message)

    async def send_delta(self, fields: dict[str, Any]) -> None:
        """Merge ``print`` fields into the state and publish them as a ``msg`` 1 delta."""
        self.printer.merge(fields)
        self.printer.forget(fields)
        await self._publish(self._envelope(fields, msg=1))

    async def push_full_report(self) -> None:
        """Publish a full report (what a ``pushall`` request gets)."""
        await self._publish(self._envelope(self.printer.full_body(), msg=0))

    async def next_command(
        self, command: str | None = None, within: float = 10.0
    ) -> dict[str, Any]:
        """Wait for the next request (optionally with this ``command``) and return it.

        Only requests arriving after the call count: start waiting (e.g. in a task) before
        sending. Returns once the simulator has acted on it (answered, changed state), so a
        test can check ``state`` right away.
        """
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        waiter = (command, future)
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(within):
                return await future
        finally:
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)

    async def wait_for_gcode_state(self, gcode_state: str, within: float | None = 10.0) -> None:
        """Wait until the printer's ``gcode_state`` is this one; TimeoutError otherwise."""
        await self.wait_until(lambda sim: sim.gcode_state == gcode_state, within)

    async def wait_until(
        self, predicate: Callable[[PrinterSimulator], bool], within: float | None = 10.0
    ) -> None:
        """Wait until ``predicate(self)`` holds (checked at each change); TimeoutError otherwise."""
        async with asyncio.timeout(within):
            while not predicate(self):
                self._changed.clear()
                await self._changed.wait()

    # MQTT side

    async def _connection_loop(self) -> None:
        """Stay connected to the broker, reconnecting after it goes away."""
        endpoint = self._endpoint
        while True:
            try:
                async with aiomqtt.Client(
                    endpoint.host,
                    endpoint.port,
                    username=endpoint.username,
                    password=endpoint.password,
                    identifier=f"holomat-sim-{self.serial}",
                    keepalive=30,
                ) as client:
                    await client.subscribe(self.request_topic, qos=1)
                    self._client = client
                    self._connected.set()
                    async for message in client.messages:
                        try:
                            await self._handle(message.payload)
                        except aiomqtt.MqttError:
                            raise
                        except Exception:
                            _LOGGER.exception("Simulator %s failed on a request", self.serial)
            except aiomqtt.MqttError as err:
                _LOGGER.debug("Simulator %s lost the broker: %s", self.serial, err)
            finally:
                self._client = None
                self._connected.clear()
            await asyncio.sleep(RECONNECT_DELAY_S)

    async def _report_loop(self) -> None:
        """Advance the printer and push deltas every ``delta_interval``, or at once when woken."""
        loop = asyncio.get_running_loop()
        last = loop.time()
        next_tick = last + self.delta_interval
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout_at(next_tick):
                    await self._wake.wait()
            self._wake.clear()
            now = loop.time()
            periodic = now >= next_tick
            if periodic:
                next_tick = max(next_tick + self.delta_interval, now)
            self.printer.advance((now - last) * self.time_scale, periodic=periodic)
            last = now
            await self._flush()

    async def _flush(self) -> None:
        """Publish the changed fields as a delta, when pushing and connected."""
        self._changed.set()
        if self._silent or not self._pushing or self._client is None:
            return
        fields = self.printer.take_delta()
        if fields is None:
            return
        if self.full_reports:
            await self.push_full_report()
        elif not await self._publish(self._envelope(fields, msg=1)):
            self.printer.mark_dirty(fields)

    def _envelope(self, fields: dict[str, Any], *, msg: int) -> dict[str, Any]:
        """Wrap report fields as ``{"print": {..., "command": "push_status", "msg", ...}}``."""
        self._sequence += 1
        return {
            "print": {
                **fields,
                "command": "push_status",
                "msg": msg,
                "sequence_id": str(self._sequence),
            }
        }

    async def _publish(self, message: dict[str, Any]) -> bool:
        """Publish a message as JSON on the report topic; return whether it went out."""
        return await self._publish_bytes(json.dumps(message, separators=(",", ":")).encode())

    async def _publish_bytes(self, payload: bytes) -> bool:
        """Publish bytes on the report topic at QoS 0; return whether it went out."""
        client = self._client
        if client is None:
            return False
        try:
            await client.publish(self.report_topic, payload, qos=0)
        except aiomqtt.MqttError:
            return False
        return True

    async def _handle(self, payload: Any) -> None:
        """Handle one request like the firmware, then wake those waiting for it."""
        try:
            request = json.loads(payload)
        except (TypeError, ValueError):
            return
        if not isinstance(request, dict) or len(request) != 1:
            return
        self.received.append(request)
        family, body = next(iter(request.items()))
        if not isinstance(body, dict):
            return
        command = body.get("command")
        try:
            await self._act(family, command, body)
        finally:
            for waiter_command, future in list(self._waiters):
                if waiter_command in (None, command) and not future.done():
                    future.set_result(request)

    async def _act(self, family: str, command: Any, body: dict[str, Any]) -> None:
        """Answer or carry out one request (nothing while silent but a waking pushing.start)."""
        if self._silent:
            if family == "pushing" and command == "start" and self._wake_on_pushing_start:
                self.resume_pushing()
            return
        match family, command:
            case "pushing", "pushall":
                await self.push_full_report()
            case "pushing", "start":
                self.resume_pushing()
            case "pushing", "stop":
                self._pushing = False
            case "info", "get_version":
                await self._publish(
                    version_report(self.model, self.serial, str(body.get("sequence_id", "0")))
                )
            case (("print" | "system"), str()) if command in SIGNED_COMMANDS:
                await self._control(family, command, body)

    async def _control(self, family: str, command: str, body: dict[str, Any]) -> None:
        """Carry out a control command and acknowledge it on the report topic."""
        ack: dict[str, Any] = {**body, "result": "success", "reason": "success"}
        if self.printer.authorization_control:
            ack.update(result="failed", reason="mqtt message verify failed")
            ack["err_code"] = AUTHORIZATION_ERROR
            self.printer.reject_unsigned()
            await self._publish({family: ack})
            await self._flush()
            return
        try:
            match command:
                case "pause":
                    self.printer.pause()
                case "resume":
                    self.printer.resume()
                case "stop":
                    self.printer.stop()
                case "print_speed":
                    self.printer.set_speed(str(body.get("param", "")))
                case "ledctrl":
                    self.printer.set_light(
                        str(body.get("led_node", "")), str(body.get("led_mode", ""))
                    )
                case "project_file":
                    self._print_project(body)
        except CommandRejectedError as err:
            ack.update(result="failed", reason=err.reason)
        await self._publish({family: ack})
        await self._flush()
        if command == "stop" and ack["result"] == "success":
            self.printer.stopped()
            await self._flush()

    def _print_project(self, body: dict[str, Any]) -> None:
        """Print the file a ``project_file`` names; raise ``CommandRejectedError`` like firmware."""
        if self.printer.gcode_state in ACTIVE_STATES:
            raise CommandRejectedError(f"printer is busy ({self.printer.gcode_state})")
        path = project_path(str(body.get("url") or ""), str(body.get("file") or ""))
        plate = _PLATE.match(str(body.get("param", "")))
        if self.services is None or not self.services.has_storage:
            raise CommandRejectedError("no SD card")
        if path is None or plate is None:
            raise CommandRejectedError("invalid url or param")
        name = str(body.get("subtask_name") or "") or None
        if not self.services.print_file(path, int(plate[1]), name):
            raise CommandRejectedError(f"file not found or not printable: {path}")

    # Convenience for tests, scripts and benchmarks

    @classmethod
    async def on_broker(
        cls,
        broker: Mosquitto,
        serial: str,
        model: str = "P1S",
        access_code: str = "12345678",
        **options: Any,
    ) -> PrinterSimulator:
        """Add a printer listener to ``broker`` (starting or restarting it), start a simulator.

        ``options`` go to the constructor (``delta_interval``, ``time_scale``,
        ``authorization_control``). Adding a printer to a running broker restarts it (every
        client sees a broker restart); add all printers first when that matters.
        """
        new = serial not in broker.printers
        if new:
            broker.add_printer(serial, access_code)
        if not broker.running:
            await broker.start()
        elif new:
            await broker.restart()
        simulator = cls(serial, model, broker=broker, **options)
        await simulator.start()
        return simulator


def project_path(url: str, file: str) -> str | None:
    """Return the storage path a ``project_file`` names (``url``, else ``file``); None if none.

    ``ftp:///cube.3mf``, ``file:///sdcard/cube.3mf`` and ``file:///mnt/sdcard/cube.3mf`` all
    name ``/cube.3mf``; so does ``file:///mnt/sdcard`` with ``file`` ``cube.3mf`` (OpenBambuAPI's
    example: the url the storage's root, the file named apart).
    """
    named = url.rstrip("/") + "/" not in URL_ROOTS  # a bare root names the storage: see file
    for root in URL_ROOTS:
        if named and url.startswith(root) and len(url) > len(root):
            return "/" + url[len(root) :]
    return "/" + file.lstrip("/") if file.strip("/") else None
