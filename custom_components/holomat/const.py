"""Constants shared by HoloMat's modules."""

from __future__ import annotations

from enum import StrEnum
import logging
from typing import Final

from homeassistant.config_entries import ConfigEntry

DOMAIN: Final = "holomat"
LOGGER = logging.getLogger(__package__)

CONF_ENTRY_TYPE: Final = "entry_type"


class EntryType(StrEnum):
    """What a HoloMat config entry stands for (stored under ``entry_type`` in its data)."""

    PRINTER = "printer"
    JARVIS = "jarvis"
    MODEL_SERVER = "model_server"


def entry_type(entry: ConfigEntry) -> EntryType:
    """Return what a HoloMat config entry stands for."""
    return EntryType(entry.data[CONF_ENTRY_TYPE])
