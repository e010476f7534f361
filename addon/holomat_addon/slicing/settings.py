"""Compose the slicer settings of one printer model, nozzle and material from ``profiles/``.

The INI files hold PrusaSlicer's configuration keys (``key = value`` lines, ``#`` comments);
``start.gcode`` and ``end.gcode`` are filled with the printer's positions. The result is one
flat mapping a slicer backend writes in its own format.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template
from typing import Final

from .profiles import Material, PrinterProfile

PROFILES: Final = Path(__file__).parent / "profiles"
# Cross-section of 1.75 mm filament in mm²: extruded length = deposited volume / this.
FILAMENT_AREA_MM2: Final = 2.4053
START_MARK: Final = ";===== HoloMat start G-code:"
START_END_MARK: Final = ";===== HoloMat start G-code end ====="
END_MARK: Final = ";===== HoloMat end G-code:"
END_END_MARK: Final = ";===== HoloMat end G-code end ====="


@dataclass(frozen=True, slots=True)
class SliceSettings:
    """Everything a slicer needs for one job: its settings and what the 3MF metadata shows.

    ``values`` maps PrusaSlicer configuration keys to their text values (G-code with real
    newlines). ``printer``, ``nozzle`` (mm) and ``material`` are the choices they came from.
    """

    printer: PrinterProfile
    nozzle: float
    material: Material
    values: dict[str, str]

    @property
    def layer_height(self) -> float:
        """Return the layer height in mm."""

        return float(self.values["layer_height"])


@cache
def read_ini(name: str) -> dict[str, str]:
    r"""Return the ``key = value`` lines of ``profiles/<name>``; ``\n`` in a value is a newline."""

    values: dict[str, str] = {}
    for raw in (PROFILES / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().replace("\\n", "\n")
    return values


@cache
def _template(name: str) -> Template:
    """Return ``profiles/<name>`` without its ``#`` documentation lines, as a template."""

    lines = (PROFILES / name).read_text(encoding="utf-8").splitlines()
    return Template("\n".join(line for line in lines if not line.startswith("#")))


def _prime_fields(printer: PrinterProfile, nozzle: float, first_layer: float) -> dict[str, str]:
    """Return the prime line's positions and filament lengths for ``start.gcode``.

    The line is 1.25 nozzle widths wide and one first layer high; its first pass runs the
    whole length, the second back over a third of it, 0.6 mm behind.
    """

    x0, x1, y = printer.machine.prime
    width = 1.25 * nozzle
    per_mm = width * first_layer / FILAMENT_AREA_MM2
    back = x1 - (x1 - x0) / 3
    return {
        "prime_x0": f"{x0:g}",
        "prime_x1": f"{x1:g}",
        "prime_x2": f"{back:g}",
        "prime_y0": f"{y:g}",
        "prime_y1": f"{y + 0.6:g}",
        "prime_z": f"{first_layer:g}",
        "prime_e0": f"{(x1 - x0) * per_mm:.4f}",
        "prime_e1": f"{(x1 - back) * per_mm:.4f}",
        "prime_feed": "1200" if nozzle < 0.3 else "1800",
    }


def render_gcode(printer: PrinterProfile, nozzle: float, first_layer: float) -> tuple[str, str]:
    """Return the printer's start and end G-code, slicer placeholders left for the slicer."""

    machine = printer.machine
    fields = {
        "printer_name": printer.name,
        "nozzle": f"{nozzle:g}",
        "g29": machine.g29,
        "park_x": f"{machine.park[0]:g}",
        "park_y": f"{machine.park[1]:g}",
        **_prime_fields(printer, nozzle, first_layer),
    }
    return (
        _template("start.gcode").substitute(fields),
        _template("end.gcode").substitute(fields),
    )


def compose(printer: PrinterProfile, nozzle: float, material: Material) -> SliceSettings:
    """Return the settings for ``printer`` with a ``nozzle`` mm nozzle and ``material``.

    Later files override earlier ones: common, the printer family, the nozzle, the material;
    then the plate, the height, the nozzle diameter and the G-code from the profile itself.
    """

    machine = printer.machine
    values = {
        **read_ini("common.ini"),
        **read_ini(f"{machine.key}.ini"),
        **read_ini(f"nozzle_{nozzle:g}.ini"),
        **read_ini(f"{material.key.lower()}.ini"),
    }
    width, depth = machine.plate
    start, end = render_gcode(printer, nozzle, float(values["first_layer_height"]))
    values.update(
        {
            "bed_shape": f"0x0,{width:g}x0,{width:g}x{depth:g},0x{depth:g}",
            "max_print_height": f"{machine.max_z:g}",
            # No Z-hop in the last millimetre: the toolhead would leave the printable height.
            "retract_lift_below": f"{machine.max_z - 1:g}",
            "nozzle_diameter": f"{nozzle:g}",
            "start_gcode": start,
            "end_gcode": end,
            "printer_notes": f"HoloMat profile for the {printer.name}",
        }
    )
    return SliceSettings(printer=printer, nozzle=nozzle, material=material, values=values)
