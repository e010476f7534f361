"""Cameras of HoloMat: printers' chamber cameras."""

from __future__ import annotations

from .const import EntryType
from .platform import feature_platforms
from .printer import camera as printer_camera

# Frames are pushed or streamed on demand; nothing is polled.
PARALLEL_UPDATES = 0

async_setup_entry = feature_platforms({EntryType.PRINTER: printer_camera})
