"""Add or edit a JARVIS AI task (``ai_task_data`` subentry): its chat and image models."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState, ConfigSubentryFlow, SubentryFlowResult
from homeassistant.const import CONF_MODEL, CONF_NAME, CONF_TIMEOUT
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import voluptuous as vol

from .client import JarvisData
from .const import (
    AI_TASK_TIMEOUT,
    CONF_IMAGE_MODEL,
    DEFAULT_AI_TASK_NAME,
    DEFAULT_IMAGE_MODEL,
    DEFAULT_MODEL,
)


def served_model(models: list[str]) -> str:
    """Return the chat model to suggest: OpenAI's default when served (or unknown), else the first.

    A local server rarely serves OpenAI's default.
    """
    return DEFAULT_MODEL if DEFAULT_MODEL in models or not models else models[0]


def default_task_options(models: list[str]) -> dict[str, Any]:
    """Return the settings of a new AI task on a server serving ``models``."""
    return {
        CONF_MODEL: served_model(models),
        CONF_IMAGE_MODEL: DEFAULT_IMAGE_MODEL,
        CONF_TIMEOUT: AI_TASK_TIMEOUT,
    }


def _schema(models: list[str], *, new: bool) -> vol.Schema:
    """Return the AI task form's schema; the image model may be left empty (no images)."""
    choose = SelectSelector(
        SelectSelectorConfig(options=models, mode=SelectSelectorMode.DROPDOWN, custom_value=True)
    )
    schema: dict[vol.Marker, Any] = {vol.Required(CONF_NAME): str} if new else {}
    schema |= {
        vol.Required(CONF_MODEL): choose,
        vol.Optional(CONF_IMAGE_MODEL): choose,
        vol.Required(CONF_TIMEOUT): NumberSelector(
            NumberSelectorConfig(
                min=1, max=600, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="s"
            )
        ),
    }
    return vol.Schema(schema)


class JarvisTaskFlow(ConfigSubentryFlow):
    """Add or edit an AI task of a JARVIS server."""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Add an AI task."""
        return await self._async_step_task(user_input, new=True)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Edit an AI task."""
        return await self._async_step_task(user_input, new=False)

    async def _async_step_task(
        self, user_input: dict[str, Any] | None, *, new: bool
    ) -> SubentryFlowResult:
        """Show the AI task's form, with the models the server serves, and save it."""
        entry = self._get_entry()
        if entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="entry_not_loaded")
        if user_input is not None:
            user_input[CONF_IMAGE_MODEL] = str(user_input.get(CONF_IMAGE_MODEL) or "").strip()
            if new:
                return self.async_create_entry(title=user_input.pop(CONF_NAME), data=user_input)
            return self.async_update_and_abort(
                entry, self._get_reconfigure_subentry(), data=user_input
            )
        data: JarvisData = entry.runtime_data
        if new:
            suggested = default_task_options(data.models) | {CONF_NAME: DEFAULT_AI_TASK_NAME}
        else:
            suggested = dict(self._get_reconfigure_subentry().data)
        return self.async_show_form(
            step_id="user" if new else "reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _schema(data.models, new=new), suggested
            ),
        )
