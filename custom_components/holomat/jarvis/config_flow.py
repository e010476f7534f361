"""Config flow steps of JARVIS: add a server (an agent and an AI task), renew its key, agents."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigFlowResult,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.const import (
    CONF_API_KEY,
    CONF_LLM_HASS_API,
    CONF_MODEL,
    CONF_NAME,
    CONF_PROMPT,
    CONF_TIMEOUT,
)
from homeassistant.helpers import llm
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TemplateSelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import openai
import voluptuous as vol

from ..const import CONF_ENTRY_TYPE, LOGGER, EntryType
from ..flow import FeatureConfigFlow, FormError
from ..voice import CONF_PREFER_PIPELINE
from .client import JarvisData, async_list_models, create_client
from .const import (
    CONF_BASE_URL,
    CONF_MAX_HISTORY,
    CONF_MAX_TOKENS,
    CONF_MAX_TOOL_ROUNDS,
    CONF_PREFER_LOCAL,
    CONF_TEMPERATURE,
    DEFAULT_AI_TASK_NAME,
    DEFAULT_BASE_URL,
    DEFAULT_LLM_APIS,
    DEFAULT_MAX_HISTORY,
    DEFAULT_MAX_TOOL_ROUNDS,
    DEFAULT_MODEL,
    DEFAULT_NAME,
    DEFAULT_PROMPT,
    REQUEST_TIMEOUT,
    SUBENTRY_AGENT,
    SUBENTRY_AI_TASK,
)
from .task_flow import default_task_options, served_model

PASSWORD_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))

JARVIS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_BASE_URL, default=DEFAULT_BASE_URL): URL_SELECTOR,
        vol.Optional(CONF_API_KEY): PASSWORD_SELECTOR,
    }
)
REAUTH_SCHEMA = vol.Schema({vol.Optional(CONF_API_KEY): PASSWORD_SELECTOR})


def _base_url(user_input: dict[str, Any]) -> str:
    """Return the server URL the user typed, without a trailing slash."""
    return str(user_input[CONF_BASE_URL]).strip().rstrip("/")


def _api_key(user_input: dict[str, Any]) -> str | None:
    """Return the API key the user typed; ``None`` for none (local servers need none)."""
    return (user_input.get(CONF_API_KEY) or "").strip() or None


async def _async_check(flow: FeatureConfigFlow, base_url: str, api_key: str | None) -> list[str]:
    """Return the server's models, asked with ``api_key``; raise ``FormError`` when that fails.

    The error keys are JARVIS's own: the generic ``cannot_connect`` would not say which server.
    """
    try:
        return await async_list_models(create_client(flow.hass, base_url, api_key))
    except (openai.AuthenticationError, openai.PermissionDeniedError) as err:
        raise FormError("jarvis_invalid_auth") from err
    except (openai.APIConnectionError, openai.NotFoundError) as err:
        raise FormError("jarvis_cannot_connect") from err
    except Exception as err:
        LOGGER.exception("Unexpected error while checking the JARVIS server")
        raise FormError("unknown") from err


class JarvisConfigFlowMixin(FeatureConfigFlow):
    """Steps that add an OpenAI-compatible server for JARVIS and keep its key valid."""

    async def async_step_jarvis(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the server's URL and key; check them by listing the server's models."""
        errors: dict[str, str] = {}
        if user_input is not None:
            base_url = _base_url(user_input)
            api_key = _api_key(user_input)
            self._async_abort_entries_match({CONF_BASE_URL: base_url})
            try:
                models = await _async_check(self, base_url, api_key)
            except FormError as err:
                errors[err.field] = err.key
            else:
                model = served_model(models)
                return self.async_create_entry(
                    title=f"JARVIS ({base_url.split('://', 1)[-1].split('/', 1)[0]})",
                    data={
                        CONF_ENTRY_TYPE: EntryType.JARVIS,
                        CONF_BASE_URL: base_url,
                        CONF_API_KEY: api_key,
                    },
                    subentries=[
                        {
                            "subentry_type": SUBENTRY_AGENT,
                            "data": default_agent_options() | {CONF_MODEL: model},
                            "title": DEFAULT_NAME,
                            "unique_id": None,
                        },
                        {
                            "subentry_type": SUBENTRY_AI_TASK,
                            "data": default_task_options(models),
                            "title": DEFAULT_AI_TASK_NAME,
                            "unique_id": None,
                        },
                    ],
                )
        return self.async_show_form(
            step_id="jarvis",
            data_schema=self.add_suggested_values_to_schema(JARVIS_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_jarvis_reauth(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a new key for the server (the old one was refused)."""
        entry = self._get_reauth_entry()
        base_url = entry.data[CONF_BASE_URL]

        async def check(user_input: dict[str, Any]) -> dict[str, Any]:
            api_key = _api_key(user_input)
            await _async_check(self, base_url, api_key)
            return {CONF_API_KEY: api_key}

        return await self.async_update_entry_step(
            "jarvis_reauth",
            entry,
            user_input,
            check,
            schema=REAUTH_SCHEMA,
            reason="jarvis_reauth_successful",
            placeholders={"url": base_url},
        )

    async def async_step_jarvis_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Move the server to a new URL (or change its key); check them before saving."""
        entry = self._get_reconfigure_entry()

        async def check(user_input: dict[str, Any]) -> dict[str, Any]:
            base_url, api_key = _base_url(user_input), _api_key(user_input)
            await _async_check(self, base_url, api_key)
            return {CONF_BASE_URL: base_url, CONF_API_KEY: api_key}

        return await self.async_update_entry_step(
            "jarvis_reconfigure",
            entry,
            user_input,
            check,
            schema=JARVIS_SCHEMA,
            reason="jarvis_reconfigure_successful",
            suggested={
                CONF_BASE_URL: entry.data[CONF_BASE_URL],
                CONF_API_KEY: entry.data.get(CONF_API_KEY),
            },
        )


def default_agent_options() -> dict[str, Any]:
    """Return the settings of a new agent."""
    return {
        CONF_MODEL: DEFAULT_MODEL,
        CONF_PROMPT: DEFAULT_PROMPT,
        CONF_LLM_HASS_API: list(DEFAULT_LLM_APIS),
        CONF_MAX_TOOL_ROUNDS: DEFAULT_MAX_TOOL_ROUNDS,
        CONF_MAX_HISTORY: DEFAULT_MAX_HISTORY,
        CONF_PREFER_LOCAL: False,
        CONF_PREFER_PIPELINE: False,
        CONF_TIMEOUT: REQUEST_TIMEOUT,
    }


class JarvisAgentFlow(ConfigSubentryFlow):
    """Add or edit a JARVIS agent: model, persona, sampling, tools and memory."""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Add an agent."""
        return await self._async_step_agent(user_input, None)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Edit an agent."""
        return await self._async_step_agent(user_input, self._get_reconfigure_subentry().data)

    async def _async_step_agent(
        self, user_input: dict[str, Any] | None, current: Any
    ) -> SubentryFlowResult:
        """Show the agent's form, with the models the server serves, and save it."""
        entry = self._get_entry()
        if entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="entry_not_loaded")
        step_id = "user" if current is None else "reconfigure"
        if user_input is not None:
            if not user_input.get(CONF_LLM_HASS_API):
                user_input.pop(CONF_LLM_HASS_API, None)
            for key in (CONF_MAX_TOOL_ROUNDS, CONF_MAX_HISTORY, CONF_MAX_TOKENS):
                if key in user_input:
                    user_input[key] = int(user_input[key])
            if current is None:
                name = user_input.pop(CONF_NAME)
                return self.async_create_entry(title=name, data=user_input)
            return self.async_update_and_abort(
                entry, self._get_reconfigure_subentry(), data=user_input
            )
        data: JarvisData = entry.runtime_data
        suggested = dict(current) if current is not None else default_agent_options()
        if current is None:
            suggested[CONF_NAME] = DEFAULT_NAME
        if suggested.get(CONF_MODEL) not in data.models and data.models:
            suggested[CONF_MODEL] = data.models[0]
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                _agent_schema(self, data.models, new=current is None), suggested
            ),
        )


def _agent_schema(flow: ConfigSubentryFlow, models: list[str], *, new: bool) -> vol.Schema:
    """Return the agent form's schema."""
    apis = [SelectOptionDict(label=api.name, value=api.id) for api in llm.async_get_apis(flow.hass)]
    schema: dict[vol.Marker, Any] = {}
    if new:
        schema[vol.Required(CONF_NAME)] = str
    schema |= {
        vol.Required(CONF_MODEL): SelectSelector(
            SelectSelectorConfig(
                options=models, mode=SelectSelectorMode.DROPDOWN, custom_value=True
            )
        ),
        vol.Optional(CONF_PROMPT): TemplateSelector(),
        vol.Optional(CONF_LLM_HASS_API): SelectSelector(
            SelectSelectorConfig(options=apis, multiple=True)
        ),
        vol.Optional(CONF_TEMPERATURE): NumberSelector(
            NumberSelectorConfig(min=0, max=2, step=0.05, mode=NumberSelectorMode.SLIDER)
        ),
        vol.Optional(CONF_MAX_TOKENS): NumberSelector(
            NumberSelectorConfig(min=1, max=100000, step=1, mode=NumberSelectorMode.BOX)
        ),
        vol.Required(CONF_MAX_TOOL_ROUNDS): NumberSelector(
            NumberSelectorConfig(min=1, max=10, step=1, mode=NumberSelectorMode.BOX)
        ),
        vol.Required(CONF_MAX_HISTORY): NumberSelector(
            NumberSelectorConfig(min=0, max=100, step=1, mode=NumberSelectorMode.BOX)
        ),
        vol.Required(CONF_PREFER_LOCAL): BooleanSelector(),
        vol.Optional(CONF_PREFER_PIPELINE, default=False): BooleanSelector(),
        vol.Required(CONF_TIMEOUT): NumberSelector(
            NumberSelectorConfig(
                min=0.1, max=600, step=0.1, mode=NumberSelectorMode.BOX, unit_of_measurement="s"
            )
        ),
    }
    return vol.Schema(schema)
