"""Constants shared by HoloMat's modules."""

from __future__ import annotations

from enum import StrEnum
import logging
from typing import Final

DOMAIN: Final = "holomat"
LOGGER = logging.getLogger(__package__)

CONF_ENTRY_TYPE: Final = "entry_type"


class EntryType(StrEnum):
    """What a HoloMat config entry stands for (stored under ``entry_type`` in its data)."""

    PRINTER = "printer"
