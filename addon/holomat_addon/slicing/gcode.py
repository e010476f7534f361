"""Read a slicer's G-code statistics and lay the G-code out in Bambu Lab's blocks.

PrusaSlicer ends its G-code with comments such as ``; estimated printing time (normal mode) =
1h 2m 3s``, ``; filament used [mm] = 1491.16`` and ``; filament used [g] = 4.45``, then its
configuration between ``; prusaslicer_config = begin`` and ``end``.

Bambu Studio's G-code has three blocks (a Bambu Studio 1.6 G-code of a P1P; bambulab/BambuStudio
``src/libslic3r/GCode.cpp``): ``; HEADER_BLOCK_START`` … ``_END`` with ``; model printing time:
…; total estimated time: …`` and ``; total layer number: N``, then ``; CONFIG_BLOCK_START`` …
``_END``, then ``; EXECUTABLE_BLOCK_START`` … ``_END``. Tools that edit Bambu files report the
firmware ignores G-code after ``; EXECUTABLE_BLOCK_END``, so everything runnable goes inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_DURATION: Final = re.compile(r"(\d+)\s*([dhms])")
_UNIT_SECONDS: Final = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_STAT: Final = re.compile(r"^; (?P<key>[^=\n]+?) = (?P<value>[^\n]*)$", re.MULTILINE)
_LAYER_Z: Final = re.compile(r"^;Z:(?P<z>[0-9.]+)$", re.MULTILINE)
_TRAILER: Final = "; filament used [mm] ="


@dataclass(frozen=True, slots=True)
class GcodeStats:
    """What the slicer estimated: time in s, filament in mm, cm³ and g, layers, top in mm."""

    seconds: int
    filament_mm: float
    filament_cm3: float
    filament_g: float
    layers: int
    max_z_mm: float


def parse_duration(text: str) -> int:
    """Return the seconds in a slicer duration such as ``1d 2h 3m 4s`` or ``13m 48s``.

    Raises ``ValueError`` when no duration is found.
    """

    parts = _DURATION.findall(text)
    if not parts:
        raise ValueError(f"not a duration: {text!r}")
    return sum(int(number) * _UNIT_SECONDS[unit] for number, unit in parts)


def read_stats(gcode: str) -> GcodeStats:
    """Return the statistics PrusaSlicer wrote at the end of ``gcode``.

    Raises ``ValueError`` when the time or the filament use is missing.
    """

    stats = {match["key"]: match["value"] for match in _STAT.finditer(gcode)}
    try:
        seconds = parse_duration(stats["estimated printing time (normal mode)"])
        filament = (
            float(stats["filament used [mm]"]),
            float(stats["filament used [cm3]"]),
            float(stats["filament used [g]"]),
        )
    except KeyError as err:
        raise ValueError(f"the G-code has no {err.args[0]!r} statistic") from err
    heights = [float(match["z"]) for match in _LAYER_Z.finditer(gcode)]
    return GcodeStats(
        seconds=seconds,
        filament_mm=filament[0],
        filament_cm3=filament[1],
        filament_g=filament[2],
        layers=len(heights),
        max_z_mm=max(heights, default=0.0),
    )


def _duration(seconds: int) -> str:
    """Format seconds as Bambu Studio does: ``1h 2m 3s``, ``13m 48s``."""

    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{minutes}m {secs}s"
    return f"{hours}h {text}" if hours else text


def bambu_layout(gcode: str, stats: GcodeStats, slicer: str) -> str:
    """Return ``gcode`` in Bambu's header, config and executable blocks.

    The header gives the time, layers, filament and height as Bambu Studio writes them; the
    slicer's trailing statistics and configuration become the config block; the runnable part
    ends with the end G-code right before ``; EXECUTABLE_BLOCK_END``. Raises ``ValueError``
    when the G-code has no statistics trailer.
    """

    cut = gcode.find(_TRAILER)
    if cut < 0:
        raise ValueError("the G-code has no statistics trailer")
    body, trailer = gcode[:cut].rstrip("\n"), gcode[cut:].rstrip("\n")
    duration = _duration(stats.seconds)
    header = (
        "; HEADER_BLOCK_START\n"
        f"; {slicer} (HoloMat)\n"
        f"; model printing time: {duration}; total estimated time: {duration}\n"
        f"; total layer number: {stats.layers}\n"
        f"; total filament length [mm] : {stats.filament_mm:.2f}\n"
        f"; total filament weight [g] : {stats.filament_g:.2f}\n"
        f"; max_z_height: {stats.max_z_mm:.2f}\n"
        "; HEADER_BLOCK_END\n"
    )
    return (
        f"{header}\n; CONFIG_BLOCK_START\n{trailer}\n; CONFIG_BLOCK_END\n\n"
        f"; EXECUTABLE_BLOCK_START\n{body}\n; EXECUTABLE_BLOCK_END\n"
    )
