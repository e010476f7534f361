"""The "JARVIS" Assist pipeline: made from the add-on's Wyoming entities, never duplicated."""

from __future__ import annotations

from homeassistant.components.assist_pipeline import async_get_pipelines, async_update_pipeline
from homeassistant.components.assist_pipeline.pipeline import async_setup_pipeline_store
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.voice import (
    PIPELINE_NAME,
    async_ensure_jarvis_pipeline,
    async_find_addon_engines,
    async_remove_jarvis_pipeline,
)

AGENT = "conversation.jarvis"


def jarvis_pipelines(hass: HomeAssistant) -> list:  # type: ignore[type-arg]
    """Return the pipelines whose agent is AGENT."""
    return [p for p in async_get_pipelines(hass) if p.conversation_engine == AGENT]


async def test_pipeline_uses_addon_engines(
    hass: HomeAssistant, wyoming_entry: MockConfigEntry
) -> None:
    """HA's core wyoming integration found the add-on; the pipeline uses its STT and TTS."""
    engines = async_find_addon_engines(hass)
    assert engines.stt == "stt.holomat_stt"
    assert engines.tts == "tts.holomat_tts"
    pipeline = await async_ensure_jarvis_pipeline(hass, AGENT)
    assert pipeline.name == PIPELINE_NAME
    assert pipeline.stt_engine == "stt.holomat_stt"
    assert pipeline.stt_language == "en"
    assert pipeline.tts_engine == "tts.holomat_tts"
    assert pipeline.tts_language == "en"
    assert pipeline.tts_voice == "espeak-en"
    assert pipeline.conversation_language == "*"
    assert pipeline.language == "en"
    assert engines.wake_word == "wake_word.holomat_wake"
    assert pipeline.wake_word_entity == "wake_word.holomat_wake"
    assert pipeline.wake_word_id == "hey_jarvis"


async def test_pipeline_never_duplicated(
    hass: HomeAssistant, wyoming_entry: MockConfigEntry
) -> None:
    """Ensuring again updates the same pipeline, keeps a user's new name, and can prefer it."""
    first = await async_ensure_jarvis_pipeline(hass, AGENT)
    store = (await async_setup_pipeline_store(hass)).pipeline_store
    preferred = store.async_get_preferred_item()
    await async_update_pipeline(hass, first, name="My JARVIS", tts_voice="espeak-fr")
    second = await async_ensure_jarvis_pipeline(hass, AGENT)
    assert second.id == first.id
    assert second.name == "My JARVIS"
    assert second.tts_voice == "espeak-en"  # espeak-fr does not speak HA's English
    assert len(jarvis_pipelines(hass)) == 1
    assert store.async_get_preferred_item() == preferred
    third = await async_ensure_jarvis_pipeline(hass, AGENT, prefer=True)
    assert third.id == first.id
    assert store.async_get_preferred_item() == first.id


async def test_duplicates_cleaned_up(hass: HomeAssistant, wyoming_entry: MockConfigEntry) -> None:
    """A second pipeline for the same agent (e.g. restored from a backup) is removed."""
    first = await async_ensure_jarvis_pipeline(hass, AGENT)
    store = (await async_setup_pipeline_store(hass)).pipeline_store
    await store.async_create_item({k: v for k, v in first.to_json().items() if k != "id"})
    assert len(jarvis_pipelines(hass)) == 2
    await async_ensure_jarvis_pipeline(hass, AGENT)
    assert [p.id for p in jarvis_pipelines(hass)] == [first.id]


async def test_french(hass: HomeAssistant, wyoming_entry: MockConfigEntry) -> None:
    """In French, the add-on's offline STT (English) does not fit; its French voice does."""
    hass.config.language = "fr"
    pipeline = await async_ensure_jarvis_pipeline(hass, AGENT)
    assert pipeline.language == "fr"
    assert pipeline.stt_engine is None
    assert pipeline.tts_engine == "tts.holomat_tts"
    assert pipeline.tts_language == "fr"
    assert pipeline.tts_voice == "espeak-fr"


async def test_without_addon(ha: HomeAssistant) -> None:
    """Without the add-on (and no other engine) the pipeline is text only."""
    pipeline = await async_ensure_jarvis_pipeline(ha, AGENT)
    assert pipeline.stt_engine is None
    assert pipeline.tts_engine is None
    assert pipeline.wake_word_entity is None
    assert pipeline.conversation_engine == AGENT


async def test_remove_preferred(hass: HomeAssistant, wyoming_entry: MockConfigEntry) -> None:
    """Removing the agent's preferred pipeline hands the preference to another one first."""
    pipeline = await async_ensure_jarvis_pipeline(hass, AGENT, prefer=True)
    store = (await async_setup_pipeline_store(hass)).pipeline_store
    await async_remove_jarvis_pipeline(hass, AGENT)
    assert jarvis_pipelines(hass) == []
    assert store.async_get_preferred_item() != pipeline.id
    assert store.async_get_preferred_item() in store.data


async def test_remove_last_pipeline(ha: HomeAssistant) -> None:
    """When JARVIS's was the only pipeline, HA's own is recreated and preferred."""
    await async_ensure_jarvis_pipeline(ha, AGENT, prefer=True)
    store = (await async_setup_pipeline_store(ha)).pipeline_store
    for other in list(store.data.values()):
        if other.conversation_engine != AGENT:
            await store.async_delete_item(other.id)
    await async_remove_jarvis_pipeline(ha, AGENT)
    (remaining,) = async_get_pipelines(ha)
    assert remaining.name == "Home Assistant"
    assert store.async_get_preferred_item() == remaining.id
