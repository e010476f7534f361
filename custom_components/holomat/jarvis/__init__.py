"""JARVIS: HoloMat's conversation agent on any OpenAI-compatible server."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_API_KEY, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import entity_registry as er
import openai

from ..const import DOMAIN
from ..voice import CONF_PREFER_PIPELINE, async_setup_jarvis_voice
from .client import JarvisData, async_list_models, create_client
from .const import CONF_BASE_URL
from .memory import ModelMemory

PLATFORMS = [Platform.AI_TASK, Platform.CONVERSATION, Platform.SENSOR]

type JarvisConfigEntry = ConfigEntry[JarvisData]


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Nothing to register once: JARVIS has no actions (the ``holomat`` LLM API is shared)."""


async def async_setup_entry(hass: HomeAssistant, entry: JarvisConfigEntry) -> bool:
    """Connect to the server, check the key, and add the entities of its agents and AI tasks.

    A refused key starts reauth; an unreachable server retries later.
    """
    client = create_client(hass, entry.data[CONF_BASE_URL], entry.data.get(CONF_API_KEY))
    try:
        models = await async_list_models(client)
    except (openai.AuthenticationError, openai.PermissionDeniedError) as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="jarvis_invalid_auth"
        ) from err
    except openai.APIError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="jarvis_cannot_connect",
            translation_placeholders={"url": entry.data[CONF_BASE_URL], "error": str(err)},
        ) from err
    memory = ModelMemory(hass, entry.entry_id)
    await memory.async_load()
    entry.runtime_data = JarvisData(client=client, models=models, memory=memory)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(entry.add_update_listener(_async_entry_updated))
    _async_setup_voice(hass, entry)
    return True


@callback
def _async_setup_voice(hass: HomeAssistant, entry: JarvisConfigEntry) -> None:
    """Keep one Assist pipeline per agent, named after it (see ``holomat.voice``)."""
    for entity in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id):
        subentry = entry.subentries.get(entity.config_subentry_id or "")
        if entity.domain == "conversation" and subentry is not None:
            async_setup_jarvis_voice(
                hass,
                entry,
                entity.entity_id,
                prefer=bool(subentry.data.get(CONF_PREFER_PIPELINE, False)),
                name=subentry.title,
            )


async def async_unload_entry(hass: HomeAssistant, entry: JarvisConfigEntry) -> bool:
    """Unload the server's agents."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def _async_entry_updated(hass: HomeAssistant, entry: JarvisConfigEntry) -> None:
    """Reload the entry so added, edited or removed agents take effect."""
    await hass.config_entries.async_reload(entry.entry_id)
