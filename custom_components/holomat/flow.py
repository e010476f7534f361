"""What the features' config flows share: a form error, and the step that updates an entry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigFlow, ConfigFlowResult
import voluptuous as vol

type EntryCheck = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]


class FormError(Exception):
    """A check of a form failed: show ``key`` (under ``config.error``) on ``field``."""

    def __init__(self, key: str, field: str = "base") -> None:
        """Keep the error's translation key and the form field it belongs to."""
        super().__init__(key)
        self.key = key
        self.field = field


class FeatureConfigFlow(ConfigFlow):
    """Steps every feature's flow builds on (reauth and reconfigure of an entry)."""

    async def async_update_entry_step(
        self,
        step_id: str,
        entry: ConfigEntry,
        user_input: dict[str, Any] | None,
        check: EntryCheck,
        *,
        schema: vol.Schema,
        reason: str,
        suggested: Mapping[str, Any] | None = None,
        placeholders: Mapping[str, str] | None = None,
    ) -> ConfigFlowResult:
        """Show ``schema``; once filled in, ``check`` it and save what it returns to ``entry``.

        ``check`` takes the form's input and returns the entry's data updates, or raises
        ``FormError``, shown on the form again. Once saved, the entry reloads and the flow ends
        with ``reason``. ``suggested`` fills the form when it is first shown.
        """
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                updates = await check(user_input)
            except FormError as err:
                errors[err.field] = err.key
            else:
                return self.async_update_reload_and_abort(
                    entry, data_updates=updates, reason=reason
                )
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(schema, user_input or suggested),
            errors=errors,
            description_placeholders=placeholders,
        )
