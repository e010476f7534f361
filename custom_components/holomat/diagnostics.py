"""Diagnostics of HoloMat config entries, with secrets and identities redacted."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from .const import EntryType, entry_type
from .jarvis import diagnostics as jarvis_diagnostics
from .model_server import diagnostics as model_server_diagnostics
from .printer import diagnostics as printer_diagnostics


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: ConfigEntry
) -> dict[str, Any]:
    """Return the diagnostics of a HoloMat config entry."""
    match entry_type(entry):
        case EntryType.PRINTER:
            return printer_diagnostics.diagnostics(entry)
        case EntryType.JARVIS:
            return jarvis_diagnostics.diagnostics(entry)
        case EntryType.MODEL_SERVER:
            return model_server_diagnostics.diagnostics(entry)
