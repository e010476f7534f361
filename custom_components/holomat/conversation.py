"""Conversation agents of HoloMat: the JARVIS agents of a JARVIS server."""

from __future__ import annotations

from .const import EntryType
from .jarvis import conversation as jarvis_conversation
from .platform import feature_platforms

# Turns run concurrently; each request is its own HTTP call.
PARALLEL_UPDATES = 0

async_setup_entry = feature_platforms({EntryType.JARVIS: jarvis_conversation})
