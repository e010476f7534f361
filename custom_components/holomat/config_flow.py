"""Config flow for HoloMat: add a printer, a JARVIS server or a 3D model server.

Each feature keeps its steps in ``<feature>/config_flow.py`` as a mixin of ``ConfigFlow``; the class
here composes them and offers the menu.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from .const import DOMAIN


class HolomatConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a HoloMat printer, JARVIS server or 3D model server."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask what to add."""
        return self.async_show_menu(step_id="user", menu_options=["printer"])
