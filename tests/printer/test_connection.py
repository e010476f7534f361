"""A printer's connection: broker restarts, changed certificate, wrong printer, bad input."""

from __future__ import annotations

import json
import logging
import random

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.holomat.bambu import PrinterCertificate
from custom_components.holomat.const import DOMAIN
from custom_components.holomat.printer.const import CONF_CERTIFICATE_SHA256
from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.mosquitto import Mosquitto

from .conftest import SERIAL, WaitFor, entry_data

PROGRESS = "sensor.bambu_lab_p1s_progress"


def progress(hass: HomeAssistant) -> str:
    """Return the progress the user sees."""
    state = hass.states.get(PROGRESS)
    return state.state if state else "missing"


async def test_broker_restart(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    broker: Mosquitto,
    wait_for: WaitFor,
) -> None:
    """Entities go unavailable while the broker is down and come back with fresh state."""
    await broker.stop()
    await wait_for(lambda: progress(hass) == STATE_UNAVAILABLE)
    simulator.printer.put("mc_percent", 42)  # changed while HA could not see it
    await broker.start()
    await wait_for(lambda: progress(hass) == "42")


@pytest.mark.usefixtures("trusted_dev_ca")
async def test_certificate_changed_then_trusted(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    simulator: PrinterSimulator,
    broker: Mosquitto,
    wait_for: WaitFor,
) -> None:
    old_sha256 = entry.data[CONF_CERTIFICATE_SHA256]
    new = await broker.replace_certificate(SERIAL)
    await simulator.wait_connected()
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    issue_id = f"certificate_changed_{entry.entry_id}"
    registry = ir.async_get(hass)
    await wait_for(lambda: registry.async_get_issue(DOMAIN, issue_id) is not None)
    assert progress(hass) == STATE_UNAVAILABLE

    assert await async_setup_component(hass, "repairs", {})
    from homeassistant.components.repairs import repairs_flow_manager

    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": issue_id})
    assert result["type"] is FlowResultType.FORM
    placeholders = result["description_placeholders"]
    assert placeholders is not None
    assert placeholders["old"] == old_sha256
    assert placeholders["new"] != old_sha256
    result = await manager.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.data[CONF_CERTIFICATE_SHA256] == placeholders["new"]
    assert entry.data["certificate"].strip() == new.cert_pem.strip()
    await wait_for(lambda: progress(hass) not in (STATE_UNAVAILABLE, "missing"))
    assert registry.async_get_issue(DOMAIN, issue_id) is None


async def test_changed_certificate_no_trusted_ca_signed_is_refused(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    simulator: PrinterSimulator,
    broker: Mosquitto,
    wait_for: WaitFor,
) -> None:
    """The repair pins a new certificate only when a trusted CA signed it (here none does)."""
    old_sha256 = entry.data[CONF_CERTIFICATE_SHA256]
    await broker.replace_certificate(SERIAL)
    await simulator.wait_connected()
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    issue_id = f"certificate_changed_{entry.entry_id}"
    registry = ir.async_get(hass)
    await wait_for(lambda: registry.async_get_issue(DOMAIN, issue_id) is not None)
    assert await async_setup_component(hass, "repairs", {})
    from homeassistant.components.repairs import repairs_flow_manager

    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": issue_id})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "untrusted_certificate"
    assert entry.data[CONF_CERTIFICATE_SHA256] == old_sha256


async def test_wrong_printer_at_the_address(
    hass: HomeAssistant, simulator: PrinterSimulator, broker: Mosquitto, wait_for: WaitFor
) -> None:
    """Another printer now has the address: a repair issue says so, nothing connects."""
    other = "01P00A391800002"
    certificate = PrinterCertificate.from_pem(broker.ca.issue(other).cert_pem)
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=other,
        title="Other P1S",
        data=entry_data(
            simulator,
            serial=other,
            certificate=certificate.pem,
            certificate_sha256=certificate.sha256,
        ),
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    issue_id = f"wrong_printer_{entry.entry_id}"
    await wait_for(lambda: ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None)
    assert entry.state is ConfigEntryState.LOADED


async def test_malformed_reports_change_nothing(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Hundreds of broken reports: no error, no change; the next valid delta applies."""
    before = printer.data.state
    shown = {state.entity_id: state.state for state in hass.states.async_all()}
    rng = random.Random(7)
    keys = [*simulator.state, "ams", "hms", "device", "lights_report", "x"]
    values = [None, True, -1, 2**70, 1e309, "", "zz", [], [1, {}], {}, {"id": None}, "\u0000"]
    payloads: list[bytes] = [b"", b"{", b"null", b"[]", b"\xff" * 10, b'{"print": []}']
    for _ in range(300):
        body = {rng.choice(keys): rng.choice(values) for _ in range(rng.randint(1, 4))}
        payloads.append(
            json.dumps({"print": {"command": "push_status", "msg": 1, **body}}).encode()
        )
    caplog.set_level(logging.DEBUG, "custom_components.holomat")
    for payload in payloads:
        await simulator.send_raw(payload.replace(b"Infinity", b"1e309"))
    await simulator.send_delta({"mc_percent": 64})
    await wait_for(lambda: progress(hass) == "64")
    assert printer.online
    assert printer.data.state.ams_units == before.ams_units
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert all(len(record.getMessage()) < 500 for record in caplog.records)
    assert (
        hass.states.get("sensor.bambu_lab_p1s_nozzle_diameter").state
        == shown[  # type: ignore[union-attr]
            "sensor.bambu_lab_p1s_nozzle_diameter"
        ]
    )


async def test_unload_leaves_nothing_behind(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    entry: MockConfigEntry,
    broker: Mosquitto,
    wait_for: WaitFor,
) -> None:
    """Unloading closes the printer's one connection (the broker sees it leave)."""
    client_id = f"holomat-{entry.entry_id}"
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert not printer.online
    await wait_for(lambda: f"Client {client_id} disconnected." in broker.log_path.read_text())
    assert hass.states.get(PROGRESS).state == STATE_UNAVAILABLE  # type: ignore[union-attr]


async def test_diagnostics_redact_secrets(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    printer: PrinterCoordinator,
    entry: MockConfigEntry,
    simulator: PrinterSimulator,
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    text = json.dumps(diagnostics)
    for secret in (simulator.access_code, SERIAL, f'"{simulator.host}"'):
        assert secret not in text
    assert diagnostics["online"] is True
    assert diagnostics["dropped_messages"] == 0
    assert (
        diagnostics["entry"]["data"][CONF_CERTIFICATE_SHA256] == entry.data[CONF_CERTIFICATE_SHA256]
    )
    assert diagnostics["state"]["gcode_state"] == "IDLE"
