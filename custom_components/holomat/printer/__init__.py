"""BambuLab printers in Home Assistant: setup of a printer config entry."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register what printers offer once per Home Assistant start (actions)."""


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Set up a printer config entry."""
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Unload a printer config entry."""
    return True
