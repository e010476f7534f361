"""Create, update and remove the "JARVIS" Assist pipeline.

Facts from HA 2026.2.3's ``assist_pipeline``: pipelines live in a storage collection
(``async_setup_pipeline_store``); creation needs every field; STT and TTS check the pipeline's
language *exactly* against the entity's list when a run starts; the preferred pipeline cannot be
deleted (``PipelinePreferred``). Ours is found by its conversation engine, so renaming it in the UI
does not make a second one. Its wake word is "hey jarvis": the add-on's (Wyoming program
``holomat-wake``, model ``hey_jarvis``), else any wake word engine's that has it (openWakeWord's
is also ``hey_jarvis``); an engine answers for its wake words within ``WAKE_WORDS_WITHIN`` s.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import logging
from typing import Any

from homeassistant.components import stt, tts, wake_word
from homeassistant.components.assist_pipeline import Pipeline, async_update_pipeline
from homeassistant.components.assist_pipeline.pipeline import (
    PipelineStorageCollection,
    async_setup_pipeline_store,
)
from homeassistant.components.tts.helper import get_engine_instance
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import language as language_util

_LOGGER = logging.getLogger(__name__)
PIPELINE_NAME = "JARVIS"
# Program names the add-on's Wyoming server announces (holomat_addon.voice.service).
ADDON_STT_PROGRAM = "holomat-stt"
ADDON_TTS_PROGRAM = "holomat-tts"
ADDON_WAKE_PROGRAM = "holomat-wake"
WAKE_PHRASE = "hey jarvis"
WAKE_WORDS_WITHIN = 10.0


@dataclass(frozen=True)
class Engines:
    """The STT, TTS and wake word entity ids a pipeline should use (``None`` = none available)."""

    stt: str | None
    tts: str | None
    wake_word: str | None = None


_ADDON_PROGRAMS = {
    "stt": ADDON_STT_PROGRAM,
    "tts": ADDON_TTS_PROGRAM,
    "wake_word": ADDON_WAKE_PROGRAM,
}


def async_find_addon_engines(hass: HomeAssistant) -> Engines:
    """Return the add-on's Wyoming ``stt``/``tts``/``wake_word`` entities, by program name."""
    found: dict[str, str] = {}
    for entry in er.async_get(hass).entities.values():
        if entry.platform != "wyoming" or entry.disabled:
            continue
        if _ADDON_PROGRAMS.get(entry.domain) == entry.original_name:
            found.setdefault(entry.domain, entry.entity_id)
    return Engines(found.get("stt"), found.get("tts"), found.get("wake_word"))


def _stt_settings(hass: HomeAssistant, engine_id: str | None) -> dict[str, Any]:
    """Return ``stt_engine``/``stt_language`` for HA's language, or Nones if it does not fit."""
    engine = stt.async_get_speech_to_text_engine(hass, engine_id) if engine_id else None
    if engine is not None:
        languages = language_util.matches(
            hass.config.language, engine.supported_languages, country=hass.config.country
        )
        if languages:
            return {"stt_engine": engine_id, "stt_language": languages[0]}
    return {"stt_engine": None, "stt_language": None}


def _tts_settings(hass: HomeAssistant, engine_id: str | None, voice: str | None) -> dict[str, Any]:
    """Return ``tts_engine``/``tts_language``/``tts_voice`` for HA's language, or Nones."""
    engine = get_engine_instance(hass, engine_id) if engine_id else None
    if engine is not None:
        languages = language_util.matches(
            hass.config.language, engine.supported_languages, country=hass.config.country
        )
        if languages:
            voices = [v.voice_id for v in engine.async_get_supported_voices(languages[0]) or []]
            if voice not in voices:
                voice = voices[0] if voices else None
            return {"tts_engine": engine_id, "tts_language": languages[0], "tts_voice": voice}
    return {"tts_engine": None, "tts_language": None, "tts_voice": None}


def _is_hey_jarvis(word: wake_word.WakeWord) -> bool:
    """Return whether a wake word is "hey jarvis" (by its phrase, name or id)."""
    return any(
        "".join(c for c in text.lower() if c.isalpha()) == WAKE_PHRASE.replace(" ", "")
        for text in (word.phrase, word.name, word.id)
        if text
    )


async def _async_wake_words(hass: HomeAssistant, entity_id: str) -> list[wake_word.WakeWord]:
    """Return the wake words of an engine (none if it is gone or does not answer in time)."""
    entity = wake_word.async_get_wake_word_detection_entity(hass, entity_id)
    if entity is None:
        return []
    try:
        async with asyncio.timeout(WAKE_WORDS_WITHIN):
            return await entity.get_supported_wake_words()
    except TimeoutError:
        _LOGGER.warning("Wake word engine %s did not list its wake words", entity_id)
        return []


async def _async_wake_settings(
    hass: HomeAssistant, addon_entity: str | None, current: Pipeline | None
) -> dict[str, Any]:
    """Return ``wake_word_entity``/``wake_word_id``: "hey jarvis", the add-on's first.

    A wake word already set that its engine still offers is kept (the user chose it).
    """
    if current is not None and current.wake_word_entity and current.wake_word_id:
        words = await _async_wake_words(hass, current.wake_word_entity)
        if any(word.id == current.wake_word_id for word in words):
            return {
                "wake_word_entity": current.wake_word_entity,
                "wake_word_id": current.wake_word_id,
            }
    others = sorted(set(hass.states.async_entity_ids(wake_word.DOMAIN)) - {addon_entity})
    for entity_id in filter(None, (addon_entity, *others)):
        for word in await _async_wake_words(hass, entity_id):
            if _is_hey_jarvis(word):
                return {"wake_word_entity": entity_id, "wake_word_id": word.id}
    return {"wake_word_entity": None, "wake_word_id": None}


def _pipeline_settings(
    hass: HomeAssistant, agent_entity_id: str, tts_voice: str | None
) -> dict[str, Any]:
    """Return every pipeline field: add-on engines when present, else HA's defaults."""
    addon = async_find_addon_engines(hass)
    stt_settings = _stt_settings(hass, addon.stt)
    if stt_settings["stt_engine"] is None:
        stt_settings = _stt_settings(hass, stt.async_default_engine(hass))
    tts_settings = _tts_settings(hass, addon.tts, tts_voice)
    if tts_settings["tts_engine"] is None:
        tts_settings = _tts_settings(hass, tts.async_default_engine(hass), tts_voice)
    return {
        "conversation_engine": agent_entity_id,
        # An LLM agent speaks every language; local intents use the STT/TTS language.
        "conversation_language": "*",
        "language": hass.config.language,
        "name": PIPELINE_NAME,
        **stt_settings,
        **tts_settings,
        "wake_word_entity": None,
        "wake_word_id": None,
        "prefer_local_intents": True,
    }


async def _async_store(hass: HomeAssistant) -> PipelineStorageCollection:
    """Return the pipeline store, setting up ``assist_pipeline`` if it is not yet."""
    # The store makes HA's default pipeline on first use, which needs the conversation agents.
    await async_setup_component(hass, "assist_pipeline", {})
    return (await async_setup_pipeline_store(hass)).pipeline_store


async def async_ensure_jarvis_pipeline(
    hass: HomeAssistant,
    agent_entity_id: str,
    *,
    prefer: bool = False,
    tts_voice: str | None = None,
    name: str = PIPELINE_NAME,
) -> Pipeline:
    """Create or update the one pipeline whose conversation engine is ``agent_entity_id``.

    STT/TTS are the add-on's Wyoming entities when they exist and speak HA's language, else HA's
    default engines, else none; the wake word is "hey jarvis" where an engine has it. A new
    pipeline is called ``name``; an existing one keeps its name (the user may have renamed it).
    With ``prefer`` it becomes the preferred pipeline. Returns the stored pipeline.
    """
    store = await _async_store(hass)
    settings = _pipeline_settings(hass, agent_entity_id, tts_voice) | {"name": name}
    ours = [p for p in store.data.values() if p.conversation_engine == agent_entity_id]
    addon_wake = async_find_addon_engines(hass).wake_word
    settings |= await _async_wake_settings(hass, addon_wake, ours[0] if ours else None)
    if not ours:
        pipeline: Pipeline = await store.async_create_item(settings)
        _LOGGER.info("Created Assist pipeline %s (%s)", PIPELINE_NAME, pipeline.id)
    else:
        pipeline = ours[0]
        for duplicate in ours[1:]:
            if store.async_get_preferred_item() != duplicate.id:
                await store.async_delete_item(duplicate.id)
        settings["name"] = pipeline.name
        if tts_voice is None and pipeline.tts_engine == settings["tts_engine"]:
            # Keep a voice the user picked for the same engine and language.
            keep = _tts_settings(hass, pipeline.tts_engine, pipeline.tts_voice)
            settings["tts_voice"] = keep["tts_voice"]
        await async_update_pipeline(hass, pipeline, **settings)
        pipeline = store.data[pipeline.id]
    if prefer:
        store.async_set_preferred_item(pipeline.id)
    return pipeline


async def async_remove_jarvis_pipeline(hass: HomeAssistant, agent_entity_id: str) -> None:
    """Remove the pipelines of an agent that is gone.

    A preferred one cannot be deleted, so the preference first moves to another pipeline (HA's
    own "Home Assistant" one when there is no other).
    """
    store = await _async_store(hass)
    for pipeline in [p for p in store.data.values() if p.conversation_engine == agent_entity_id]:
        if store.async_get_preferred_item() == pipeline.id:
            others = [p for p in store.data.values() if p.conversation_engine != agent_entity_id]
            if not others:
                default = _pipeline_settings(hass, "conversation.home_assistant", None)
                default |= {"name": "Home Assistant", "conversation_language": hass.config.language}
                others = [await store.async_create_item(default)]
            store.async_set_preferred_item(others[0].id)
        await store.async_delete_item(pipeline.id)
        _LOGGER.info("Removed Assist pipeline %s of %s", pipeline.name, agent_entity_id)
