"""Event entities of HoloMat: print events."""

from __future__ import annotations

from .const import EntryType
from .platform import feature_platforms
from .printer import event as printer_event

# Entities are pushed by coordinators; commands go to separate devices.
PARALLEL_UPDATES = 0

async_setup_entry = feature_platforms({EntryType.PRINTER: printer_event})
