"""Sensors of HoloMat: printer telemetry, JARVIS token usage."""

from __future__ import annotations

from .const import EntryType
from .jarvis import sensor as jarvis_sensor
from .platform import feature_platforms
from .printer import sensor as printer_sensor

# Entities are pushed by coordinators; commands go to separate devices.
PARALLEL_UPDATES = 0

async_setup_entry = feature_platforms(
    {EntryType.PRINTER: printer_sensor, EntryType.JARVIS: jarvis_sensor}
)
