"""One BambuLab printer in LAN mode: its connection, its state and its commands, in one object.

``BambuClient`` wires the parts, each in its own module: ``connection`` (the MQTT connection and
its reconnections), ``watchdog`` (offline after a silence), ``reports`` (decode, merge, parse)
and ``commands`` (requests waiting for their answer). Protocol facts are cited there.
"""

from __future__ import annotations

from collections.abc import Callable
import logging
import secrets
import time
from typing import Any

from .codes import PRINT_ERROR_CANCELED
from .commands import COMMAND_TIMEOUT, Expect, PendingCommands
from .connection import DEFAULT_PORT, PrinterConnection
from .errors import BambuConnectionError, BambuInvalidStateError
from .models import GcodeState, PrinterModel, PrinterState, SpeedProfile
from .project import PrintOptions, UrlForm, project_file_fields
from .reports import PrinterReports
from .version import model_from_serial
from .watchdog import WATCHDOG_TIMEOUT, Watchdog

_LOGGER = logging.getLogger(__name__)

type Listener = Callable[[], None]


class BambuClient:
    """One printer: its connection, its merged state and its commands.

    ``run()`` keeps one MQTT connection open (printers accept only a few clients), reconnecting
    with backoff after any loss and resyncing with ``pushall``; it returns only when cancelled and
    raises ``BambuAuthError``, ``BambuCertificateError`` or ``BambuWrongPrinterError`` when retrying
    cannot help. Listeners are called (in the event loop) whenever ``state`` or ``online`` changes.
    A watchdog marks the printer offline after ``watchdog_timeout`` s without a message and asks
    it to push again; after twice that, it reconnects.
    """

    def __init__(
        self,
        host: str,
        serial: str,
        access_code: str,
        certificate_pem: str,
        *,
        port: int = DEFAULT_PORT,
        client_id: str | None = None,
        model: PrinterModel | None = None,
        watchdog_timeout: float = WATCHDOG_TIMEOUT,
        command_timeout: float = COMMAND_TIMEOUT,
    ) -> None:
        """Create the client; nothing connects before ``run()``.

        ``model`` is what the printer was known to be (it reports its model in ``get_version``);
        without it, the serial number's prefix tells.
        """
        self.host = host
        self.port = port
        self.serial = serial
        self._listeners: list[Listener] = []
        self._watchdog = Watchdog(serial, watchdog_timeout, self._notify)
        self._commands = PendingCommands(serial, command_timeout)
        self._reports = PrinterReports(serial, model or model_from_serial(serial), self._commands)
        self._connection = PrinterConnection(
            host,
            port,
            serial,
            access_code,
            certificate_pem,
            client_id=client_id or f"holomat-{secrets.token_hex(4)}",
            timeout=command_timeout,
            watchdog=self._watchdog,
            on_payload=self.handle_payload,
            on_lost=self._lost,
        )

    @property
    def state(self) -> PrinterState:
        """Return the printer's state, parsed from its merged reports."""
        return self._reports.state

    @property
    def online(self) -> bool:
        """Return whether the printer is connected and pushing reports."""
        return self._connection.online

    @property
    def dropped_messages(self) -> int:
        """Return how many malformed messages were dropped since the client was made."""
        return self._reports.dropped

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener()`` on every change of ``state`` or ``online``; return its remover."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _notify(self) -> None:
        """Call every listener; one failing listener does not stop the others."""
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:
                _LOGGER.exception("Error in a listener of printer %s", self.serial)

    async def run(self, *, retry: bool = True) -> None:
        """Stay connected until cancelled (see the class docstring).

        With ``retry=False`` the first connection loss raises ``BambuConnectionError``.
        """
        await self._connection.run(retry=retry)

    def _lost(self, was_online: bool) -> None:
        """Fail waiting commands after a connection ended; tell listeners if it was online."""
        self._commands.fail_all("the connection was lost")
        if was_online:
            self._notify()

    def handle_payload(self, payload: bytes) -> None:
        """Take one message from the report topic (called from paho's callback); never raise.

        A malformed message changes nothing (``PrinterReports.handle``); the first good one
        after a silence brings the printer back online.
        """
        watchdog = self._watchdog
        watchdog.last_message = time.monotonic()
        recovering = not watchdog.receiving
        changed = self._reports.handle(payload)
        if changed is None:
            return
        if recovering and self._connection.mqtt is not None:
            watchdog.receiving = watchdog.receiving_since_connect = True
            changed = True
        if changed:
            self._notify()

    # --- commands -----------------------------------------------------------------------

    async def _command(self, key: str, command: str, expect: Expect, **fields: Any) -> None:
        """Send a command; return once the state shows its effect (``expect``).

        Raises ``BambuConnectionError`` (offline), ``BambuAuthorizationRequiredError``,
        ``BambuCommandError`` (refused) or ``BambuCommandTimeoutError``.
        """
        if not self.online:
            raise BambuConnectionError(f"printer {self.serial} is offline")
        await self._commands.send(self._connection, key, command, expect, **fields)

    def _require(self, command: str, *allowed: GcodeState) -> None:
        """Raise ``BambuInvalidStateError`` unless the job state is one of ``allowed``."""
        if self.state.gcode_state not in allowed:
            state = self.state.gcode_state
            raise BambuInvalidStateError(
                f"printer {self.serial} cannot {command} while "
                f"{state.value.lower() if state else 'in an unknown state'}"
            )

    async def pause(self) -> None:
        """Pause the print (allowed while preparing or printing)."""
        self._require("pause", GcodeState.PREPARE, GcodeState.RUNNING)
        await self._command(
            "print", "pause", lambda state: state.gcode_state == GcodeState.PAUSE, param=""
        )

    async def resume(self) -> None:
        """Resume a paused print."""
        self._require("resume", GcodeState.PAUSE)
        await self._command(
            "print",
            "resume",
            lambda state: state.gcode_state in (GcodeState.PREPARE, GcodeState.RUNNING),
            param="",
        )

    async def stop(self) -> None:
        """Stop (cancel) the print."""
        self._require("stop", GcodeState.PREPARE, GcodeState.RUNNING, GcodeState.PAUSE)
        await self._command(
            "print",
            "stop",
            lambda state: (
                (state.print_error is not None and state.print_error.value == PRINT_ERROR_CANCELED)
                or state.gcode_state in (GcodeState.FAILED, GcodeState.IDLE)
            ),
            param="",
        )

    async def print_project(
        self, path: str, task_name: str, options: PrintOptions, form: UrlForm
    ) -> None:
        """Start printing the sliced file at ``path`` on the storage as job ``task_name``.

        Allowed while idle, finished or failed; returns once the printer reports the job
        preparing or running, or accepted it (``project.py`` for the command's fields).
        """
        self._require("print", GcodeState.IDLE, GcodeState.FINISH, GcodeState.FAILED)
        await self._command(
            "print",
            "project_file",
            lambda state: (
                state.gcode_state in (GcodeState.PREPARE, GcodeState.RUNNING)
                and state.task_name == task_name
            ),
            **project_file_fields(path, task_name, options, form),
        )

    async def set_speed_profile(self, profile: SpeedProfile) -> None:
        """Set the speed profile (allowed while a print runs or is paused)."""
        self._require("change speed", GcodeState.PREPARE, GcodeState.RUNNING, GcodeState.PAUSE)
        await self._command(
            "print",
            "print_speed",
            lambda state: state.speed_profile == profile,
            param=str(profile.value),
        )

    async def set_chamber_light(self, on: bool) -> None:
        """Turn the chamber light on or off (``system.ledctrl``; all timing fields required)."""
        await self._command(
            "system",
            "ledctrl",
            lambda state: state.chamber_light == on,
            led_node="chamber_light",
            led_mode="on" if on else "off",
            led_on_time=500,
            led_off_time=500,
            loop_times=0,
            interval_time=0,
        )

    async def pushall(self) -> None:
        """Ask the printer for a full report (do not call in a loop: it is costly for it)."""
        await self._connection.publish("pushing", "pushall")
