"""Binary sensors of HoloMat: printer online, HMS problem, print error."""

from __future__ import annotations

from .const import EntryType
from .platform import feature_platforms
from .printer import binary_sensor as printer_binary_sensor

# Entities are pushed by coordinators; commands go to separate devices.
PARALLEL_UPDATES = 0

async_setup_entry = feature_platforms({EntryType.PRINTER: printer_binary_sensor})
