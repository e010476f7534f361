"""HoloMat: JARVIS, BambuLab printers and image-to-STL for Home Assistant.

Each config entry is one feature's (see ``EntryType``): a printer, a JARVIS server or a 3D model
server. Every feature is a subpackage with ``async_setup`` (actions, registered once),
``async_setup_entry`` and ``async_unload_entry``; this module only dispatches to them. Platform
modules (``sensor.py``, ...) dispatch the same way to ``<feature>/<platform>.py``.
"""

from __future__ import annotations

from typing import Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from . import assist, jarvis, llm_api, llm_confirmation, model_server, printer
from .const import DOMAIN, EntryType, entry_type
from .frontend import async_setup_frontend

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


class Feature(Protocol):
    """What a feature subpackage offers to the integration's setup."""

    def async_setup(self, hass: HomeAssistant) -> None:
        """Register the feature's actions."""

    async def async_setup_entry(self, hass: HomeAssistant, entry: ConfigEntry) -> bool:
        """Set up one of the feature's config entries."""

    async def async_unload_entry(self, hass: HomeAssistant, entry: ConfigEntry) -> bool:
        """Unload one of the feature's config entries."""


FEATURES: dict[EntryType, Feature] = {
    EntryType.PRINTER: printer,
    EntryType.JARVIS: jarvis,
    EntryType.MODEL_SERVER: model_server,
}


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register HoloMat's actions, intents, LLM API and dashboard cards."""
    llm_api.async_register(hass)
    llm_confirmation.async_setup(hass)
    assist.async_setup(hass)
    for feature in FEATURES.values():
        feature.async_setup(hass)
    await async_setup_frontend(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Set up a HoloMat config entry."""
    return await FEATURES[entry_type(entry)].async_setup_entry(hass, entry)


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Unload a HoloMat config entry."""
    return await FEATURES[entry_type(entry)].async_unload_entry(hass, entry)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: ConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete a device HoloMat no longer reports (a printer's unplugged AMS unit)."""
    if entry_type(entry) is not EntryType.PRINTER:
        return False
    return await printer.async_remove_config_entry_device(hass, entry, device)
