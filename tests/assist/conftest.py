"""Fixtures of the intent tests: Home Assistant's built-in agent and simulated printers.

Printers are ``holomat_dev``'s simulators on a real mosquitto (``tests/printer``'s fixtures for
the first one, ``add_printer`` for more); what the user says goes through Home Assistant's
conversation API to its built-in agent, which reads HoloMat's sentence files.
"""

# The printer fixtures are imported by name from tests/printer, then requested by name.
# ruff: noqa: F811

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from homeassistant.components import conversation
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.holomat.bambu import PrinterCertificate
from custom_components.holomat.const import DOMAIN
from custom_components.holomat.printer.const import (
    CONF_CERTIFICATE,
    CONF_CERTIFICATE_SHA256,
    CONF_MODEL,
    CONF_OFFLINE_AFTER,
    CONF_SERIAL,
)
from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator
from tests.conftest import PrinterSimulatorFactory
from tests.printer.conftest import WaitFor, entry_data, start_running_print, wait_for  # noqa: F401 - wait_for: a fixture


@dataclass(frozen=True, slots=True)
class Printer:
    """A simulated printer set up in Home Assistant."""

    coordinator: PrinterCoordinator
    simulator: PrinterSimulator

    @property
    def gcode_state(self) -> str:
        """Return the job state Home Assistant has."""
        state = self.coordinator.data.state.gcode_state
        return state.value if state else "?"

    @property
    def entity_ids(self) -> list[str]:
        """Return the printer's entity ids."""
        entry_id = self.coordinator.config_entry.entry_id
        hass = self.coordinator.hass
        return [
            e.entity_id for e in er.async_entries_for_config_entry(er.async_get(hass), entry_id)
        ]


type AddPrinter = Callable[..., Awaitable[Printer]]
type Say = Callable[..., Awaitable[conversation.ConversationResult]]


@pytest.fixture(autouse=True)
async def built_in_agent(hass: HomeAssistant) -> None:
    """Set up what every Home Assistant has for Assist: its core, intents and conversation."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "intent", {})
    assert await async_setup_component(hass, "conversation", {})


async def sentences_written(hass: HomeAssistant) -> None:
    """Let HoloMat write its sentence files (debounced) and the agent reload them."""
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=5))
    await hass.async_block_till_done()


@pytest.fixture
def add_printer(
    hass: HomeAssistant, printer_simulator: PrinterSimulatorFactory, wait_for: WaitFor
) -> AddPrinter:
    """Return ``add_printer(serial, model, title=...)``: a simulated printer set up in HA."""

    async def add(serial: str, model: str, title: str | None = None, **options: Any) -> Printer:
        simulator = await printer_simulator(
            serial=serial, model=model, delta_interval=0.2, time_scale=60, **options
        )
        certificate = PrinterCertificate.from_pem(simulator.cert_pem)
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=title or f"Bambu Lab {model}",
            unique_id=serial,
            data=entry_data(simulator, model)
            | {
                CONF_SERIAL: serial,
                CONF_HOST: simulator.host,
                CONF_PORT: simulator.port,
                CONF_MODEL: model,
                CONF_CERTIFICATE: certificate.pem,
                CONF_CERTIFICATE_SHA256: certificate.sha256,
            },
            options={CONF_OFFLINE_AFTER: 2},
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        coordinator: PrinterCoordinator = entry.runtime_data
        await wait_for(lambda: coordinator.online and coordinator.data.state.ready)
        await sentences_written(hass)
        return Printer(coordinator, simulator)

    return add


@pytest.fixture
def say(hass: HomeAssistant) -> Say:
    """Return ``say(text, conversation_id=None, language="en", device_id=None)``."""

    async def say(
        text: str,
        conversation_id: str | None = None,
        language: str = "en",
        device_id: str | None = None,
    ) -> conversation.ConversationResult:
        return await conversation.async_converse(
            hass, text, conversation_id, Context(), language=language, device_id=device_id
        )

    return say


async def printing(printer: Printer, wait_for: WaitFor) -> None:
    """Start a long print on ``printer`` and wait until Home Assistant sees it running."""
    await start_running_print(printer.simulator, wait_for)
    await wait_for(lambda: printer.gcode_state == "RUNNING")


def speech(result: conversation.ConversationResult) -> str:
    """Return what the agent said."""
    return str(result.response.speech["plain"]["speech"])
