"""Snapshots of one platform's entities of a config entry (``snapshot_platform`` takes one)."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import snapshot_platform
from syrupy.assertion import SnapshotAssertion


async def snapshot_entry_platform(
    hass: HomeAssistant, entry_id: str, platform: Platform, snapshot: SnapshotAssertion
) -> None:
    """Snapshot the registry entries and states of the entry's ``platform`` entities.

    HA's ``snapshot_platform`` refuses an entry with entities of several platforms, and patching
    which platforms an entry loads would patch our own code: the other platforms' entities are
    deleted from the registry (their states stay, unused) before the snapshot.
    """
    registry = er.async_get(hass)
    for entity in er.async_entries_for_config_entry(registry, entry_id):
        if entity.domain != platform:
            registry.async_remove(entity.entity_id)
    await hass.async_block_till_done()
    await snapshot_platform(hass, registry, snapshot, entry_id)
