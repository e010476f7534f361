"""Reading a slicer's statistics and laying G-code out in Bambu's blocks."""

from __future__ import annotations

import pytest

from holomat_addon.slicing.gcode import GcodeStats, bambu_layout, parse_duration, read_stats

TRAILER = (
    "; filament used [mm] = 1491.16\n"
    "; filament used [cm3] = 3.59\n"
    "; filament used [g] = 4.45\n"
    "; estimated printing time (normal mode) = 1h 2m 3s\n"
    "\n; prusaslicer_config = begin\n; layer_height = 0.2\n; prusaslicer_config = end\n"
)
BODY = ";LAYER_CHANGE\n;Z:0.2\nG1 X1 E1\n;LAYER_CHANGE\n;Z:0.4\nG1 X2 E1\nM73 P100 R0\n"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1d 2h 3m 4s", 93784), ("13m 48s", 828), ("45s", 45), ("2h 0m 0s", 7200)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


def test_not_a_duration() -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("soon")


def test_stats_from_prusaslicer_comments() -> None:
    assert read_stats(BODY + TRAILER) == GcodeStats(
        seconds=3723,
        filament_mm=1491.16,
        filament_cm3=3.59,
        filament_g=4.45,
        layers=2,
        max_z_mm=0.4,
    )


def test_missing_statistic_is_named() -> None:
    with pytest.raises(ValueError, match="filament used"):
        read_stats(BODY + "; estimated printing time (normal mode) = 3s\n")


def test_bambu_blocks_in_order() -> None:
    stats = read_stats(BODY + TRAILER)
    laid = bambu_layout(BODY + TRAILER, stats, "PrusaSlicer 2.5.0")
    lines = laid.splitlines()
    assert lines[:4] == [
        "; HEADER_BLOCK_START",
        "; PrusaSlicer 2.5.0 (HoloMat)",
        "; model printing time: 1h 2m 3s; total estimated time: 1h 2m 3s",
        "; total layer number: 2",
    ]
    order = [
        laid.index(mark)
        for mark in (
            "HEADER_BLOCK_END",
            "CONFIG_BLOCK_START",
            "; layer_height = 0.2",
            "CONFIG_BLOCK_END",
            "EXECUTABLE_BLOCK_START",
            "G1 X2 E1",
            "EXECUTABLE_BLOCK_END",
        )
    ]
    assert order == sorted(order)
    assert laid.endswith("M73 P100 R0\n; EXECUTABLE_BLOCK_END\n")


def test_layout_needs_the_trailer() -> None:
    with pytest.raises(ValueError, match="no statistics trailer"):
        bambu_layout(BODY, GcodeStats(1, 1.0, 1.0, 1.0, 1, 1.0), "x")
