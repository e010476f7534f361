"""Diagnostics of a model server entry: its settings, what the server said, the last model."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_TOKEN, CONF_URL

from .models import ModelServerConfigEntry

TO_REDACT = {CONF_TOKEN, CONF_URL}


def diagnostics(entry: ModelServerConfigEntry) -> dict[str, Any]:
    """Return the entry's data (token and URL redacted), the server's info and the last model."""
    data = entry.runtime_data
    last = data.last_model
    return {
        "entry": async_redact_data({"title": entry.title, "data": dict(entry.data)}, TO_REDACT),
        "server": asdict(data.info),
        "last_model": None if last is None else last.as_dict(),
    }
