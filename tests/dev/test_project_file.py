"""The simulated printer prints what ``project_file`` names, and refuses like firmware."""

from __future__ import annotations

import pytest

from custom_components.holomat.bambu import PrintOptions, UrlForm, project_file_fields
from holomat_dev.bambu_simulator import project_path
from holomat_dev.threemf_files import make_3mf
from tests.conftest import PrinterSimulatorFactory

from .conftest import PrinterClientFactory
from .test_printer_services import ftp_of


@pytest.mark.parametrize("form", list(UrlForm))
async def test_prints_the_file_the_command_names(
    printer_simulator: PrinterSimulatorFactory,
    printer_client: PrinterClientFactory,
    form: UrlForm,
) -> None:
    sim = await printer_simulator(model="P1S", file_server=True)
    client = await printer_client(sim)
    async with ftp_of(sim) as ftp:
        await ftp.async_upload(
            make_3mf("Untitled", layers=77, seconds=3600, plates=2), "/a b.gcode.3mf"
        )
    fields = project_file_fields("/a b.gcode.3mf", "Owl", PrintOptions(plate=2), form)
    sequence_id = await client.request("print", "project_file", **fields)
    ack = await client.ack("print", sequence_id)
    assert ack["result"] == "success"
    assert ack["url"] == fields["url"]  # the printer echoes the request's fields
    report = await client.wait_for("subtask_name", "Owl")
    assert report["total_layer_num"] == 77
    assert report["gcode_file"] == "a b.gcode.3mf"
    assert sim.gcode_state in ("PREPARE", "RUNNING")


async def test_refuses_when_busy_missing_or_without_a_card(
    printer_simulator: PrinterSimulatorFactory, printer_client: PrinterClientFactory
) -> None:
    sim = await printer_simulator(model="A1", file_server=True)
    client = await printer_client(sim)
    fields = project_file_fields("/missing.gcode.3mf", "Ghost", PrintOptions(), UrlForm.FTP)
    ack = await client.ack("print", await client.request("print", "project_file", **fields))
    assert (ack["result"], ack["reason"]) == (
        "failed",
        "file not found or not printable: /missing.gcode.3mf",
    )
    assert sim.gcode_state == "IDLE"

    sim.services.ftps.add_file("/cube.gcode.3mf", make_3mf("Cube"))  # type: ignore[union-attr]
    sim.set_sd_card(False)
    fields = project_file_fields("/cube.gcode.3mf", "Cube", PrintOptions(), UrlForm.FTP)
    ack = await client.ack("print", await client.request("print", "project_file", **fields))
    assert (ack["result"], ack["reason"]) == ("failed", "no SD card")
    assert sim.state["sdcard"] is False

    sim.set_sd_card(True)
    sim.start_print("Benchy", duration_s=3600)
    ack = await client.ack("print", await client.request("print", "project_file", **fields))
    assert ack["result"] == "failed"
    assert ack["reason"].startswith("printer is busy")
    assert sim.state["subtask_name"] == "Benchy"


async def test_authorization_firmware_refuses_it_unsigned(
    printer_simulator: PrinterSimulatorFactory, printer_client: PrinterClientFactory
) -> None:
    sim = await printer_simulator(model="X1C", file_server=True, authorization_control=True)
    client = await printer_client(sim)
    sim.services.ftps.add_file("/cube.gcode.3mf", make_3mf("Cube"))  # type: ignore[union-attr]
    before = sim.gcode_state
    fields = project_file_fields("/cube.gcode.3mf", "Cube", PrintOptions(), UrlForm.SDCARD)
    ack = await client.ack("print", await client.request("print", "project_file", **fields))
    assert (ack["result"], ack["err_code"]) == ("failed", 84033543)
    assert (sim.gcode_state, sim.state["subtask_name"]) == (before, sim.state["subtask_name"])
    assert sim.state["subtask_name"] != "Cube"


@pytest.mark.parametrize(
    ("url", "file", "path"),
    [
        ("ftp:///cube.3mf", "", "/cube.3mf"),
        ("ftp:///cache/cube.3mf", "", "/cache/cube.3mf"),
        ("file:///sdcard/cube.3mf", "", "/cube.3mf"),
        ("file:///mnt/sdcard/cube.3mf", "", "/cube.3mf"),
        ("file:///cube.3mf", "", "/cube.3mf"),
        ("", "cube.3mf", "/cube.3mf"),
        ("file:///mnt/sdcard", "cube.3mf", "/cube.3mf"),
        ("file:///sdcard/", "", None),
        ("", "", None),
    ],
)
def test_the_url_forms_tools_send(url: str, file: str, path: str | None) -> None:
    assert project_path(url, file) == path
