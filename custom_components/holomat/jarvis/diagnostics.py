"""Diagnostics of a JARVIS server: settings (key redacted), models, usage, refusals learnt."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_API_KEY

from . import JarvisConfigEntry

TO_REDACT = {CONF_API_KEY}


def diagnostics(entry: JarvisConfigEntry) -> dict[str, Any]:
    """Return the entry's diagnostics; the API key never appears."""
    data = entry.runtime_data
    return {
        "entry": async_redact_data(dict(entry.data), TO_REDACT),
        "agents": {
            subentry.subentry_id: {"title": subentry.title, "options": dict(subentry.data)}
            for subentry in entry.subentries.values()
        },
        "models": data.models,
        "last_turn_usage": {key: asdict(usage) for key, usage in data.last_usage.items()},
        "total_usage": {key: asdict(usage) for key, usage in data.total_usage.items()},
        "dialects": {model: dialect.as_dict() for model, dialect in data.dialects.items()},
    }
