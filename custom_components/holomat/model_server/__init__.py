"""3D model servers (the HoloMat add-on) in Home Assistant: setup of a model server entry."""

from __future__ import annotations

from homeassistant.const import CONF_TOKEN, CONF_URL, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from ..const import DOMAIN
from .client import ModelServerAuthError, ModelServerClient, ModelServerError
from .const import MANUFACTURER
from .model_view import ModelFileView
from .models import ModelServerConfigEntry, ModelServerData, device_id
from .services import async_setup_services

PLATFORMS = [Platform.IMAGE]


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register the 3D model actions, and the view serving models, once per HA start."""
    async_setup_services(hass)
    if "http" in hass.config.components:
        hass.http.register_view(ModelFileView())


async def async_setup_entry(hass: HomeAssistant, entry: ModelServerConfigEntry) -> bool:
    """Check that the add-on answers with this token, then add its device and preview image."""
    client = ModelServerClient(
        async_get_clientsession(hass), entry.data[CONF_URL], entry.data[CONF_TOKEN]
    )
    try:
        info = await client.async_info()
    except ModelServerAuthError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="model_server_invalid_auth"
        ) from err
    except ModelServerError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="model_server_unreachable",
            translation_placeholders={"url": entry.data[CONF_URL], "error": str(err)},
        ) from err
    entry.runtime_data = ModelServerData(client, info)
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, device_id(entry))},
        manufacturer=MANUFACTURER,
        model=f"Image to STL ({info.device})",
        name=entry.title,
        sw_version=info.version,
        entry_type=dr.DeviceEntryType.SERVICE,
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ModelServerConfigEntry) -> bool:
    """Unload a model server."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
