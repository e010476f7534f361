"""The plate a job prints gives its cover image (the job's 3MF read from the printer)."""

from __future__ import annotations

import io
import zipfile

from custom_components.holomat.bambu.cover import read_cover
from holomat_dev.threemf_files import make_3mf, part_colour, thumbnail

RED, BLUE = "#C0392B", "#2E6BC0"


def two_plates(sliced: int | None) -> bytes:
    """Return a 3MF whose plate 1 thumbnail is red, plate 2 blue; only ``sliced`` has G-code."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("3D/3dmodel.model", '<model><metadata name="Title">Two</metadata></model>')
        archive.writestr("Metadata/plate_1.png", thumbnail(1.0, RED))
        archive.writestr("Metadata/plate_2.png", thumbnail(1.0, BLUE))
        if sliced is not None:
            archive.writestr(f"Metadata/plate_{sliced}.gcode", "; HEADER_BLOCK_START\n")
    return out.getvalue()


def colour(cover: bytes | None) -> str | None:
    """Return the colour of the part a cover shows, None without a cover."""
    return None if cover is None else part_colour(cover)


def test_the_plate_printed_gives_the_cover() -> None:
    # gcode_file names the plate on X1 cloud prints; else the sliced plate with a thumbnail
    assert colour(read_cover(two_plates(None), "/data/Metadata/plate_2.gcode")) == BLUE
    assert colour(read_cover(two_plates(2), "Two.gcode.3mf")) == BLUE
    assert colour(read_cover(two_plates(None), "")) == RED
    assert read_cover(make_3mf("Cube"), "/data/Metadata/plate_3.gcode") is None
