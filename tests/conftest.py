"""Fixtures for HoloMat's tests: real brokers, real servers, real Home Assistant."""

from __future__ import annotations

import pytest

# Imported before the `hass` fixture mounts its config dir, so HA finds the custom integration.
import custom_components.holomat  # noqa: F401


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/holomat in every test."""
