"""Lights of HoloMat: printer chamber lights."""

from __future__ import annotations

from .const import EntryType
from .platform import feature_platforms
from .printer import light as printer_light

# Entities are pushed by coordinators; commands go to separate devices.
PARALLEL_UPDATES = 0

async_setup_entry = feature_platforms({EntryType.PRINTER: printer_light})
