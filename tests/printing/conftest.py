"""Fixtures of the printing tests: a simulated printer with its storage, HA's media, the add-on.

The printer is ``holomat_dev``'s simulator on a real mosquitto, serving its SD card over
implicit FTPS (``file_server=True``); its entry carries the simulator's FTPS port, as the
development bootstrap sets it. The model server is the real add-on (``tests/model_server``).
"""

# The fixtures of tests/printer and tests/model_server are imported by name, then requested.
# ruff: noqa: F401, F811

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from homeassistant.components import persistent_notification
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.printer.const import CONF_FTPS_PORT, CONF_OFFLINE_AFTER
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.ftps_server import PrinterFtpServer
from holomat_dev.mosquitto import Mosquitto
from tests.model_server.conftest import AddonServer, addon_server, model_server_entry
from tests.printer.conftest import SERIAL, WaitFor, broker, entry_data, model, printer, wait_for


@pytest.fixture
async def simulator(broker: Mosquitto, model: str) -> AsyncIterator[PrinterSimulator]:
    """Run the simulated printer with its storage; printer time 60x faster than wall time."""
    async with PrinterSimulator(
        SERIAL, model, broker=broker, delta_interval=0.2, time_scale=60, file_server=True
    ) as simulator:
        yield simulator


@pytest.fixture
def storage(simulator: PrinterSimulator) -> PrinterFtpServer:
    """Return the simulated printer's storage (its FTPS server)."""
    assert simulator.services is not None
    assert simulator.services.ftps is not None
    return simulator.services.ftps


@pytest.fixture
def entry(simulator: PrinterSimulator, model: str) -> MockConfigEntry:
    """Return a printer entry paired with the simulated printer, with its FTPS port."""
    ftps_port = simulator.service_ports["ftps_port"]
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"Bambu Lab {model}",
        unique_id=SERIAL,
        data=entry_data(simulator, model, **{CONF_FTPS_PORT: ftps_port}),
        options={CONF_OFFLINE_AFTER: 2},
    )


@pytest.fixture
async def media(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Point HA's local media folder to a temporary folder, with media sources set up."""
    folder = tmp_path / "media"
    folder.mkdir()
    hass.config.media_dirs = {"local": str(folder)}
    assert await async_setup_component(hass, "media_source", {})
    return folder


@pytest.fixture
async def model_server(
    hass: HomeAssistant, addon_server: AddonServer, media: Path
) -> MockConfigEntry:
    """Set up a model server entry for the real add-on (CPU methods, PrusaSlicer)."""
    entry = model_server_entry(addon_server.url, addon_server.token)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


class Notifications:
    """The persistent notifications a user sees, as HA's notification panel learns them."""

    def __init__(self) -> None:
        """Start with none."""
        self.shown: dict[str, str] = {}
        self.history: list[tuple[str, str]] = []

    @callback
    def update(
        self, kind: persistent_notification.UpdateType, notifications: dict[str, Any]
    ) -> None:
        """Keep the notifications added, updated or removed."""
        for key, note in notifications.items():
            if kind is persistent_notification.UpdateType.REMOVED:
                self.shown.pop(key, None)
            else:
                self.shown[key] = note["message"]
                self.history.append((key, note["message"]))


@pytest.fixture
def notifications(hass: HomeAssistant) -> Notifications:
    """Return the notifications shown from now on."""
    seen = Notifications()
    persistent_notification.async_register_callback(hass, seen.update)
    return seen


def printer_target(hass: HomeAssistant) -> dict[str, str]:
    """Return the action target naming the printer's device."""
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, SERIAL)})
    assert device is not None
    return {ATTR_DEVICE_ID: device.id}


async def print_file(hass: HomeAssistant, **data: Any) -> dict[str, Any]:
    """Call ``holomat.print_file`` on the printer; return its response."""
    response = await hass.services.async_call(
        DOMAIN,
        "print_file",
        {**printer_target(hass), **data},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


def project_files(simulator: PrinterSimulator) -> list[dict[str, Any]]:
    """Return the ``project_file`` requests the printer received, oldest first."""
    return [
        request["print"]
        for request in simulator.received
        if request.get("print", {}).get("command") == "project_file"
    ]
