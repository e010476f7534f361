"""Config flow for HoloMat: add a printer, a JARVIS server or a 3D model server.

Each feature keeps its steps in ``<feature>/config_flow.py`` as a mixin of ``ConfigFlow``
whose step names start with the feature's name (``async_step_printer``,
``async_step_printer_reauth``, ...). The class here composes the mixins, offers the menu, and sends
reauth and reconfigure to the feature that owns the entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
)
from homeassistant.core import callback

from .const import DOMAIN, EntryType, entry_type
from .jarvis.config_flow import JarvisAgentFlow, JarvisConfigFlowMixin
from .jarvis.const import SUBENTRY_AGENT, SUBENTRY_AI_TASK
from .jarvis.task_flow import JarvisTaskFlow
from .model_server.config_flow import ModelServerConfigFlowMixin
from .printer.config_flow import PrinterConfigFlowMixin, PrinterOptionsFlow


class HolomatConfigFlow(
    PrinterConfigFlowMixin, JarvisConfigFlowMixin, ModelServerConfigFlowMixin, domain=DOMAIN
):
    """Add a HoloMat printer, JARVIS server or 3D model server."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask what to add."""
        return self.async_show_menu(
            step_id="user", menu_options=["printer", "jarvis", "model_server"]
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Ask for new credentials for the entry's feature."""
        match entry_type(self._get_reauth_entry()):
            case EntryType.PRINTER:
                return await self.async_step_printer_reauth()
            case EntryType.JARVIS:
                return await self.async_step_jarvis_reauth()
            case EntryType.MODEL_SERVER:
                return await self.async_step_model_server_reauth()

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the settings of the entry's feature."""
        match entry_type(self._get_reconfigure_entry()):
            case EntryType.PRINTER:
                return await self.async_step_printer_reconfigure()
            case EntryType.JARVIS:
                return await self.async_step_jarvis_reconfigure()
            case EntryType.MODEL_SERVER:
                return await self.async_step_model_server_reconfigure()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Return the kinds of subentries the entry's feature has (JARVIS: agents, AI tasks)."""
        if entry_type(config_entry) is EntryType.JARVIS:
            return {SUBENTRY_AGENT: JarvisAgentFlow, SUBENTRY_AI_TASK: JarvisTaskFlow}
        return {}

    @classmethod
    @callback
    def async_supports_options_flow(cls, config_entry: ConfigEntry) -> bool:
        """Return whether the entry's feature has settings."""
        return entry_type(config_entry) is EntryType.PRINTER

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlow:
        """Return the settings flow of the entry's feature."""
        return PrinterOptionsFlow()
