"""``holomat.print_file`` sends a sliced file to the printer and answers once it prints it."""

# ruff: noqa: F401, F811

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any
import zipfile

from homeassistant.core import HomeAssistant
import pytest

from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.ftps_server import PrinterFtpServer
from holomat_dev.threemf_files import make_3mf

from .conftest import (
    Notifications,
    WaitFor,
    broker,
    entry,
    media,
    model,
    notifications,
    print_file,
    printer,
    project_files,
    simulator,
    storage,
    wait_for,
)


def padded_3mf(name: str, extra: int, **options: Any) -> bytes:
    """Return a sliced 3MF made ``extra`` bytes larger by a part no printer reads."""
    out = io.BytesIO(make_3mf(name, **options))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("Metadata/padding.bin", os.urandom(extra))
    return out.getvalue()


def tray_types(printer: PrinterCoordinator) -> dict[int, str | None]:
    """Return the filament of each loaded AMS tray, by its global number."""
    state = printer.data.state
    return {
        unit.ams_id * 4 + tray.tray_id: tray.filament_type
        for unit in state.ams_units
        for tray in unit.trays
        if not tray.empty and unit.ams_id < 128
    }


async def test_a_sliced_file_from_media_prints(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    storage: PrinterFtpServer,
    media: Path,
) -> None:
    (media / "Dragon keychain.gcode.3mf").write_bytes(make_3mf("x", layers=42, seconds=5400))
    response = await print_file(
        hass, media="media-source://media_source/local/Dragon keychain.gcode.3mf", timelapse=True
    )
    assert response["printer"] == "Bambu Lab P1S"
    assert response["task_name"] == "Dragon keychain"
    assert response["remote_path"] == "/Dragon_keychain.gcode.3mf"
    assert response["gcode_state"] in ("prepare", "running")
    # The plate's PLA comes from the AMS tray holding PLA.
    assert response["use_ams"] is True
    assert [tray_types(printer)[tray] for tray in response["ams_mapping"]] == ["PLA"]
    state = simulator.state
    assert (state["subtask_name"], state["total_layer_num"]) == ("Dragon keychain", 42)
    assert [upload.path for upload in storage.uploads] == ["/Dragon_keychain.gcode.3mf"]
    (sent,) = project_files(simulator)
    assert sent["url"] == "ftp:///Dragon_keychain.gcode.3mf"  # the P1S form
    assert (sent["param"], sent["timelapse"], sent["bed_levelling"]) == (
        "Metadata/plate_1.gcode",
        True,
        True,
    )


@pytest.mark.usefixtures("printer")
async def test_a_big_upload_shows_its_progress_then_goes(
    hass: HomeAssistant, simulator: PrinterSimulator, tmp_path: Path, notifications: Notifications
) -> None:
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    plate = tmp_path / "big.gcode.3mf"
    plate.write_bytes(padded_3mf("Big", 3 * 1024 * 1024))
    response = await print_file(hass, file_path=str(plate))
    assert response["size_bytes"] > 3 * 1024 * 1024
    shown = [message for key, message in notifications.history if "upload" in key]
    percents = [int(message.split(": ")[1].split(" %")[0]) for message in shown]
    assert percents[0] == 0
    assert percents[-1] == 100
    assert percents == sorted(percents)
    assert len(percents) >= 3
    assert shown[0].startswith("/big.gcode.3mf: 0 % sent (0.0 of 3.")
    assert not [key for key in notifications.shown if "upload" in key]  # gone once it runs
    assert simulator.state["subtask_name"] == "big"


@pytest.mark.parametrize("model", ["X1C"])
async def test_an_ams_printer_feeds_the_plate_from_its_trays(
    hass: HomeAssistant, simulator: PrinterSimulator, tmp_path: Path, printer: PrinterCoordinator
) -> None:
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    plate = tmp_path / "two colours.3mf"
    plate.write_bytes(make_3mf("Two", filaments=(("PLA", "#FFFFFF"), ("PETG", "#000000"))))
    response = await print_file(hass, file_path=str(plate))
    loaded = tray_types(printer)
    assert response["use_ams"] is True
    assert len(response["ams_mapping"]) == 2
    (sent,) = project_files(simulator)
    assert sent["url"] == "file:///sdcard/two_colours.gcode.3mf"  # the X1 form
    assert (sent["use_ams"], sent["ams_mapping"]) == (True, response["ams_mapping"])
    first = response["ams_mapping"][0]
    assert loaded.get(first, "PLA") == "PLA"

    await simulator.wait_for_gcode_state("RUNNING", within=20)
    simulator.finish()
    await hass.async_block_till_done()


@pytest.mark.usefixtures("printer")
async def test_the_external_spool_and_chosen_trays_on_request(
    hass: HomeAssistant, simulator: PrinterSimulator, tmp_path: Path, wait_for: WaitFor
) -> None:
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    plate = tmp_path / "cube.gcode.3mf"
    plate.write_bytes(make_3mf("Cube", plates=2))
    response = await print_file(hass, file_path=str(plate), plate=2, ams_mapping="3", use_ams=True)
    assert (response["plate"], response["use_ams"], response["ams_mapping"]) == (2, True, [3])
    assert project_files(simulator)[-1]["param"] == "Metadata/plate_2.gcode"
    simulator.finish()
    await wait_for(lambda: simulator.gcode_state == "FINISH")
    await wait_for(lambda: hass.states.get("sensor.bambu_lab_p1s_print_status").state == "finish")
    response = await print_file(hass, file_path=str(plate), use_ams=False, bed_levelling=False)
    sent = project_files(simulator)[-1]
    assert (sent["use_ams"], sent["ams_mapping"], sent["bed_leveling"]) == (False, "", False)
