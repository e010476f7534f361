"""Diagnostics of a printer entry: its settings and its last state, with secrets redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST

from .const import CONF_ACCESS_CODE, CONF_CERTIFICATE, CONF_SERIAL
from .coordinator import PrinterConfigEntry

TO_REDACT = {CONF_ACCESS_CODE, CONF_CERTIFICATE, CONF_HOST, CONF_SERIAL, "title"}


def diagnostics(entry: PrinterConfigEntry) -> dict[str, Any]:
    """Return the entry's data and options, the connection status and the printer's state.

    ``dropped_messages`` counts the malformed messages the printer sent since setup.

    The access code, the host, the serial and the pinned certificate are redacted; the
    certificate's SHA-256 fingerprint stays, to help with "certificate changed" reports.
    """
    coordinator = entry.runtime_data
    return {
        "entry": async_redact_data(
            {"title": entry.title, "data": dict(entry.data), "options": dict(entry.options)},
            TO_REDACT,
        ),
        "online": coordinator.online,
        "dropped_messages": coordinator.client.dropped_messages,
        "state": asdict(coordinator.data.state),
    }
