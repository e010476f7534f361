"""The device every entity of a JARVIS agent (or AI task) belongs to, and adding them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.const import CONF_MODEL
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..const import DOMAIN


def agent_device_info(subentry: ConfigSubentry) -> dr.DeviceInfo:
    """Return the agent's service device (complete, whichever platform registers it first)."""
    return dr.DeviceInfo(
        identifiers={(DOMAIN, subentry.subentry_id)},
        name=subentry.title,
        manufacturer="HoloMat",
        model=subentry.data[CONF_MODEL],
        entry_type=dr.DeviceEntryType.SERVICE,
    )


def add_subentry_entities(
    entry: ConfigEntry[Any],
    async_add_entities: AddConfigEntryEntitiesCallback,
    subentry_type: str,
    entity: Callable[[ConfigSubentry], Entity],
) -> None:
    """Add ``entity(subentry)`` for each subentry of ``subentry_type``, attached to it."""
    for subentry in entry.subentries.values():
        if subentry.subentry_type == subentry_type:
            async_add_entities([entity(subentry)], config_subentry_id=subentry.subentry_id)
