"""Printers by voice: HoloMat's intents, the names printers answer to, and their sentences.

The same intent handlers serve Home Assistant's built-in conversation agent (through the
sentences in ``sentences/<language>/``) and every LLM agent (Home Assistant's Assist API offers
registered intents as tools), so both agents understand printers the same way: ``names`` says
which printer a person means, ``answers`` what to say, ``actions`` and ``intents`` what to do.
"""

from __future__ import annotations

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import intent

from .actions import handlers
from .intents import PrinterStatusIntentHandler
from .names import async_printer_phrases
from .sentences import SentenceFiles

__all__ = ["async_printer_phrases", "async_setup"]


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register HoloMat's intents and keep its sentences current (once per HA start)."""
    for handler in (PrinterStatusIntentHandler(), *handlers()):
        intent.async_register(hass, handler)
    files = SentenceFiles(hass)
    files.async_start()

    @callback
    def _async_stop(event: Event) -> None:
        """Drop a pending update of the sentence files."""
        files.debouncer.async_shutdown()

    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _async_stop)
