"""Fixtures for HoloMat's tests: real brokers, real servers, real Home Assistant."""

from __future__ import annotations

import pytest

# Imported before the `hass` fixture mounts its config dir, so HA finds the custom integration.
import custom_components.holomat  # noqa: F401


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(request: pytest.FixtureRequest) -> None:
    """Let Home Assistant load custom_components/holomat in every test that runs HA.

    Tests of the HA-free libraries (``tests/bambu/``, ...) get no Home Assistant instance.
    """
    if "hass" in request.fixturenames:
        request.getfixturevalue("enable_custom_integrations")
