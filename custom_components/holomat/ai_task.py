"""AI Task entities of HoloMat: the AI tasks of a JARVIS server."""

from __future__ import annotations

from .const import EntryType
from .jarvis import ai_task as jarvis_ai_task
from .platform import feature_platforms

# Tasks run concurrently; each request is its own HTTP call.
PARALLEL_UPDATES = 0

async_setup_entry = feature_platforms({EntryType.JARVIS: jarvis_ai_task})
