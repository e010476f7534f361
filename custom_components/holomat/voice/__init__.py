"""JARVIS as an Assist voice pipeline, with speech from the HoloMat add-on's Wyoming server.

HoloMat needs no ``wyoming`` package: HA's core ``wyoming`` integration talks to the add-on and
creates its ``stt``/``tts`` entities; this subpackage only builds the "JARVIS" pipeline from them.
"""

from __future__ import annotations

from .pipeline import (
    PIPELINE_NAME,
    async_ensure_jarvis_pipeline,
    async_find_addon_engines,
    async_remove_jarvis_pipeline,
)
from .setup import CONF_PREFER_PIPELINE, async_setup_jarvis_voice

__all__ = [
    "CONF_PREFER_PIPELINE",
    "PIPELINE_NAME",
    "async_ensure_jarvis_pipeline",
    "async_find_addon_engines",
    "async_remove_jarvis_pipeline",
    "async_setup_jarvis_voice",
]
