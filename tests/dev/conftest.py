"""A client for the dev-stack tests: reaches a simulated printer as HoloMat reaches a printer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
import contextlib
import itertools
import json
import signal
from typing import Any

import aiomqtt
import pytest

from custom_components.holomat.bambu.tls import pinned_context
from holomat_dev.bambu_simulator import PrinterSimulator

type Report = dict[str, Any]


class PrinterClient:
    """An aiomqtt client on a printer's TLS listener (pinned certificate, ``bblp``)."""

    def __init__(self, client: aiomqtt.Client, serial: str) -> None:
        """Wrap a connected client subscribed to the printer's report topic."""
        self.client = client
        self.serial = serial
        self.reports: asyncio.Queue[Report] = asyncio.Queue()
        self._sequence = itertools.count(1)

    async def read(self) -> None:
        """Put every report received into ``reports`` (JSON ones; others as ``{"raw": ...}``)."""
        async for message in self.client.messages:
            payload = message.payload
            assert isinstance(payload, bytes)
            try:
                report = json.loads(payload)
            except ValueError:
                report = {"raw": payload}
            await self.reports.put(report)

    async def request(self, family: str, command: str, **fields: Any) -> str:
        """Publish a request (QoS 1) with a fresh ``sequence_id``; return that id."""
        sequence_id = str(next(self._sequence))
        body = {"sequence_id": sequence_id, "command": command, **fields}
        await self.client.publish(
            f"device/{self.serial}/request", json.dumps({family: body}), qos=1
        )
        return sequence_id

    async def next_report(
        self, predicate: Callable[[Report], bool] = lambda _: True, within: float = 5.0
    ) -> Report:
        """Return the next report matching ``predicate``, dropping the others."""
        async with asyncio.timeout(within):
            while True:
                report = await self.reports.get()
                if predicate(report):
                    return report

    async def ack(self, family: str, sequence_id: str, within: float = 5.0) -> Report:
        """Return the acknowledgement of the request with this ``sequence_id``."""
        report = await self.next_report(
            lambda r: r.get(family, {}).get("sequence_id") == sequence_id and "result" in r[family],
            within,
        )
        body: Report = report[family]
        return body

    async def wait_for(self, key: str, value: Any, within: float = 10.0) -> Report:
        """Return the next push report whose ``print.<key>`` equals value."""
        report = await self.next_report(lambda r: r.get("print", {}).get(key) == value, within)
        body: Report = report["print"]
        return body


type PrinterClientFactory = Callable[..., Awaitable[PrinterClient]]


@pytest.fixture(autouse=True)
def _sockets(socket_enabled: None) -> None:
    """Let these tests open sockets (HA's test plugin blocks them; hosts stay 127.0.0.1)."""


@pytest.fixture
async def printer_client() -> AsyncIterator[PrinterClientFactory]:
    """Return a factory connecting a ``PrinterClient`` to a simulator's TLS listener."""
    async with contextlib.AsyncExitStack() as stack:

        async def _connect(
            simulator: PrinterSimulator, access_code: str | None = None
        ) -> PrinterClient:
            client = aiomqtt.Client(
                simulator.host,
                simulator.port,
                username="bblp",
                password=access_code or simulator.access_code,
                tls_context=pinned_context(simulator.cert_pem),
            )
            await stack.enter_async_context(client)
            await client.subscribe(f"device/{simulator.serial}/report")
            printer = PrinterClient(client, simulator.serial)
            task = asyncio.create_task(printer.read())

            async def _cancel() -> None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, aiomqtt.MqttError):
                    await task

            stack.push_async_callback(_cancel)
            return printer

        yield _connect


@pytest.fixture
def ctrl_c_reaches_children() -> Iterator[None]:
    """Let the scripts a test starts trap SIGINT even when the tests run in the background.

    A shell's background job starts with SIGINT ignored, which its children inherit, and bash
    cannot trap a signal ignored at its start: the script would never hear the test's Ctrl-C.
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)
