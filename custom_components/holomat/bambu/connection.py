"""The MQTT connection to one printer, pinned to its certificate and reconnected after a loss.

Protocol facts (OpenBambuAPI ``mqtt.md``, ``tls.md``): the printer runs its own MQTT broker on
port 8883 with TLS, user ``bblp`` and the LAN access code as password; it reports on
``device/<serial>/report`` and takes requests on ``device/<serial>/request``; a refused access
code is a CONNACK "Not authorized" (MQTT 3.1.1) or "Bad user name or password" (MQTT 5), and a
printer with another serial refuses the report subscription (SUBACK failure).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AsyncExitStack
import itertools
import json
import logging
import random
import ssl
import time
from typing import Any, Final

import aiomqtt

from .errors import (
    BambuAuthError,
    BambuCertificateError,
    BambuConnectionError,
    BambuWrongPrinterError,
)
from .mqtt import MqttClient
from .tls import PrinterCertificate, async_fetch_certificate, async_pinned_context
from .watchdog import SilentPrinterError, Watchdog

_LOGGER = logging.getLogger(__name__)

DEFAULT_PORT: Final = 8883
USERNAME: Final = "bblp"
CONNECT_TIMEOUT: Final = 15.0  # s, TCP + TLS + CONNACK
KEEPALIVE: Final = 30  # s
_NOT_AUTHORIZED: Final = frozenset(
    {"not authorized", "bad user name or password", "bad username or password"}
)


def _refused(granted: Any) -> bool:
    """Return whether a SUBACK entry (a QoS or a paho ``ReasonCode``) refuses the subscription."""
    return int(getattr(granted, "value", granted)) >= 0x80


def _reconnect_delay(attempt: int) -> float:
    """Return the wait (s) before reconnect attempt ``attempt`` (0-based), with jitter.

    A quarter second, then every second for the first 20 attempts (a restarting broker comes back
    quickly), then doubling up to one minute.
    """
    base = 0.25 if attempt == 0 else 1.0 if attempt < 20 else min(60.0, 2.0 ** (attempt - 19))
    return base * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not cryptography


class PrinterConnection:
    """One MQTT connection to a printer at a time (printers accept only a few clients).

    Each message's payload goes to ``on_payload`` (in the event loop); ``on_lost(was_online)`` is
    called after every connection ends. ``watchdog`` tells whether reports arrive and runs beside
    each connection.
    """

    def __init__(
        self,
        host: str,
        port: int,
        serial: str,
        access_code: str,
        certificate_pem: str,
        *,
        client_id: str,
        timeout: float,
        watchdog: Watchdog,
        on_payload: Callable[[bytes], None],
        on_lost: Callable[[bool], None],
    ) -> None:
        """Describe the connection; nothing connects before ``run()``."""
        self.host = host
        self.port = port
        self.serial = serial
        self._access_code = access_code
        self._certificate_pem = certificate_pem
        self._client_id = client_id
        self._timeout = timeout
        self._watchdog = watchdog
        self._on_payload = on_payload
        self._on_lost = on_lost
        self._report_topic = f"device/{serial}/report"
        self._request_topic = f"device/{serial}/request"
        self._sequence = itertools.count(1)
        self.mqtt: aiomqtt.Client | None = None

    @property
    def online(self) -> bool:
        """Return whether the connection is up and the printer pushes reports."""
        return self.mqtt is not None and self._watchdog.receiving

    async def run(self, *, retry: bool = True) -> None:
        """Stay connected until cancelled, reconnecting with backoff and jitter after any loss.

        Raises ``BambuAuthError``, ``BambuCertificateError`` or ``BambuWrongPrinterError`` when
        retrying cannot help; with ``retry=False`` the first loss raises ``BambuConnectionError``.
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
            if self._watchdog.receiving_since_connect:
                attempt = 0
            await asyncio.sleep(_reconnect_delay(attempt))
            attempt += 1

    async def _run_connection(self, context: ssl.SSLContext) -> None:
        """Connect once, resync, and handle messages until the connection ends."""
        self._watchdog.receiving_since_connect = False
        client = MqttClient(
            self.host,
            self.port,
            username=USERNAME,
            password=self._access_code,
            identifier=self._client_id,
            tls_context=context,
            keepalive=KEEPALIVE,
            timeout=self._timeout,
            clean_session=True,
            on_payload=self._on_payload,
        )
        async with AsyncExitStack() as stack:
            try:
                async with asyncio.timeout(CONNECT_TIMEOUT):
                    try:
                        await stack.enter_async_context(client)
                    except aiomqtt.MqttCodeError as err:  # a negative CONNACK
                        if str(err.rc).lower() in _NOT_AUTHORIZED:
                            raise BambuAuthError(
                                f"printer {self.serial} refused the access code"
                            ) from err
                        raise BambuConnectionError(f"connection refused: {err}") from err
                    granted = await client.subscribe(self._report_topic)
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
            self.mqtt = client
            self._watchdog.last_message = time.monotonic()
            try:
                await self.publish("info", "get_version")
                await self.publish("pushing", "pushall")
                async with asyncio.TaskGroup() as group:
                    group.create_task(self._watchdog.run(self.publish))
                    async for _ in client.messages:  # payloads go to on_payload
                        pass
            except* (aiomqtt.MqttError, BambuConnectionError) as errors:
                raise BambuConnectionError(str(errors.exceptions[0])) from None
            except* SilentPrinterError:
                raise BambuConnectionError(
                    f"no report for {2 * self._watchdog.timeout:.0f} s"
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
        """Forget the connection and the reports' flow; tell ``on_lost`` whether it was online."""
        was_online = self.online
        self.mqtt = None
        self._watchdog.receiving = False
        self._on_lost(was_online)

    def next_sequence_id(self) -> str:
        """Return a fresh ``sequence_id`` for a request."""
        return str(next(self._sequence))

    async def publish(
        self, key: str, command: str, sequence_id: str | None = None, **fields: Any
    ) -> None:
        """Publish one request (QoS 1) with a fresh ``sequence_id`` unless one is given.

        Raises ``BambuConnectionError`` when not connected or when the request cannot be sent.
        """
        if (client := self.mqtt) is None:
            raise BambuConnectionError(f"printer {self.serial} is not connected")
        sequence_id = sequence_id or self.next_sequence_id()
        payload = {key: {"sequence_id": sequence_id, "command": command, **fields}}
        try:
            await client.publish(self._request_topic, json.dumps(payload), qos=1)
        except aiomqtt.MqttError as err:
            raise BambuConnectionError(f"cannot send {command}: {err}") from err
