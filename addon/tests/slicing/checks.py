"""What every sliced ``.gcode.3mf`` must hold: checked the way a printer and HA would read it."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from xml.etree import ElementTree

import numpy as np
import pytest
from PIL import Image

from holomat_addon.slicing import SliceResult
from holomat_addon.slicing.settings import (
    END_END_MARK,
    END_MARK,
    FILAMENT_AREA_MM2,
    START_END_MARK,
    START_MARK,
    SliceSettings,
)

PARTS = {
    "[Content_Types].xml",
    "_rels/.rels",
    "3D/3dmodel.model",
    "Metadata/plate_1.gcode",
    "Metadata/plate_1.gcode.md5",
    "Metadata/plate_1.png",
    "Metadata/plate_1.json",
    "Metadata/slice_info.config",
    "Metadata/model_settings.config",
    "Metadata/_rels/model_settings.config.rels",
    "Metadata/project_settings.config",
}
_MOVE = re.compile(
    r"^G[01] (?:[^;\n]*?X(?P<x>-?[\d.]+))?(?:[^;\n]*?Y(?P<y>-?[\d.]+))?", re.MULTILINE
)


def commands(gcode: str) -> list[str]:
    """Return the command words of G-code lines, comments and progress (M73 P) left out."""

    words = [line.split(";")[0].split() for line in gcode.splitlines()]
    return [w[0] for w in words if w and not (w[0] == "M73" and w[1][0] in "PR")]


def block(gcode: str, start: str, end: str) -> str:
    """Return the text from the line starting with ``start`` to the line ``end``."""

    first = gcode.index(start)
    return gcode[first : gcode.index(end, first) + len(end)]


def check_gcode(gcode: str, settings: SliceSettings, result: SliceResult) -> None:
    """Bambu's blocks; our start G-code before the first layer, our end G-code last."""

    assert gcode.startswith("; HEADER_BLOCK_START\n")
    assert f"; total layer number: {result.layers}\n" in gcode
    assert gcode.index("; CONFIG_BLOCK_END") < gcode.index("; EXECUTABLE_BLOCK_START")
    executable = gcode[gcode.index("; EXECUTABLE_BLOCK_START") :]
    start = block(executable, START_MARK, START_END_MARK)
    end = block(executable, END_MARK, END_END_MARK)
    assert commands(start) == commands(settings.values["start_gcode"])
    assert commands(end) == commands(settings.values["end_gcode"])
    assert executable.index(START_END_MARK) < executable.index(";LAYER_CHANGE")
    assert executable.rindex(";LAYER_CHANGE") < executable.index(END_MARK)
    tail = executable[executable.index(END_END_MARK) + len(END_END_MARK) :]
    assert tail.split() == ["M73", "P100", "R0", ";", "EXECUTABLE_BLOCK_END"]
    assert gcode.endswith("; EXECUTABLE_BLOCK_END\n")
    values = settings.values
    assert f"M190 S{values['first_layer_bed_temperature']} " in start
    assert f"M109 S{values['first_layer_temperature']} " in start
    assert "[" not in start
    assert "{" not in start
    width, depth = settings.printer.machine.plate
    for move in _MOVE.finditer(gcode):
        if move["x"] is not None:
            assert 0 <= float(move["x"]) <= width
        if move["y"] is not None:
            assert 0 <= float(move["y"]) <= depth


def check_plausible(result: SliceResult, settings: SliceSettings, solid_cm3: float) -> None:
    """Time and filament are positive and agree with the model's volume and the filament."""

    density = float(settings.values["filament_density"])
    assert result.seconds > 0
    assert result.filament_mm > 0
    assert result.filament_g == pytest.approx(
        result.filament_mm * FILAMENT_AREA_MM2 / 1000 * density, rel=0.02, abs=0.02
    )
    # No more plastic than the solid plus the prime line; walls alone weigh a fair share.
    assert result.filament_g <= solid_cm3 * density * 1.1 + 0.15
    assert result.filament_g >= solid_cm3 * density * 0.2
    # Not faster than the volumetric cap allows, not absurdly slow.
    cap = min(
        float(settings.values["max_volumetric_speed"]),
        float(settings.values["filament_max_volumetric_speed"]),
    )
    printed_mm3 = result.filament_mm * FILAMENT_AREA_MM2
    assert result.seconds >= printed_mm3 / cap
    assert result.seconds <= 20 * printed_mm3 / cap + 600
    # One layer per layer height; a pointed top may lose its last layer or two.
    layers = result.size_mm[2] / settings.layer_height
    assert layers - 2.5 < result.layers < layers + 1


def check_package(result: SliceResult, settings: SliceSettings, solid_cm3: float) -> None:
    """Everything a Bambu printer, Bambu Studio and ha-bambulab read is there and consistent."""

    profile = settings.printer
    with zipfile.ZipFile(result.path) as archive:
        assert set(archive.namelist()) == PARTS
        assert archive.testzip() is None
        data = archive.read("Metadata/plate_1.gcode")
        assert archive.read("Metadata/plate_1.gcode.md5") == (
            hashlib.md5(data).hexdigest().upper().encode()
        )
        for name in PARTS - {"Metadata/plate_1.gcode", "Metadata/plate_1.gcode.md5"}:
            if not name.endswith((".png", ".json", "project_settings.config")):
                ElementTree.fromstring(archive.read(name))
        thumbnail = Image.open(io.BytesIO(archive.read("Metadata/plate_1.png")))
        assert thumbnail.size == (512, 512)
        pixels = np.asarray(thumbnail.convert("RGB")).reshape(-1, 3)
        background = (pixels == pixels[0]).all(axis=1)
        assert 0.1 < 1 - background.mean() < 0.95  # the part fills the picture, not blank
        assert len(np.unique(pixels[~background], axis=0)) >= 3  # shaded faces
        info = ElementTree.fromstring(archive.read("Metadata/slice_info.config")).find("plate")
        assert info is not None
        meta = {item.get("key"): item.get("value") for item in info.findall("metadata")}
        assert meta["index"] == "1"
        assert meta["printer_model_id"] == profile.model_id
        assert meta["nozzle_diameters"] == f"{settings.nozzle:g}"
        assert int(meta["prediction"]) == result.seconds
        assert float(meta["weight"]) == pytest.approx(result.filament_g, abs=0.01)
        filament = info.find("filament")
        assert filament is not None
        assert filament.get("type") == settings.material.key
        assert filament.get("tray_info_idx") == settings.material.tray_info_idx
        assert float(filament.get("used_g", "0")) == pytest.approx(result.filament_g, abs=0.01)
        plate = json.loads(archive.read("Metadata/plate_1.json"))
        x0, y0, x1, y1 = plate["bbox_all"]
        width, depth = profile.machine.plate
        assert 0 <= x0 < x1 <= width
        assert 0 <= y0 < y1 <= depth
        assert plate["nozzle_diameter"] == settings.nozzle
        assert plate["bed_type"] == "textured_plate"
        settings_xml = ElementTree.fromstring(archive.read("Metadata/model_settings.config"))
        files = {m.get("key"): m.get("value") for m in settings_xml.iter("metadata")}
        assert files["gcode_file"] == "Metadata/plate_1.gcode"
        project = json.loads(archive.read("Metadata/project_settings.config"))
        assert project["printer_model"] == profile.name
        check_gcode(data.decode(), settings, result)
    check_plausible(result, settings, solid_cm3)
