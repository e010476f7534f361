"""The pipeline follows the agent and the add-on: made at start, updated, removed with the agent."""

from __future__ import annotations

from homeassistant.components.assist_pipeline import async_get_pipelines
from homeassistant.components.assist_pipeline.pipeline import async_setup_pipeline_store
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN, EntryType
from custom_components.holomat.voice import async_setup_jarvis_voice


def _agent(hass: HomeAssistant) -> str:
    """Register the JARVIS agent's entity (as the JARVIS feature's conversation platform does)."""
    return er.async_get(hass).async_get_or_create("conversation", DOMAIN, "jarvis-agent").entity_id


async def test_follows_addon_and_agent(ha: HomeAssistant, addon_port: int) -> None:
    """Text-only first; the add-on discovered later adds STT/TTS; removing the agent removes it."""
    hass = ha
    entry = MockConfigEntry(
        domain=DOMAIN,
        data={CONF_ENTRY_TYPE: EntryType.JARVIS},
    )
    entry.add_to_hass(hass)
    agent = _agent(hass)
    async_setup_jarvis_voice(hass, entry, agent, prefer=True, name="Friday")
    await hass.async_block_till_done()
    (pipeline,) = [p for p in async_get_pipelines(hass) if p.conversation_engine == agent]
    assert pipeline.name == "Friday"
    assert pipeline.stt_engine is None
    store = (await async_setup_pipeline_store(hass)).pipeline_store
    assert store.async_get_preferred_item() == pipeline.id

    wyoming = MockConfigEntry(domain="wyoming", data={"host": "127.0.0.1", "port": addon_port})
    wyoming.add_to_hass(hass)
    assert await hass.config_entries.async_setup(wyoming.entry_id)
    await hass.async_block_till_done()
    (pipeline,) = [p for p in async_get_pipelines(hass) if p.conversation_engine == agent]
    assert pipeline.stt_engine == "stt.holomat_stt"
    assert pipeline.tts_engine == "tts.holomat_tts"

    er.async_get(hass).async_remove(agent)
    await hass.async_block_till_done()
    assert not [p for p in async_get_pipelines(hass) if p.conversation_engine == agent]
    assert store.async_get_preferred_item() in store.data
    await hass.config_entries.async_unload(wyoming.entry_id)


async def test_waits_for_start(hass: HomeAssistant) -> None:
    """Before HA has started, the pipeline is made once it has (entities are registered by then)."""
    hass.set_state(CoreState.starting)
    entry = MockConfigEntry(domain=DOMAIN, data={CONF_ENTRY_TYPE: EntryType.JARVIS})
    entry.add_to_hass(hass)
    agent = _agent(hass)
    async_setup_jarvis_voice(hass, entry, agent)
    await hass.async_block_till_done()
    assert "assist_pipeline" not in hass.config.components
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    await hass.async_block_till_done()
    assert [p for p in async_get_pipelines(hass) if p.conversation_engine == agent]
