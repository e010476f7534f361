"""Adding a printer, and keeping its entry working: reauth, reconfigure, options."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
import ssl

from homeassistant import config_entries
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN
from custom_components.holomat.printer.const import (
    CONF_ACCESS_CODE,
    CONF_CAMERA_PORT,
    CONF_CERTIFICATE,
    CONF_CERTIFICATE_SHA256,
    CONF_FTPS_PORT,
    CONF_MODEL,
    CONF_OFFLINE_AFTER,
    CONF_PROJECT_URL,
    CONF_SERIAL,
)
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.certificates import issue_self_signed
from holomat_dev.mosquitto import Mosquitto

from .conftest import ACCESS_CODE, SERIAL, WaitFor, entry_data

pytestmark = pytest.mark.usefixtures("trusted_dev_ca")


async def start_printer_flow(hass: HomeAssistant) -> str:
    """Open the config flow, pick "printer" in the menu and return the flow id."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert "printer" in result["menu_options"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "printer"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "printer"
    return result["flow_id"]


def user_input(simulator: PrinterSimulator, **changes: object) -> dict[str, object]:
    """Return what a user types for the simulated printer."""
    return {
        CONF_HOST: simulator.host,
        CONF_PORT: simulator.port,
        CONF_SERIAL: SERIAL.lower(),  # typed in lower case: the flow normalises it
        CONF_ACCESS_CODE: f" {simulator.access_code} ",
        **changes,
    }


async def test_add_printer(hass: HomeAssistant, simulator: PrinterSimulator) -> None:
    flow_id = await start_printer_flow(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(simulator))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Bambu Lab P1S"
    data = result["data"]
    assert data[CONF_ENTRY_TYPE] == "printer"
    assert data[CONF_SERIAL] == SERIAL
    assert data[CONF_ACCESS_CODE] == ACCESS_CODE
    assert data[CONF_MODEL] == "P1S"
    # The certificate the printer showed is pinned.
    assert data[CONF_CERTIFICATE] == simulator.cert_pem
    assert len(data[CONF_CERTIFICATE_SHA256]) == 64
    assert result["result"].unique_id == SERIAL
    assert CONF_FTPS_PORT not in data  # real printers serve their storage on 990
    await hass.async_block_till_done()


async def test_an_api_client_gives_the_storage_port_the_form_does_not_show(
    hass: HomeAssistant, simulator: PrinterSimulator
) -> None:
    """The development bootstrap adds a simulated printer whose FTPS port is not 990."""
    flow_id = await start_printer_flow(hass)
    form = await hass.config_entries.flow.async_configure(
        flow_id, user_input(simulator, ftps_port="no port")
    )
    assert form["errors"] == {"base": "printer_invalid_ports"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, user_input(simulator, ftps_port=2990, colour="red")
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_FTPS_PORT] == 2990
    assert "colour" not in result["data"]
    await hass.async_block_till_done()


async def test_advanced_mode_sets_the_service_ports(
    hass: HomeAssistant, simulator: PrinterSimulator
) -> None:
    """Only in advanced mode does the form ask for the storage and camera ports."""
    fields: dict[bool, set[str]] = {}
    for advanced in (False, True):
        result = await hass.config_entries.flow.async_init(
            DOMAIN,
            context={"source": config_entries.SOURCE_USER, "show_advanced_options": advanced},
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "printer"}
        )
        fields[advanced] = {str(key) for key in result["data_schema"].schema}
    assert fields[True] - fields[False] == {CONF_FTPS_PORT, CONF_CAMERA_PORT}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(simulator, ftps_port=2990, camera_port=6600.0)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert (result["data"][CONF_FTPS_PORT], result["data"][CONF_CAMERA_PORT]) == (2990, 6600)
    await hass.async_block_till_done()


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ({CONF_ACCESS_CODE: "87654321"}, "printer_invalid_auth"),
        ({CONF_SERIAL: "01P00A391800999"}, "printer_wrong_printer"),
        ({CONF_PORT: 1}, "printer_cannot_connect"),
        ({CONF_HOST: " "}, "printer_cannot_connect"),
    ],
)
async def test_add_printer_recovers_from_errors(
    hass: HomeAssistant, simulator: PrinterSimulator, bad: dict[str, object], error: str
) -> None:
    flow_id = await start_printer_flow(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(simulator, **bad))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(simulator))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


async def test_add_printer_refuses_a_certificate_no_trusted_ca_signed(
    hass: HomeAssistant, simulator: PrinterSimulator, trusted_dev_ca: Path
) -> None:
    """Without its CA in ``<config>/holomat/printer_ca`` the printer is refused, then accepted."""
    disabled = trusted_dev_ca.with_suffix(".disabled")
    await hass.async_add_executor_job(trusted_dev_ca.rename, disabled)
    flow_id = await start_printer_flow(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(simulator))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "printer_untrusted_certificate"}
    await hass.async_add_executor_job(disabled.rename, trusted_dev_ca)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(simulator))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


@pytest.fixture
async def impostor(tmp_path: Path) -> AsyncIterator[tuple[int, list[bytes]]]:
    """Run a TLS server showing a self-signed certificate that names ``SERIAL``.

    It plays a device that took the printer's address to collect its access code: it records
    every byte a client sends it after the handshake. Yields its port and what it received.
    """
    certificate = issue_self_signed(tmp_path / "impostor", SERIAL)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate.chain_path, certificate.key_path)
    received: list[bytes] = []

    async def record(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(4096):
            received.append(data)
        writer.close()

    server = await asyncio.start_server(record, "127.0.0.1", 0, ssl=context)
    async with server:
        yield server.sockets[0].getsockname()[1], received


async def test_impostor_with_a_self_signed_certificate_never_gets_the_access_code(
    hass: HomeAssistant, simulator: PrinterSimulator, impostor: tuple[int, list[bytes]]
) -> None:
    port, received = impostor
    flow_id = await start_printer_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, user_input(simulator, **{CONF_PORT: port})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "printer_untrusted_certificate"}
    assert not any(simulator.access_code.encode() in data for data in received)
    assert received == []


async def test_add_printer_twice_aborts(
    hass: HomeAssistant, simulator: PrinterSimulator, entry: MockConfigEntry
) -> None:
    entry.add_to_hass(hass)
    flow_id = await start_printer_flow(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(simulator))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "printer_already_configured"


async def test_reauth_with_new_access_code(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor
) -> None:
    """A refused access code starts reauth; the new code reloads the printer."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=SERIAL,
        title="P1S",
        data=entry_data(simulator, **{CONF_ACCESS_CODE: "00000000"}),
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await wait_for(lambda: hass.config_entries.flow.async_progress_by_handler(DOMAIN))
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["context"]["source"] == config_entries.SOURCE_REAUTH
    result = await hass.config_entries.flow.async_configure(flow["flow_id"])
    assert result["step_id"] == "printer_reauth"
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_ACCESS_CODE: "11111111"}
    )
    assert result["errors"] == {"base": "printer_invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_ACCESS_CODE: ACCESS_CODE}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "printer_reauth_successful"
    assert entry.data[CONF_ACCESS_CODE] == ACCESS_CODE
    await wait_for(lambda: entry.runtime_data.online)


async def test_reconfigure_moves_the_printer(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=SERIAL, title="P1S", data=entry_data(simulator, port=1)
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "printer_reconfigure"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: simulator.host, CONF_PORT: 2}
    )
    assert result["errors"] == {"base": "printer_cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: simulator.host, CONF_PORT: simulator.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "printer_reconfigure_successful"
    assert entry.data[CONF_PORT] == simulator.port
    await wait_for(lambda: entry.runtime_data.online)


async def test_options_set_offline_delay(
    hass: HomeAssistant, entry: MockConfigEntry, broker: Mosquitto
) -> None:
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["step_id"] == "init"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_OFFLINE_AFTER: 90}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {CONF_OFFLINE_AFTER: 90, CONF_PROJECT_URL: "auto"}
    await hass.async_block_till_done()
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_OFFLINE_AFTER: 90, CONF_PROJECT_URL: "mnt_sdcard"}
    )
    assert entry.options[CONF_PROJECT_URL] == "mnt_sdcard"
    await hass.async_block_till_done()
