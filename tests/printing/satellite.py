"""A voice satellite in the workshop: an Assist satellite entity that keeps what it announces.

Home Assistant ships no demo satellite, and HoloMat's peers here are satellites of any kind, so
this is the smallest entity platform that is one (``assist_satellite.AssistSatelliteEntity``,
announce only, like the core Wyoming satellite). Its device is the one a voice turn comes from.
Announcements are spoken with the default pipeline's TTS: HA's own ``demo`` engine (offline).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from homeassistant.components.assist_pipeline import PipelineEvent
from homeassistant.components.assist_satellite import (
    AssistSatelliteAnnouncement,
    AssistSatelliteConfiguration,
    AssistSatelliteEntity,
    AssistSatelliteEntityFeature,
)
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    mock_config_flow,
    mock_integration,
    mock_platform,
)

DOMAIN = "workshop_voice"


class WorkshopSatellite(AssistSatelliteEntity):
    """A satellite that announces by keeping the announcement."""

    _attr_has_entity_name = True
    _attr_name = None
    _attr_supported_features = AssistSatelliteEntityFeature.ANNOUNCE

    def __init__(self) -> None:
        """Name the satellite and its device."""
        self._attr_unique_id = "workshop-satellite"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, "1")}, name="Workshop speaker")
        self.announcements: list[AssistSatelliteAnnouncement] = []

    async def async_announce(self, announcement: AssistSatelliteAnnouncement) -> None:
        """Keep what would be played."""
        self.announcements.append(announcement)

    def on_pipeline_event(self, event: PipelineEvent) -> None:
        """Ignore pipeline events: this satellite never listens."""

    def async_get_configuration(self) -> AssistSatelliteConfiguration:
        """Return no wake words."""
        return AssistSatelliteConfiguration(
            available_wake_words=[], active_wake_words=[], max_active_wake_words=1
        )

    async def async_set_configuration(self, config: AssistSatelliteConfiguration) -> None:
        """Accept any configuration."""


class WorkshopVoiceFlow(ConfigFlow, domain=DOMAIN):
    """The satellite integration's (empty) config flow: its entry is added by the test."""

    VERSION = 1


@dataclass
class Satellite:
    """The satellite entity and the id of its device."""

    entity: WorkshopSatellite
    device_id: str


@pytest.fixture
async def satellite(hass: HomeAssistant) -> AsyncIterator[Satellite]:
    """Add the workshop's satellite (and the speech it needs)."""
    mock_platform(hass, f"{DOMAIN}.config_flow")
    with mock_config_flow(DOMAIN, WorkshopVoiceFlow):
        entity, device_id = await _async_add_satellite(hass)
        yield Satellite(entity, device_id)


async def _async_add_satellite(hass: HomeAssistant) -> tuple[WorkshopSatellite, str]:
    """Add the satellite (and the speech it needs); return it and its device's id."""
    await async_process_ha_core_config(hass, {"internal_url": "http://127.0.0.1:8123"})
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "tts", {"tts": {"platform": "demo"}})
    await hass.async_block_till_done()
    assert await async_setup_component(hass, "assist_pipeline", {})
    satellite = WorkshopSatellite()

    async def setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, ["assist_satellite"])
        return True

    async def add_entities(
        hass: HomeAssistant, entry: ConfigEntry, add: AddConfigEntryEntitiesCallback
    ) -> None:
        add([satellite])

    mock_integration(hass, MockModule(DOMAIN, async_setup_entry=setup_entry))
    mock_platform(hass, f"{DOMAIN}.assist_satellite", MockPlatform(async_setup_entry=add_entities))
    entry = MockConfigEntry(domain=DOMAIN)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    registered = er.async_get(hass).async_get(satellite.entity_id)
    assert registered is not None
    assert registered.device_id is not None
    return satellite, registered.device_id
