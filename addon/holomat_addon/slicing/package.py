"""Write a Bambu Lab ``.gcode.3mf``: the sliced plate a printer's ``project_file`` command prints.

Layout (one plate, ``param`` = ``Metadata/plate_1.gcode`` in ``project_file``):

- ``[Content_Types].xml``, ``_rels/.rels``: the OPC package parts every 3MF has (3MF core spec);
- ``3D/3dmodel.model``: a model with empty resources and build, as Bambu Studio's sliced-plate
  exports carry no mesh (the printer prints the G-code), and the core spec's ``Title`` metadata
  naming the object (Bambu Studio writes the project's name there);
- ``Metadata/plate_1.gcode`` and ``plate_1.gcode.md5``: the G-code and its MD5 in upper-case hex
  without a newline, which P1 firmware checks before printing (tools that rewrite Bambu files
  recompute it for that reason);
- ``Metadata/plate_1.png``: the plate thumbnail (ha-bambulab shows it as the cover image);
- ``Metadata/plate_1.json``: ``bbox_all``, ``bbox_objects``, ``bed_type``, ``filament_ids``,
  ``filament_colors``, ``first_extruder``, ``is_seq_print``, ``nozzle_diameter``, ``version``
  (Bambu Studio ``src/libslic3r/GCode/ThumbnailData.hpp``, ``PlateBBoxData::to_json``);
- ``Metadata/slice_info.config``: the plate's ``index``, ``printer_model_id``,
  ``nozzle_diameters``, ``prediction`` (s), ``weight`` (g), objects and ``filament`` use, the keys
  ha-bambulab reads (``pybambu/models.py``);
- ``Metadata/model_settings.config`` (+ its ``_rels``) and ``Metadata/project_settings.config``:
  the plate's files and the settings a reader asks about (bambulabs_api's 3MF reader documents
  the ``plater_id``, ``gcode_file``, ``thumbnail_file`` and ``pattern_bbox_file`` keys).

The file is written under a temporary name beside the destination and renamed at the end, so a
failure never leaves a half-written file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .gcode import GcodeStats
from .settings import SliceSettings

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
 <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
 <Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>
 <Default Extension="png" ContentType="image/png"/>
 <Default Extension="gcode" ContentType="text/x.gcode"/>
</Types>
"""
_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
 <Relationship Target="/3D/3dmodel.model" Id="rel-1" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>
 <Relationship Target="/Metadata/plate_1.png" Id="rel-2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"/>
</Relationships>
"""
_MODEL_SETTINGS_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
 <Relationship Target="/Metadata/plate_1.gcode" Id="rel-1" Type="http://schemas.bambulab.com/package/2021/gcode"/>
</Relationships>
"""
# Bambu's value for the Textured PEI plate, which suits both PLA and PETG at these temperatures.
BED_TYPE = "textured_plate"


@dataclass(frozen=True, slots=True)
class Plate:
    """What the package describes besides the G-code.

    ``name`` is the object's name, ``bbox`` its XY bounds on the plate (x0, y0, x1, y1) in mm,
    ``area_mm2`` its footprint's area, ``client`` the slicer's label.
    """

    settings: SliceSettings
    stats: GcodeStats
    name: str
    bbox: tuple[float, float, float, float]
    area_mm2: float
    client: str


def _metadata(values: Mapping[str, object], indent: str) -> str:
    """Return ``<metadata key=… value=…/>`` lines."""

    return "".join(
        f"{indent}<metadata key={quoteattr(key)} value={quoteattr(str(value))}/>\n"
        for key, value in values.items()
    )


def _model(plate: Plate) -> str:
    """Return ``3D/3dmodel.model``: metadata only, no mesh."""

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<model unit="millimeter" xml:lang="en-US" '
        'xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">\n'
        f' <metadata name="Application">{escape(plate.client)} (HoloMat)</metadata>\n'
        f' <metadata name="Title">{escape(plate.name)}</metadata>\n'
        " <resources/>\n <build/>\n</model>\n"
    )


def _slice_info(plate: Plate) -> str:
    """Return ``Metadata/slice_info.config``."""

    settings, stats = plate.settings, plate.stats
    filament = {
        "id": "1",
        "tray_info_idx": settings.material.tray_info_idx,
        "type": settings.values["filament_type"],
        "color": settings.values["filament_colour"],
        "used_m": f"{stats.filament_mm / 1000:.2f}",
        "used_g": f"{stats.filament_g:.2f}",
    }
    metadata = {
        "index": 1,
        "printer_model_id": settings.printer.model_id,
        "nozzle_diameters": f"{settings.nozzle:g}",
        "timelapse_type": 0,
        "prediction": stats.seconds,
        "weight": f"{stats.filament_g:.2f}",
        "outside": "false",
        "support_used": "false",
        "label_object_enabled": "false",
    }
    attributes = " ".join(f"{key}={quoteattr(value)}" for key, value in filament.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<config>\n  <header>\n'
        '    <header_item key="X-BBL-Client-Type" value="slicer"/>\n'
        f'    <header_item key="X-BBL-Client-Version" value={quoteattr(plate.client)}/>\n'
        "  </header>\n  <plate>\n"
        f"{_metadata(metadata, '    ')}"
        f'    <object identify_id="1" name={quoteattr(plate.name)} skipped="false"/>\n'
        f"    <filament {attributes}/>\n"
        "  </plate>\n</config>\n"
    )


def _model_settings(plate: Plate) -> str:
    """Return ``Metadata/model_settings.config``."""

    files = {
        "plater_id": 1,
        "plater_name": "",
        "locked": "false",
        "gcode_file": "Metadata/plate_1.gcode",
        "thumbnail_file": "Metadata/plate_1.png",
        "pattern_bbox_file": "Metadata/plate_1.json",
    }
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<config>\n  <object id="1">\n'
        f"{_metadata({'name': plate.name, 'extruder': 1}, '    ')}"
        "  </object>\n  <plate>\n"
        f"{_metadata(files, '    ')}"
        "    <model_instance>\n"
        f"{_metadata({'object_id': 1, 'instance_id': 0, 'identify_id': 1}, '      ')}"
        "    </model_instance>\n  </plate>\n</config>\n"
    )


def _plate_json(plate: Plate) -> str:
    """Return ``Metadata/plate_1.json``."""

    bbox = [round(value, 3) for value in plate.bbox]
    return json.dumps(
        {
            "bbox_all": bbox,
            "bbox_objects": [
                {
                    "id": 1,
                    "name": plate.name,
                    "bbox": bbox,
                    "area": round(plate.area_mm2, 2),
                    "layer_height": plate.settings.layer_height,
                }
            ],
            "bed_type": BED_TYPE,
            "filament_colors": [plate.settings.values["filament_colour"]],
            "filament_ids": [0],
            "first_extruder": 0,
            "is_seq_print": False,
            "nozzle_diameter": plate.settings.nozzle,
            "version": 2,
        }
    )


def _project_settings(plate: Plate) -> str:
    """Return ``Metadata/project_settings.config``: the settings a reader asks about."""

    settings = plate.settings
    values = settings.values
    return json.dumps(
        {
            "name": "project_settings",
            "from": "project",
            "printer_model": settings.printer.name,
            "printer_settings_id": f"{settings.printer.name} {settings.nozzle:g} nozzle",
            "nozzle_diameter": [f"{settings.nozzle:g}"],
            "layer_height": values["layer_height"],
            "filament_type": [values["filament_type"]],
            "filament_colour": [values["filament_colour"]],
            "filament_ids": [settings.material.tray_info_idx],
            "nozzle_temperature": [values["temperature"]],
            "hot_plate_temp": [values["bed_temperature"]],
            "curr_bed_type": "Textured PEI Plate",
        },
        indent=4,
    )


def write_gcode_3mf(destination: Path, gcode: str, thumbnail_png: bytes, plate: Plate) -> int:
    """Write the ``.gcode.3mf`` at ``destination`` atomically; return its size in bytes.

    Raises ``OSError`` when the folder cannot be written; nothing is left behind then.
    """

    data = gcode.encode("utf-8")
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "3D/3dmodel.model": _model(plate),
        "Metadata/plate_1.gcode": data,
        "Metadata/plate_1.gcode.md5": hashlib.md5(data).hexdigest().upper(),  # noqa: S324
        "Metadata/plate_1.png": thumbnail_png,
        "Metadata/plate_1.json": _plate_json(plate),
        "Metadata/slice_info.config": _slice_info(plate),
        "Metadata/model_settings.config": _model_settings(plate),
        "Metadata/_rels/model_settings.config.rels": _MODEL_SETTINGS_RELS,
        "Metadata/project_settings.config": _project_settings(plate),
    }
    handle, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".part", dir=destination.parent
    )
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for name, content in parts.items():
                archive.writestr(name, content)
        Path(temporary).replace(destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return destination.stat().st_size


def read_thumbnail(path: Path) -> bytes:
    """Return the plate thumbnail (PNG) of a ``.gcode.3mf`` this module wrote (blocking).

    Raises ``OSError`` or ``KeyError`` when the file is missing or not one of ours.
    """

    with zipfile.ZipFile(path) as archive:
        return archive.read("Metadata/plate_1.png")
