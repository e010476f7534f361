"""Profiles: every printer, nozzle and material composes into settings PrusaSlicer knows."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from holomat_addon.slicing import MATERIALS, NOZZLES, PRINTERS, PrusaSlicer, UnknownProfileError
from holomat_addon.slicing.profiles import material, nozzle_size, printer_profile
from holomat_addon.slicing.settings import compose, read_ini

PROFILES = Path(__file__).parents[2] / "holomat_addon" / "slicing" / "profiles"


@pytest.mark.parametrize(
    ("asked", "model"),
    [
        ("X1C", "X1C"),
        ("x1-c", "X1C"),
        ("BL-P001", "X1C"),
        ("c12", "P1S"),
        ("A1 mini", "A1 mini"),
        ("a1_mini", "A1 mini"),
        ("N1", "A1 mini"),
        ("Bambu Lab P1P", "P1P"),
        ("X1E", "X1E"),
    ],
)
def test_printer_found_by_name_or_model_id(asked: str, model: str) -> None:
    assert printer_profile(asked).model == model


def test_unknown_choices_name_the_known_ones() -> None:
    with pytest.raises(UnknownProfileError, match="choose one of: X1, X1C") as caught:
        printer_profile("Ender 3")
    assert caught.value.code == "unknown_profile"
    assert caught.value.status == 400
    with pytest.raises(UnknownProfileError, match=r"0\.2, 0\.4, 0\.6 mm"):
        nozzle_size(0.8)
    with pytest.raises(UnknownProfileError, match="PLA, PETG"):
        material("ABS")
    assert nozzle_size(0.4000001) == 0.4
    assert material(" petg ").key == "PETG"


def test_build_volumes_match_bambu_profiles() -> None:
    volumes = {model: profile.volume_mm for model, profile in PRINTERS.items()}
    assert volumes == {
        "X1": (256, 256, 250),
        "X1C": (256, 256, 250),
        "X1E": (256, 256, 250),
        "P1S": (256, 256, 250),
        "P1P": (256, 256, 250),
        "A1": (256, 256, 256),
        "A1 mini": (180, 180, 180),
    }


@pytest.mark.parametrize("model", list(PRINTERS))
@pytest.mark.parametrize("nozzle", NOZZLES)
@pytest.mark.parametrize("name", list(MATERIALS))
def test_settings_are_complete(model: str, nozzle: float, name: str) -> None:
    """The plate, nozzle and G-code come from the profile; no template field is left open."""

    profile = printer_profile(model)
    values = compose(profile, nozzle, material(name)).values
    width, depth, height = profile.volume_mm
    assert values["bed_shape"] == f"0x0,{width:g}x0,{width:g}x{depth:g},0x{depth:g}"
    assert float(values["max_print_height"]) == height
    assert float(values["nozzle_diameter"]) == nozzle
    assert values["filament_type"] == name
    for key in ("start_gcode", "end_gcode"):
        assert "$" not in values[key]
        assert profile.name in values[key]
    prime_x0, _, prime_y = profile.machine.prime
    assert f"G1 X{prime_x0:g} Y{prime_y:g} Z5" in values["start_gcode"]
    assert f"G1 X{profile.machine.park[0]:g} Y{profile.machine.park[1]:g}" in values["end_gcode"]


@pytest.mark.parametrize("model", list(PRINTERS))
def test_prime_line_and_park_stay_on_the_plate(model: str) -> None:
    """The prime line lies inside an excluded strip, so no model is printed over it."""

    machine = printer_profile(model).machine
    x0, x1, y = machine.prime
    width, depth = machine.plate
    assert 0 < x0 < x1 < width
    assert 0 < y < depth
    assert any(
        rect.x0 < x0 and x1 < rect.x1 and rect.y0 <= y and y + 0.6 < rect.y1
        for rect in machine.exclusions
    )
    assert 0 <= machine.park[0] <= width
    assert 0 <= machine.park[1] <= depth


def _prusa_options(executable: Path) -> set[str]:
    """Return every option name ``prusa-slicer --help-fff`` lists, aliases included."""

    text = subprocess.run(
        [str(executable), "--help-fff"], capture_output=True, text=True, check=True
    ).stdout
    return {name.replace("-", "_") for name in re.findall(r"--([a-z0-9-]+)", text)}


def test_every_profile_key_is_a_prusaslicer_option(prusa: PrusaSlicer) -> None:
    """PrusaSlicer silently ignores unknown keys: a typo would change nothing, unnoticed."""

    known = _prusa_options(prusa.executable)
    keys = set(compose(printer_profile("X1C"), 0.4, material("PLA")).values)
    for path in PROFILES.glob("*.ini"):
        keys |= set(read_ini(path.name))
    assert keys - known == set()
