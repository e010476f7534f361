"""Finding a slicer's command line, and the OrcaSlicer backend's inputs.

OrcaSlicer cannot be installed here: its detection is checked with a small executable named
``orca-slicer`` that prints a banner (the process boundary), and its presets and command line
are checked as data. Whether a real OrcaSlicer accepts them is not tested.
"""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from holomat_addon.slicing import (
    OrcaSlicer,
    PrusaSlicer,
    SlicerMissingError,
    find_slicer,
)
from holomat_addon.slicing.orca import orca_files
from holomat_addon.slicing.profiles import material, printer_profile
from holomat_addon.slicing.settings import compose
from holomat_addon.slicing.slicers import SLICER_ENV, slicer_message


def _fake_orca(folder: Path) -> Path:
    """Write an ``orca-slicer`` that only prints a version banner."""

    path = folder / "orca-slicer"
    path.write_text("#!/bin/sh\necho 'OrcaSlicer-2.3.0 based on Bambu Studio'\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_prusaslicer_is_found_with_its_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SLICER_ENV, raising=False)
    slicer = find_slicer()
    assert isinstance(slicer, PrusaSlicer)
    assert slicer.label.startswith("PrusaSlicer 2.5")


def test_prusaslicer_is_preferred_over_orcaslicer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_orca(tmp_path)
    prusa = shutil.which("prusa-slicer")
    assert prusa is not None
    monkeypatch.delenv(SLICER_ENV, raising=False)
    monkeypatch.setenv("PATH", f"{tmp_path}:{Path(prusa).parent}")
    assert isinstance(find_slicer(), PrusaSlicer)


def test_orcaslicer_is_used_where_it_is_the_only_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_orca(tmp_path)
    monkeypatch.delenv(SLICER_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    slicer = find_slicer()
    assert isinstance(slicer, OrcaSlicer)
    assert slicer.label == "OrcaSlicer 2.3.0"


def test_choice_by_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SLICER_ENV, str(_fake_orca(tmp_path)))
    assert isinstance(find_slicer(), OrcaSlicer)
    monkeypatch.setenv(SLICER_ENV, "prusa-slicer")
    assert isinstance(find_slicer(), PrusaSlicer)


@pytest.mark.parametrize("choice", ["no-such-slicer", "/nonexistent/prusa-slicer"])
def test_missing_slicer_says_what_to_install(choice: str) -> None:
    with pytest.raises(SlicerMissingError, match="prusa-slicer") as caught:
        find_slicer(choice)
    assert caught.value.status == 503


def test_no_slicer_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SLICER_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SlicerMissingError, match="No slicer is installed"):
        find_slicer()


def test_orca_presets_carry_the_profile(tmp_path: Path) -> None:
    settings = compose(printer_profile("P1S"), 0.4, material("PETG"))
    files = {name: json.loads(text) for name, text in orca_files(settings).items()}
    machine, process, filament = (
        files["machine.json"],
        files["process.json"],
        files["filament.json"],
    )
    assert machine["type"] == "machine"
    assert machine["printer_model"] == "Bambu Lab P1S"
    assert machine["printable_area"] == ["0x0", "256x0", "256x256", "0x256"]
    assert machine["printable_height"] == "250"
    assert machine["nozzle_diameter"] == ["0.4"]
    assert "[bed_temperature_initial_layer_single]" in machine["machine_start_gcode"]
    assert "[first_layer_bed_temperature]" not in machine["machine_start_gcode"]
    assert "printable_height" in machine["machine_end_gcode"]
    assert process["layer_height"] == "0.2"
    assert process["wall_loops"] == "2"
    assert filament["filament_type"] == ["PETG"]
    assert filament["nozzle_temperature_initial_layer"] == ["250"]
    command = OrcaSlicer(Path("/opt/orca/orca-slicer")).command(tmp_path / "m.stl", tmp_path)
    assert command[:3] == ["/opt/orca/orca-slicer", "--slice", "1"]
    assert command[command.index("--outputdir") + 1] == str(tmp_path)
    assert command[-1] == str(tmp_path / "m.stl")


def test_slicer_message_drops_log_noise() -> None:
    output = (
        "[2026-12-07 03:34:37.870105] [0x00007fdf] [trace]   Initializing StaticPrintConfigs\n"
        "10 => Processing triangulated mesh\n"
        "[2026-12-07 03:34:37.870105] [0x00007fdf] [error]   stl_open: The input is empty\n"
        "part.stl: Loading of a model file failed.\n"
    )
    assert slicer_message(output) == (
        "stl_open: The input is empty part.stl: Loading of a model file failed."
    )
