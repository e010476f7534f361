"""Config flow for HoloMat."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from .const import DOMAIN


class HolomatConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a HoloMat printer, JARVIS server or 3D model server."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask what to add."""
        return self.async_abort(reason="not_implemented")
