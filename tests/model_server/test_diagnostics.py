"""Tests of a model server entry's diagnostics."""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.holomat.const import DOMAIN


async def test_diagnostics_redact_the_token_and_show_the_last_model(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    pictures: Path,
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    assert diagnostics["entry"]["data"]["token"] == "**REDACTED**"
    assert diagnostics["entry"]["data"]["url"] == "**REDACTED**"
    assert diagnostics["server"]["device"] == "cpu"
    assert diagnostics["last_model"] is None
    response = await hass.services.async_call(
        DOMAIN,
        "generate_3d_model",
        {"image_path": str(pictures / "drawing.png")},
        blocking=True,
        return_response=True,
    )
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, init_integration)
    assert diagnostics["last_model"] == response
