"""Fixtures of the printer tests: a real mosquitto with TLS, a simulated printer, an entry.

Every test gets its own broker (``holomat_dev.mosquitto.Mosquitto``) on free loopback ports,
playing the printer's own TLS broker, and a ``PrinterSimulator`` that acts as the printer on it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.bambu import PrinterCertificate
from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN, EntryType
from custom_components.holomat.printer.const import (
    CONF_ACCESS_CODE,
    CONF_CERTIFICATE,
    CONF_CERTIFICATE_SHA256,
    CONF_MODEL,
    CONF_OFFLINE_AFTER,
    CONF_SERIAL,
    PRINTER_CA_DIR,
)
from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.certificates import CertificateAuthority
from holomat_dev.mosquitto import Mosquitto

SERIAL = "01P00A391800001"  # a P1S serial prefix
ACCESS_CODE = "12345678"

type WaitFor = Callable[[Callable[[], object]], Awaitable[None]]


@pytest.fixture
def model() -> str:
    """Return the simulated printer's model (override with ``pytest.mark.parametrize``)."""
    return "P1S"


@pytest.fixture
async def broker(mosquitto: Mosquitto) -> Mosquitto:
    """Start the test's mosquitto (``tests/conftest.py``) as the printer's TLS broker."""
    mosquitto.add_printer(SERIAL, ACCESS_CODE)
    await mosquitto.start()
    return mosquitto


@pytest.fixture
async def simulator(
    broker: Mosquitto, model: str, simulator_options: dict[str, Any]
) -> AsyncIterator[PrinterSimulator]:
    """Run the simulated printer; deltas every 0.2 s, printer time 60x faster than wall time."""
    async with PrinterSimulator(
        SERIAL, model, broker=broker, delta_interval=0.2, time_scale=60, **simulator_options
    ) as simulator:
        yield simulator


def entry_data(simulator: PrinterSimulator, model: str = "P1S", **changes: Any) -> dict[str, Any]:
    """Return the data of a config entry paired with the simulated printer."""
    certificate = PrinterCertificate.from_pem(simulator.cert_pem)
    return {
        CONF_ENTRY_TYPE: EntryType.PRINTER,
        CONF_HOST: simulator.host,
        CONF_PORT: simulator.port,
        CONF_SERIAL: SERIAL,
        CONF_ACCESS_CODE: simulator.access_code,
        CONF_MODEL: model,
        CONF_CERTIFICATE: certificate.pem,
        CONF_CERTIFICATE_SHA256: certificate.sha256,
        **changes,
    }


@pytest.fixture
def trusted_dev_ca(
    hass: HomeAssistant, tmp_path: Path, dev_certificates: CertificateAuthority
) -> Path:
    """Trust the development CA as a user would: its PEM in ``<config>/holomat/printer_ca/``.

    The test's Home Assistant gets its own configuration folder for that (the harness's default
    one is shared by every test run). Returns the file.
    """
    hass.config.config_dir = str(tmp_path / "ha_config")
    ca_file = Path(hass.config.path(PRINTER_CA_DIR)) / "holomat_dev_ca.pem"
    ca_file.parent.mkdir(parents=True)
    ca_file.write_text(dev_certificates.cert_pem)
    return ca_file


@pytest.fixture
def entry(
    simulator: PrinterSimulator, model: str, entry_extra_data: dict[str, Any]
) -> MockConfigEntry:
    """Return a printer entry paired with the simulated printer (offline after 2 s)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"Bambu Lab {model}",
        unique_id=SERIAL,
        data=entry_data(simulator, model, **entry_extra_data),
        options={CONF_OFFLINE_AFTER: 2},
    )


@pytest.fixture
def wait_for(hass: HomeAssistant) -> WaitFor:
    """Return ``wait_for(predicate)``: let HA run until ``predicate()`` is true (10 s at most)."""

    async def wait_for(predicate: Callable[[], object], within: float = 10.0) -> None:
        async with asyncio.timeout(within):
            while not predicate():
                await asyncio.sleep(0.02)
                await hass.async_block_till_done()

    return wait_for


@pytest.fixture
async def printer(
    hass: HomeAssistant, entry: MockConfigEntry, wait_for: WaitFor
) -> PrinterCoordinator:
    """Set up the entry and wait until the printer is online with a full state."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    coordinator: PrinterCoordinator = entry.runtime_data
    await wait_for(lambda: coordinator.online and coordinator.data.state.ready)
    return coordinator


async def start_running_print(simulator: PrinterSimulator, wait_for: WaitFor) -> None:
    """Start a long print on the simulated printer and wait until it runs.

    Preparing takes a tenth of the print: the simulated clock runs fast until then, and at real
    speed after, so the print stays running for the test.
    """
    simulator.time_scale = 3600
    simulator.start_print("Benchy", duration_s=36000, layers=100)
    await wait_for(lambda: simulator.gcode_state == "RUNNING", within=15)
    simulator.time_scale = 1
