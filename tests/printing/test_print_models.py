"""Models printed: an STL and the last generated model, sliced by the real add-on first."""

# ruff: noqa: F401, F811

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.bambu import read_project
from custom_components.holomat.const import DOMAIN
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.ftps_server import PrinterFtpServer
from holomat_dev.stl_files import box
from tests.model_server.conftest import png_bytes

from .conftest import (
    addon_server,
    broker,
    entry,
    media,
    model,
    model_server,
    print_file,
    printer,
    project_files,
    simulator,
    storage,
    wait_for,
)


@pytest.mark.parametrize("model", ["A1"])
@pytest.mark.usefixtures("printer", "model_server")
async def test_an_stl_is_sliced_for_the_printer_then_printed(
    hass: HomeAssistant, simulator: PrinterSimulator, storage: PrinterFtpServer, media: Path
) -> None:
    (media / "coaster.stl").write_bytes(box(60, 60, 4))
    response = await print_file(hass, file_path=str(media / "coaster.stl"), material="PETG")
    assert response["task_name"] == "coaster"
    assert response["print_seconds"] > 0
    assert response["filament_g"] > 0
    kept = Path(response["sliced_file"])
    assert kept == media / "holomat" / "coaster_a1.gcode.3mf"
    data = await hass.async_add_executor_job(kept.read_bytes)
    project = read_project(data)
    assert project.sliced
    assert project.plates[0].filaments[0].type == "PETG"
    # The printer runs what the slicer made: 4 mm in 0.2 mm layers.
    assert simulator.state["total_layer_num"] == 20
    assert simulator.state["subtask_name"] == "coaster"
    assert storage.files()["/coaster.gcode.3mf"] == len(data)
    (sent,) = project_files(simulator)
    assert sent["url"] == "ftp:///coaster.gcode.3mf"


@pytest.mark.usefixtures("printer")
async def test_the_last_generated_model_is_printed(
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    model_server: MockConfigEntry,
    media: Path,
) -> None:
    (media / "sketch.png").write_bytes(png_bytes((64, 48)))
    hass.config.allowlist_external_dirs = {str(media)}
    generated = await hass.services.async_call(
        DOMAIN,
        "generate_3d_model",
        {"image_path": str(media / "sketch.png"), "method": "silhouette", "name": "sketch"},
        blocking=True,
        return_response=True,
    )
    assert generated is not None
    response = await print_file(hass)
    assert response["source"] == "last_model"
    assert response["task_name"] == "sketch"
    assert Path(response["sliced_file"]).name == "sketch_p1s.gcode.3mf"
    assert simulator.state["subtask_name"] == "sketch"


@pytest.mark.usefixtures("printer", "model_server")
async def test_a_model_too_big_for_the_printer_is_refused_before_anything_is_sent(
    hass: HomeAssistant, simulator: PrinterSimulator, storage: PrinterFtpServer, media: Path
) -> None:
    (media / "wall.stl").write_bytes(box(400, 20, 20))
    with pytest.raises(HomeAssistantError) as err:
        await print_file(hass, file_path=str(media / "wall.stl"))
    assert err.value.translation_key == "print_slicing_failed"
    assert "256" in str(err.value)  # the printable area the add-on names
    assert storage.uploads == []
    assert project_files(simulator) == []
