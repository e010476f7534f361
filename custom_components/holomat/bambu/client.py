"""The connection to one BambuLab printer in LAN mode, over MQTT with a pinned certificate.

Protocol facts (OpenBambuAPI ``mqtt.md``, ``tls.md``; recorded reports in
``holomat_dev/recordings``): the printer runs its own MQTT broker on port 8883 with TLS, user
``bblp`` and the LAN access code as password; it reports on ``device/<serial>/report`` and takes
requests on ``device/<serial>/request``. After ``pushall`` it sends a full report (``msg`` 0);
P1/A1 firmware then sends deltas (``msg`` 1). Commands carry a string ``sequence_id`` that the
printer echoes in its answer with ``result`` and, on newer firmware, ``err_code``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from contextlib import AsyncExitStack
import itertools
import json
import logging
import random
import secrets
import ssl
import time
from typing import Any, Final

import aiomqtt
from aiomqtt.exceptions import MqttConnectError

from .codes import ERR_CODE_AUTHORIZATION, PRINT_ERROR_CANCELED
from .errors import (
    BambuAuthError,
    BambuAuthorizationRequiredError,
    BambuCertificateError,
    BambuCommandError,
    BambuCommandTimeoutError,
    BambuConnectionError,
    BambuInvalidStateError,
    BambuWrongPrinterError,
)
from .merge import merge_report
from .models import GcodeState, PrinterModel, PrinterState, SpeedProfile
from .mqtt import MqttClient
from .payload import MalformedPayloadError, decode_payload
from .state import parse_state
from .tls import PrinterCertificate, async_fetch_certificate, async_pinned_context
from .version import VersionInfo, model_from_serial, parse_version

_LOGGER = logging.getLogger(__name__)

DEFAULT_PORT: Final = 8883
USERNAME: Final = "bblp"
CONNECT_TIMEOUT: Final = 15.0  # s, TCP + TLS + CONNACK
COMMAND_TIMEOUT: Final = 8.0  # s to wait for an answer or the state change
KEEPALIVE: Final = 30  # s
WATCHDOG_TIMEOUT: Final = 60.0  # s of silence before the printer counts as offline
RESYNC_AFTER: Final = 1.0  # s without an answer to pushall before asking again
MAX_RESYNCS: Final = 3
_LOGGED_PAYLOAD: Final = 120  # characters of a malformed payload that reach the log
DROP_LOG_INTERVAL: Final = 60.0  # s between two log lines about dropped messages
_NOT_AUTHORIZED: Final = frozenset(
    {"not authorized", "bad user name or password", "bad username or password"}
)

type Listener = Callable[[], None]


def _refused(granted: Any) -> bool:
    """Return whether a SUBACK entry (a QoS or a paho ``ReasonCode``) refuses the subscription."""
    return int(getattr(granted, "value", granted)) >= 0x80


class _SilentPrinterError(Exception):
    """The printer stayed silent after being asked to push again: reconnect."""


def _reconnect_delay(attempt: int) -> float:
    """Return the wait (s) before reconnect attempt ``attempt`` (0-based), with jitter.

    A quarter second, then every second for the first 20 attempts (a restarting broker comes back
    quickly), then doubling up to one minute.
    """
    base = 0.25 if attempt == 0 else 1.0 if attempt < 20 else min(60.0, 2.0 ** (attempt - 19))
    return base * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not cryptography


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
        self._access_code = access_code
        self._certificate_pem = certificate_pem
        self._client_id = client_id or f"holomat-{secrets.token_hex(4)}"
        self._watchdog_timeout = watchdog_timeout
        self._command_timeout = command_timeout
        self._report_topic = f"device/{serial}/report"
        self._request_topic = f"device/{serial}/request"
        self._model_hint = model or model_from_serial(serial)
        self._raw: dict[str, Any] = {}
        self._version: VersionInfo | None = None
        self._full_report_seen = False
        # (version, raw, state) of the last parse, to reuse what a delta left untouched
        self._last_parse: tuple[VersionInfo | None, Mapping[str, Any], PrinterState] | None = None
        self.state = PrinterState(model=self._model_hint)
        self._mqtt: aiomqtt.Client | None = None
        self._receiving = False
        self._receiving_since_connect = False
        self._last_message = 0.0
        self._dropped = 0
        self._dropped_unlogged = 0
        self._drop_logged_at = -DROP_LOG_INTERVAL
        self._sequence = itertools.count(1)
        self._pending: dict[tuple[str, str], _PendingCommand] = {}
        self._listeners: list[Listener] = []

    @property
    def online(self) -> bool:
        """Return whether the printer is connected and pushing reports."""
        return self._mqtt is not None and self._receiving

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

    # --- connection ---------------------------------------------------------------------

    async def run(self, *, retry: bool = True) -> None:
        """Stay connected until cancelled (see the class docstring).

        With ``retry=False`` the first connection loss raises ``BambuConnectionError``.
        """
        try:
            context = await async_pinned_context(self._certificate_pem)
        except (ssl.SSLError, ValueError) as err:
            raise BambuCertificateError(
                "the pinned certificate cannot be read: pair the printer again", "?", None
            ) from err
        attempt = 0
        while True:
            try:
                await self._run_connection(context)
            except BambuConnectionError as err:
                if not retry:
                    raise
                if attempt == 0:
                    _LOGGER.warning("Lost printer %s (%s): reconnecting", self.serial, err)
                else:
                    _LOGGER.debug("Printer %s still unreachable: %s", self.serial, err)
            finally:
                self._set_disconnected()
            if self._receiving_since_connect:
                attempt = 0
            await asyncio.sleep(_reconnect_delay(attempt))
            attempt += 1

    async def _run_connection(self, context: ssl.SSLContext) -> None:
        """Connect once, resync, and handle messages until the connection ends."""
        self._receiving_since_connect = False
        client = MqttClient(
            self.host,
            self.port,
            username=USERNAME,
            password=self._access_code,
            identifier=self._client_id,
            tls_context=context,
            keepalive=KEEPALIVE,
            timeout=self._command_timeout,
            clean_session=True,
            on_payload=self.handle_payload,
        )
        async with AsyncExitStack() as stack:
            try:
                async with asyncio.timeout(CONNECT_TIMEOUT):
                    await stack.enter_async_context(client)
                    granted = await client.subscribe(self._report_topic)
            except MqttConnectError as err:
                if str(err.rc).lower() in _NOT_AUTHORIZED:
                    raise BambuAuthError(f"printer {self.serial} refused the access code") from err
                raise BambuConnectionError(f"connection refused: {err}") from err
            except aiomqtt.MqttError as err:
                if "CERTIFICATE_VERIFY_FAILED" in str(err):
                    await self._raise_certificate_problem()
                raise BambuConnectionError(str(err)) from err
            except TimeoutError as err:
                raise BambuConnectionError(f"no answer from {self.host}:{self.port}") from err
            if any(_refused(code) for code in granted or ()):
                raise BambuWrongPrinterError(
                    f"the printer at {self.host} refused reports for {self.serial}: "
                    "is the serial right?"
                )
            self._mqtt = client
            self._last_message = time.monotonic()
            try:
                await self._publish("info", "get_version")
                await self._publish("pushing", "pushall")
                async with asyncio.TaskGroup() as group:
                    group.create_task(self._watchdog())
                    async for _ in client.messages:  # payloads go to handle_payload
                        pass
            except* (aiomqtt.MqttError, BambuConnectionError) as errors:
                raise BambuConnectionError(str(errors.exceptions[0])) from None
            except* _SilentPrinterError:
                raise BambuConnectionError(
                    f"no report for {2 * self._watchdog_timeout:.0f} s"
                ) from None

    async def _raise_certificate_problem(self) -> None:
        """Find out why the pinned certificate was refused and raise the matching error."""
        expected = PrinterCertificate.from_pem(self._certificate_pem).sha256
        try:
            shown = await async_fetch_certificate(self.host, self.port)
        except BambuConnectionError:
            return
        if shown.common_name != self.serial:
            raise BambuWrongPrinterError(
                f"the printer at {self.host} is {shown.common_name}, not {self.serial}"
            )
        if shown.sha256 != expected:
            raise BambuCertificateError(
                f"printer {self.serial} shows a new TLS certificate ({shown.sha256[:16]}…, "
                f"pinned {expected[:16]}…): check it and pair again",
                expected,
                shown.sha256,
            )

    def _set_disconnected(self) -> None:
        """Forget the connection; fail waiting commands; tell listeners."""
        was_online = self.online
        self._mqtt = None
        self._receiving = False
        for pending in self._pending.values():
            if not pending.future.done():
                pending.future.set_exception(BambuConnectionError("the connection was lost"))
        if was_online:
            self._notify()

    async def _watchdog(self) -> None:
        """Mark the printer offline when it goes silent, ask it to push, then give up.

        Right after connecting, a printer that has not answered ``pushall`` is asked again every
        ``RESYNC_AFTER`` s, a few times (a request sent while its broker was still starting is
        lost).
        """
        interval = min(5.0, max(0.05, self._watchdog_timeout / 4))
        resyncs = 0
        while True:
            resyncing = not self._receiving_since_connect and resyncs < MAX_RESYNCS
            await asyncio.sleep(min(interval, RESYNC_AFTER) if resyncing else interval)
            silence = time.monotonic() - self._last_message
            if silence >= 2 * self._watchdog_timeout:
                raise _SilentPrinterError
            if not self._receiving_since_connect and resyncs < MAX_RESYNCS:
                resyncs += 1
                await self._publish("pushing", "pushall")
            if silence >= self._watchdog_timeout and self._receiving:
                _LOGGER.warning(
                    "Printer %s sent nothing for %.0f s: offline until it reports again",
                    self.serial,
                    silence,
                )
                self._receiving = False
                self._notify()
                await self._publish("pushing", "start")

    # --- reports ------------------------------------------------------------------------

    def handle_payload(self, payload: bytes) -> None:
        """Take one message from the report topic (called from paho's callback); never raise.

        A malformed message (``decode_payload``'s limits, or one the merge cannot take) is
        dropped whole and changes nothing; values of the wrong type or out of range in an
        otherwise good report are dropped by ``merge_report`` field by field.
        """
        self._last_message = time.monotonic()
        recovering = not self._receiving
        try:
            changed = self._handle_message(decode_payload(payload))
        except MalformedPayloadError as err:
            self._drop(str(err), payload)
            return
        except Exception as err:  # noqa: BLE001 - a bad message must never reach paho
            self._drop(f"{type(err).__name__}: {err}", payload)
            return
        if recovering and self._mqtt is not None:
            self._receiving = self._receiving_since_connect = True
            changed = True
        if changed:
            self._notify()

    @property
    def dropped_messages(self) -> int:
        """Return how many malformed messages were dropped since the client was made."""
        return self._dropped

    def _drop(self, reason: str, payload: bytes) -> None:
        """Count a dropped message; log one warning a minute at most, with the count since.

        A burst of malformed messages logs its first one at once and the rest as one summary
        line per minute, so a hostile or broken printer cannot flood the log.
        """
        self._dropped += 1
        self._dropped_unlogged += 1
        now = time.monotonic()
        if now - self._drop_logged_at < DROP_LOG_INTERVAL:
            return
        _LOGGER.warning(
            "Printer %s: dropped %d malformed message(s) since last logged, %d in all (%s): %s",
            self.serial,
            self._dropped_unlogged,
            self._dropped,
            reason,
            repr(payload[:_LOGGED_PAYLOAD])[:_LOGGED_PAYLOAD],
        )
        self._drop_logged_at = now
        self._dropped_unlogged = 0

    def _handle_message(self, message: Mapping[str, Any]) -> bool:
        """Apply one decoded message; return whether the state changed."""
        changed = False
        for key, body in message.items():
            if not isinstance(body, Mapping):
                continue
            command = body.get("command")
            if key == "print" and command in (None, "push_status"):
                self._raw = merge_report(self._raw, body)
                self._full_report_seen |= body.get("msg") == 0
                changed |= self._update_state()
            elif key == "info" and command == "get_version":
                self._version = parse_version(body)
                changed |= self._update_state()
            elif isinstance(command, str):
                self._answer(key, command, body)
        return changed

    def _update_state(self) -> bool:
        """Re-parse the state; settle commands it confirms; return whether it changed."""
        state = parse_state(
            self._raw,
            self._version,
            ready=self._full_report_seen and self._version is not None,
            model_hint=self._model_hint,
            previous=(last[1], last[2])
            if (last := self._last_parse) is not None and last[0] is self._version
            else None,
        )
        self._last_parse = (self._version, self._raw, state)
        if state == self.state:
            return False
        self.state = state
        for pending in self._pending.values():
            if pending.expect is not None and not pending.future.done() and pending.expect(state):
                pending.future.set_result(None)
        return True

    def _answer(self, key: str, command: str, body: Mapping[str, Any]) -> None:
        """Settle the command this answer belongs to (same ``command`` and ``sequence_id``)."""
        pending = self._pending.get((command, str(body.get("sequence_id"))))
        if pending is None or pending.future.done() or pending.key != key:
            return
        result = str(body.get("result", "")).lower()
        err_code = body.get("err_code")
        reason = body.get("reason") if isinstance(body.get("reason"), str) else None
        if err_code == ERR_CODE_AUTHORIZATION:
            pending.future.set_exception(
                BambuAuthorizationRequiredError(
                    f"printer {self.serial} needs Developer mode for {command}",
                    reason,
                    err_code,
                )
            )
        elif result == "failed" or (isinstance(err_code, int) and err_code):
            pending.future.set_exception(
                BambuCommandError(
                    f"printer {self.serial} refused {command}",
                    reason or (f"error {err_code}" if err_code else None),
                    err_code if isinstance(err_code, int) else None,
                )
            )
        elif pending.expect is None or pending.expect(self.state):
            pending.future.set_result(None)
        else:  # accepted: wait for the report that shows the change
            pending.accepted = True

    # --- commands -----------------------------------------------------------------------

    async def _publish(
        self, key: str, command: str, sequence_id: str | None = None, **fields: Any
    ) -> None:
        """Publish one request (QoS 1) with a fresh ``sequence_id`` unless one is given."""
        if (client := self._mqtt) is None:
            raise BambuConnectionError(f"printer {self.serial} is not connected")
        sequence_id = sequence_id or str(next(self._sequence))
        payload = {key: {"sequence_id": sequence_id, "command": command, **fields}}
        try:
            await client.publish(self._request_topic, json.dumps(payload), qos=1)
        except aiomqtt.MqttError as err:
            raise BambuConnectionError(f"cannot send {command}: {err}") from err

    async def _command(
        self,
        key: str,
        command: str,
        expect: Callable[[PrinterState], bool] | None,
        **fields: Any,
    ) -> None:
        """Send a command; return once the state shows its effect (``expect``).

        An accepted command whose effect is not reported within the timeout still returns.

        Raises ``BambuConnectionError`` (offline), ``BambuAuthorizationRequiredError``,
        ``BambuCommandError`` (refused) or ``BambuCommandTimeoutError``.
        """
        if not self.online:
            raise BambuConnectionError(f"printer {self.serial} is offline")
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        sequence_id = str(next(self._sequence))
        pending = _PendingCommand(key, future, expect)
        self._pending[(command, sequence_id)] = pending
        try:
            await self._publish(key, command, sequence_id, **fields)
            async with asyncio.timeout(self._command_timeout):
                await future
        except TimeoutError as err:
            if pending.accepted:
                return  # the printer accepted it; the report showing it is late
            raise BambuCommandTimeoutError(
                f"printer {self.serial} did not answer {command} in {self._command_timeout:.0f} s"
            ) from err
        finally:
            del self._pending[(command, sequence_id)]

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
        await self._publish("pushing", "pushall")


class _PendingCommand:
    """A command waiting for its answer: the message key it went under and its future."""

    __slots__ = ("accepted", "expect", "future", "key")

    def __init__(
        self,
        key: str,
        future: asyncio.Future[None],
        expect: Callable[[PrinterState], bool] | None,
    ) -> None:
        """Remember the command."""
        self.key = key
        self.future = future
        self.expect = expect
        self.accepted = False
