"""JARVIS: HoloMat's conversation agent on any OpenAI-compatible server."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_API_KEY, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
import openai

from ..const import DOMAIN
from .client import JarvisData, async_list_models, create_client
from .const import CONF_BASE_URL

PLATFORMS = [Platform.CONVERSATION, Platform.SENSOR]

type JarvisConfigEntry = ConfigEntry[JarvisData]


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Nothing to register once: JARVIS has no actions (the ``holomat`` LLM API is shared)."""


async def async_setup_entry(hass: HomeAssistant, entry: JarvisConfigEntry) -> bool:
    """Connect to the server, check the key, and add one conversation entity per agent.

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
    entry.runtime_data = JarvisData(client=client, models=models)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(entry.add_update_listener(_async_entry_updated))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: JarvisConfigEntry) -> bool:
    """Unload the server's agents."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def _async_entry_updated(hass: HomeAssistant, entry: JarvisConfigEntry) -> None:
    """Reload the entry so added, edited or removed agents take effect."""
    await hass.config_entries.async_reload(entry.entry_id)
