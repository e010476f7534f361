"""Pairing: connect to a printer once and wait for its full state."""

from __future__ import annotations

import asyncio
import secrets
from typing import Final

from .client import BambuClient
from .connection import DEFAULT_PORT
from .errors import BambuConnectionError
from .models import PrinterState

PROBE_TIMEOUT: Final = 20.0  # s to wait for a full report when pairing


async def async_probe(
    host: str,
    serial: str,
    access_code: str,
    certificate_pem: str,
    *,
    port: int = DEFAULT_PORT,
    report_timeout: float = PROBE_TIMEOUT,
) -> PrinterState:
    """Connect once, wait for a full report and the version, disconnect; return the state.

    Raises ``BambuAuthError``, ``BambuCertificateError``, ``BambuWrongPrinterError`` or
    ``BambuConnectionError`` (also when no full report arrives within ``report_timeout`` s).
    """
    client = BambuClient(
        host,
        serial,
        access_code,
        certificate_pem,
        port=port,
        client_id=f"holomat-probe-{secrets.token_hex(4)}",
    )
    ready = asyncio.Event()
    remove = client.add_listener(lambda: ready.set() if client.state.ready else None)
    runner = asyncio.create_task(client.run(retry=False))
    waiter = asyncio.create_task(ready.wait())
    try:
        done, _ = await asyncio.wait(
            {runner, waiter}, timeout=report_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if runner in done:
            runner.result()  # raises the failure
        if waiter not in done:
            raise BambuConnectionError(
                f"printer {serial} at {host} sent no full report within {report_timeout:.0f} s"
            )
        return client.state
    finally:
        remove()
        for task in (runner, waiter):
            task.cancel()
        await asyncio.gather(runner, waiter, return_exceptions=True)
