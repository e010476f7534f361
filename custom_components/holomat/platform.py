"""Entity platforms of HoloMat: each hands a config entry to its feature's module.

A platform module (``sensor.py``, ...) serves several features; each feature keeps its entities
in ``<feature>/<platform>.py``. ``feature_platforms`` builds the platform's ``async_setup_entry``
from those modules.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import Any, Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import EntryType, entry_type

type SetupEntry = Callable[
    [HomeAssistant, ConfigEntry, AddConfigEntryEntitiesCallback], Coroutine[Any, Any, None]
]


class FeaturePlatform(Protocol):
    """A feature's module for one platform (``printer.sensor``, ``jarvis.sensor``, ...)."""

    async def async_setup_entry(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        async_add_entities: AddConfigEntryEntitiesCallback,
    ) -> None:
        """Add the feature's entities of this platform for one config entry."""


def feature_platforms(modules: Mapping[EntryType, FeaturePlatform]) -> SetupEntry:
    """Return a platform's ``async_setup_entry`` that sends each entry to its feature's module."""

    async def async_setup_entry(
        hass: HomeAssistant,
        entry: ConfigEntry,
        async_add_entities: AddConfigEntryEntitiesCallback,
    ) -> None:
        """Add the entities of a HoloMat config entry (its feature forwards it here)."""
        await modules[entry_type(entry)].async_setup_entry(hass, entry, async_add_entities)

    return async_setup_entry
