"""Config flow steps for 3D model servers: Supervisor discovery, by URL, reauth, reconfigure."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlowResult
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import TextSelector, TextSelectorConfig, TextSelectorType
from homeassistant.helpers.service_info.hassio import HassioServiceInfo
import voluptuous as vol
from yarl import URL

from ..const import CONF_ENTRY_TYPE, LOGGER, EntryType
from ..flow import FeatureConfigFlow, FormError
from .client import (
    ModelServerAuthError,
    ModelServerClient,
    ModelServerConnectionError,
    ModelServerError,
    ServerInfo,
)
from .const import DEFAULT_PORT

URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
TOKEN_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
SERVER_SCHEMA = vol.Schema(
    {vol.Required(CONF_URL): URL_SELECTOR, vol.Required(CONF_TOKEN): TOKEN_SELECTOR}
)
TOKEN_SCHEMA = vol.Schema({vol.Required(CONF_TOKEN): TOKEN_SELECTOR})
DEFAULT_TITLE = "HoloMat 3D model server"


class InvalidUrlError(ValueError):
    """The URL given is not an http(s) URL with a host."""


def normalize_url(url: str) -> str:
    """Return ``url`` as ``scheme://host:port`` (port 8099 when none given), or raise."""
    parsed = URL(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidUrlError(url)
    port = parsed.explicit_port or DEFAULT_PORT
    built = URL.build(scheme=parsed.scheme, host=parsed.host, port=port, path=parsed.path)
    return str(built).rstrip("/")


def _form_url(user_input: dict[str, Any]) -> str:
    """Return the URL typed in the form, normalized; raise ``FormError`` for an invalid one."""
    try:
        return normalize_url(user_input[CONF_URL])
    except InvalidUrlError as err:
        raise FormError("model_server_invalid_url", CONF_URL) from err


def _entry_data(url: str, token: str) -> dict[str, str]:
    """Return the data of a model server entry."""
    return {CONF_ENTRY_TYPE: EntryType.MODEL_SERVER, CONF_URL: url, CONF_TOKEN: token}


def _unique_id(url: str) -> str:
    """Return the unique id of a server added by URL: its host and port."""
    parsed = URL(url)
    return f"{parsed.host}:{parsed.port}"


class ModelServerConfigFlowMixin(FeatureConfigFlow):
    """Steps that add the HoloMat add-on (or the same server on a GPU host) and keep it working."""

    _model_server_discovery: dict[str, str]

    async def _async_check_model_server(self, url: str, token: str) -> ServerInfo:
        """Return the server's ``/info``, asked with ``token``; raise ``FormError`` on failure."""
        client = ModelServerClient(async_get_clientsession(self.hass), url, token)
        try:
            return await client.async_info()
        except ModelServerAuthError as err:
            raise FormError("model_server_invalid_auth") from err
        except ModelServerConnectionError as err:
            raise FormError("model_server_cannot_connect") from err
        except ModelServerError as err:
            LOGGER.exception("Unexpected answer from the model server at %s", url)
            raise FormError("unknown") from err

    async def async_step_hassio(self, discovery_info: HassioServiceInfo) -> ConfigFlowResult:
        """Take the add-on announced by the Supervisor; update it when already set up."""
        config = discovery_info.config
        url = f"http://{config['host']}:{config.get('port', DEFAULT_PORT)}"
        token = str(config.get("token", ""))
        await self.async_set_unique_id(discovery_info.slug)
        self._abort_if_unique_id_configured(
            updates={CONF_URL: url, CONF_TOKEN: token}, error="model_server_already_configured"
        )
        self._async_abort_entries_match({CONF_URL: url})
        self._model_server_discovery = {
            CONF_URL: url,
            CONF_TOKEN: token,
            "name": discovery_info.name or DEFAULT_TITLE,
        }
        self.context["title_placeholders"] = {"name": self._model_server_discovery["name"]}
        return await self.async_step_model_server_hassio_confirm()

    async def async_step_model_server_hassio_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask whether to add the discovered add-on; check it answers first."""
        discovery = self._model_server_discovery
        errors: dict[str, str] = {}
        if user_input is not None:
            url, token = discovery[CONF_URL], discovery[CONF_TOKEN]
            try:
                await self._async_check_model_server(url, token)
            except FormError as err:
                errors[err.field] = err.key
            else:
                return self.async_create_entry(
                    title=discovery["name"], data=_entry_data(url, token)
                )
        return self.async_show_form(
            step_id="model_server_hassio_confirm",
            description_placeholders={"name": discovery["name"]},
            errors=errors,
        )

    async def async_step_model_server(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the server's URL and token; check them with ``/info`` before adding."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                url = _form_url(user_input)
                await self.async_set_unique_id(_unique_id(url))
                self._abort_if_unique_id_configured(error="model_server_already_configured")
                self._async_abort_entries_match({CONF_URL: url})
                token = user_input[CONF_TOKEN].strip()
                await self._async_check_model_server(url, token)
            except FormError as err:
                errors[err.field] = err.key
            else:
                return self.async_create_entry(title=DEFAULT_TITLE, data=_entry_data(url, token))
        return self.async_show_form(
            step_id="model_server",
            data_schema=self.add_suggested_values_to_schema(SERVER_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_model_server_reauth(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the server's new token."""
        entry = self._get_reauth_entry()

        async def check(user_input: dict[str, Any]) -> dict[str, Any]:
            token = user_input[CONF_TOKEN].strip()
            await self._async_check_model_server(entry.data[CONF_URL], token)
            return {CONF_TOKEN: token}

        return await self.async_update_entry_step(
            "model_server_reauth",
            entry,
            user_input,
            check,
            schema=TOKEN_SCHEMA,
            reason="model_server_reauth_successful",
            placeholders={"name": entry.title, "url": entry.data[CONF_URL]},
        )

    async def async_step_model_server_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the server's URL or token; check them before saving."""
        entry = self._get_reconfigure_entry()

        async def check(user_input: dict[str, Any]) -> dict[str, Any]:
            url, token = _form_url(user_input), user_input[CONF_TOKEN].strip()
            await self._async_check_model_server(url, token)
            return {CONF_URL: url, CONF_TOKEN: token}

        return await self.async_update_entry_step(
            "model_server_reconfigure",
            entry,
            user_input,
            check,
            schema=SERVER_SCHEMA,
            reason="model_server_reconfigure_successful",
            suggested={CONF_URL: entry.data[CONF_URL], CONF_TOKEN: entry.data[CONF_TOKEN]},
            placeholders={"name": entry.title},
        )
