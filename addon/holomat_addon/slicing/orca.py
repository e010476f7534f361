"""Translate HoloMat's settings (PrusaSlicer's keys) into OrcaSlicer's three JSON presets.

OrcaSlicer descends from Bambu Studio, itself from PrusaSlicer: most options kept their meaning
under new names. The names on the right are those of Bambu Studio's presets
(bambulab/BambuStudio ``resources/profiles/BBL/{machine,process,filament}/*.json``), which
OrcaSlicer shares. Never run against a real OrcaSlicer here (none installs on Debian): treat it
as the interface's second implementation, to be checked on a host that has one.
"""

from __future__ import annotations

import json
from typing import Final

from .settings import SliceSettings

# PrusaSlicer key → (OrcaSlicer preset, OrcaSlicer key). Filament values and the machine's
# per-extruder values are lists (one per extruder) in OrcaSlicer's presets; others are strings.
_RENAMES: Final[dict[str, tuple[str, str]]] = {
    "bed_shape": ("machine", "printable_area"),
    "max_print_height": ("machine", "printable_height"),
    "nozzle_diameter": ("machine", "nozzle_diameter"),
    "gcode_flavor": ("machine", "gcode_flavor"),
    "start_gcode": ("machine", "machine_start_gcode"),
    "end_gcode": ("machine", "machine_end_gcode"),
    "layer_gcode": ("machine", "layer_change_gcode"),
    "retract_length": ("machine", "retraction_length"),
    "retract_speed": ("machine", "retraction_speed"),
    "deretract_speed": ("machine", "deretraction_speed"),
    "retract_lift": ("machine", "z_hop"),
    "retract_lift_below": ("machine", "retract_lift_below"),
    "use_relative_e_distances": ("machine", "use_relative_e_distances"),
    "layer_height": ("process", "layer_height"),
    "first_layer_height": ("process", "initial_layer_print_height"),
    "perimeters": ("process", "wall_loops"),
    "top_solid_layers": ("process", "top_shell_layers"),
    "bottom_solid_layers": ("process", "bottom_shell_layers"),
    "fill_density": ("process", "sparse_infill_density"),
    "fill_pattern": ("process", "sparse_infill_pattern"),
    "extrusion_width": ("process", "line_width"),
    "first_layer_extrusion_width": ("process", "initial_layer_line_width"),
    "external_perimeter_extrusion_width": ("process", "outer_wall_line_width"),
    "perimeter_extrusion_width": ("process", "inner_wall_line_width"),
    "infill_extrusion_width": ("process", "sparse_infill_line_width"),
    "solid_infill_extrusion_width": ("process", "internal_solid_infill_line_width"),
    "top_infill_extrusion_width": ("process", "top_surface_line_width"),
    "external_perimeter_speed": ("process", "outer_wall_speed"),
    "perimeter_speed": ("process", "inner_wall_speed"),
    "infill_speed": ("process", "sparse_infill_speed"),
    "solid_infill_speed": ("process", "internal_solid_infill_speed"),
    "top_solid_infill_speed": ("process", "top_surface_speed"),
    "gap_fill_speed": ("process", "gap_infill_speed"),
    "first_layer_speed": ("process", "initial_layer_speed"),
    "travel_speed": ("process", "travel_speed"),
    "bridge_speed": ("process", "bridge_speed"),
    "default_acceleration": ("process", "default_acceleration"),
    "first_layer_acceleration": ("process", "initial_layer_acceleration"),
    "elefant_foot_compensation": ("process", "elefant_foot_compensation"),
    "seam_position": ("process", "seam_position"),
    "skirts": ("process", "skirt_loops"),
    "brim_width": ("process", "brim_width"),
    "filament_type": ("filament", "filament_type"),
    "filament_colour": ("filament", "filament_colour"),
    "filament_density": ("filament", "filament_density"),
    "filament_diameter": ("filament", "filament_diameter"),
    "filament_max_volumetric_speed": ("filament", "filament_max_volumetric_speed"),
    "temperature": ("filament", "nozzle_temperature"),
    "first_layer_temperature": ("filament", "nozzle_temperature_initial_layer"),
    "bed_temperature": ("filament", "hot_plate_temp"),
    "first_layer_bed_temperature": ("filament", "hot_plate_temp_initial_layer"),
    "min_fan_speed": ("filament", "fan_min_speed"),
    "max_fan_speed": ("filament", "fan_max_speed"),
    "disable_fan_first_layers": ("filament", "close_fan_the_first_x_layers"),
    "fan_below_layer_time": ("filament", "fan_cooling_layer_time"),
    "slowdown_below_layer_time": ("filament", "slow_down_layer_time"),
    "min_print_speed": ("filament", "slow_down_min_speed"),
}
_SCALARS: Final = frozenset(
    {
        "printable_height",
        "gcode_flavor",
        "machine_start_gcode",
        "machine_end_gcode",
        "layer_change_gcode",
        "use_relative_e_distances",
    }
)
# PrusaSlicer placeholder → OrcaSlicer placeholder, in the start and end G-code.
_PLACEHOLDERS: Final[dict[str, str]] = {
    "[first_layer_bed_temperature]": "[bed_temperature_initial_layer_single]",
    "[first_layer_temperature]": "[nozzle_temperature_initial_layer]",
    "max_print_height": "printable_height",
}


def _orca_value(key: str, value: str) -> str | list[str]:
    """Return ``value`` as OrcaSlicer spells it: the plate as corner points, G-code renamed."""

    if key == "printable_area":
        return value.split(",")
    if key.endswith("_gcode"):
        for prusa, orca in _PLACEHOLDERS.items():
            value = value.replace(prusa, orca)
    return value


def orca_files(settings: SliceSettings) -> dict[str, str]:
    """Return ``machine.json``, ``process.json`` and ``filament.json`` for ``settings``."""

    presets: dict[str, dict[str, str | list[str]]] = {
        kind: {"type": kind, "name": f"HoloMat {kind}", "from": "User", "inherits": ""}
        for kind in ("machine", "process", "filament")
    }
    presets["machine"]["printer_model"] = settings.printer.name
    for prusa_key, value in settings.values.items():
        target = _RENAMES.get(prusa_key)
        if target is None:
            continue
        kind, key = target
        converted = _orca_value(key, value)
        if isinstance(converted, str) and kind != "process" and key not in _SCALARS:
            converted = [converted]
        presets[kind][key] = converted
    return {f"{kind}.json": json.dumps(preset, indent=2) for kind, preset in presets.items()}
