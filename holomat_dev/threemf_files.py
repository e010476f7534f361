"""Make real sliced 3MF files, as Bambu Studio writes them, and read back what a printer reads.

A sliced 3MF (``.gcode.3mf``) is a zip following the 3MF core specification (``[Content_Types]
.xml``, ``_rels/.rels``, ``3D/3dmodel.model``) plus Bambu Studio's ``Metadata/`` parts per plate
N: ``plate_N.gcode`` starting with a header block, ``plate_N.png`` (the thumbnail),
``plate_N.json``, and ``slice_info.config`` (layout: ha-bambulab ``pybambu/models.py``; header
lines as Bambu Studio 01.10 writes them, e.g.::

    ; HEADER_BLOCK_START
    ; BambuStudio 01.10.01.50
    ; model printing time: 17m 54s; total estimated time: 23m 41s
    ; total layer number: 86
    ; HEADER_BLOCK_END

The printer runs ``plate_N.gcode``: ``read_job`` takes the task name, the layer count and the
estimated time from it as the simulated printer does when told to print a file.
"""

from __future__ import annotations

from dataclasses import dataclass
import html
import io
import json
import re
import zipfile

from PIL import Image, ImageDraw

THUMBNAIL_SIZE = 256
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="model" '
    'ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Default Extension="gcode" ContentType="text/x.gcode"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Target="/3D/3dmodel.model" Id="rel-1" '
    'Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>'
)
_CUBE_VERTICES = [(x, y, z) for z in (0, 20) for y in (0, 20) for x in (0, 20)]
_CUBE_TRIANGLES = [
    (0, 2, 1), (1, 2, 3), (4, 5, 6), (5, 7, 6), (0, 1, 4), (1, 5, 4),
    (2, 6, 3), (3, 6, 7), (0, 4, 2), (2, 4, 6), (1, 3, 5), (3, 7, 5),
]  # fmt: skip
_HEADER_LAYERS = re.compile(r"^; total layer number: (\d+)\s*$", re.MULTILINE)
_HEADER_TIME = re.compile(r"total estimated time: ((?:\d+[dhms] ?)+)")
_TASK = re.compile(r'<metadata name="Title">([^<]*)</metadata>')


@dataclass(frozen=True, slots=True)
class PrintJob:
    """What a printer reads from a sliced file before printing it."""

    task_name: str
    layers: int
    seconds: int


def _duration(seconds: int) -> str:
    """Return ``5400`` as Bambu Studio writes it: ``1h 30m 0s``."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return (f"{hours}h " if hours else "") + f"{minutes}m {secs}s"


def _seconds(text: str) -> int:
    """Return ``1h 30m 0s`` in seconds."""
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    return sum(int(part[:-1]) * units[part[-1]] for part in text.split())


def thumbnail(progress: float = 1.0, color: str = "#2E8B57") -> bytes:
    """Draw a plate thumbnail (PNG): the textured plate and a part ``progress`` (0-1) built."""
    image = Image.new("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE), "#1E1E1E")
    draw = ImageDraw.Draw(image)
    draw.polygon([(28, 200), (228, 200), (196, 120), (60, 120)], fill="#5A5A5A")
    height = int(70 * max(0.0, min(1.0, progress)))
    draw.rectangle((98, 170 - height, 158, 170), fill=color, outline="#0F0F0F")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def part_colour(png: bytes) -> str:
    """Return the colour (``#RRGGBB``) of the part a ``thumbnail`` drew: which job it shows."""
    pixel = Image.open(io.BytesIO(png)).convert("RGB").getpixel((128, 150))
    assert isinstance(pixel, tuple)
    return "#{:02X}{:02X}{:02X}".format(*pixel[:3])


def _gcode(layers: int, seconds: int) -> str:
    """Return a plate's G-code: Bambu Studio's header block, then one move per layer."""
    lines = [
        "; HEADER_BLOCK_START",
        "; BambuStudio 01.10.01.50",
        f"; model printing time: {_duration(seconds)}; total estimated time: {_duration(seconds)}",
        f"; total layer number: {layers}",
        "; HEADER_BLOCK_END",
        "M73 P0 R" + str(seconds // 60),
    ]
    for layer in range(1, layers + 1):
        lines += [f"; CHANGE_LAYER\nM73 L{layer}", f"G1 Z{layer * 0.2:.2f} F600", "G1 X120 Y120 E1"]
    return "\n".join(lines) + "\n"


def make_3mf(
    task_name: str,
    *,
    layers: int = 50,
    seconds: int = 600,
    weight_g: float = 12.5,
    filaments: tuple[tuple[str, str], ...] = (("PLA", "#2E8B57"),),
    plates: int = 1,
) -> bytes:
    """Return a sliced 3MF (``.gcode.3mf``) of a 20 mm cube named ``task_name``.

    Each of ``plates`` plates has G-code with ``layers`` layers and ``seconds`` of estimated
    time, a thumbnail, and its facts in ``slice_info.config``; ``filaments`` are (type, colour).
    """
    vertices = "".join(f'<vertex x="{x}" y="{y}" z="{z}"/>' for x, y, z in _CUBE_VERTICES)
    triangles = "".join(f'<triangle v1="{a}" v2="{b}" v3="{c}"/>' for a, b, c in _CUBE_TRIANGLES)
    escaped = task_name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    model = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<model unit="millimeter" xml:lang="en-US" '
        'xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">'
        f'<metadata name="Application">BambuStudio-01.10.01.50</metadata>'
        f'<metadata name="Title">{escaped}</metadata><resources><object id="1" type="model">'
        f"<mesh><vertices>{vertices}</vertices><triangles>{triangles}</triangles></mesh>"
        '</object></resources><build><item objectid="1" printable="1"/></build></model>'
    )
    slice_plates = []
    for index in range(1, plates + 1):
        filament_lines = "".join(
            f'<filament id="{number}" tray_info_idx="GFA00" type="{kind}" color="{color}" '
            f'used_m="{weight_g / 3:.2f}" used_g="{weight_g / len(filaments):.2f}"/>'
            for number, (kind, color) in enumerate(filaments, start=1)
        )
        slice_plates.append(
            f'<plate><metadata key="index" value="{index}"/>'
            f'<metadata key="prediction" value="{seconds}"/>'
            f'<metadata key="weight" value="{weight_g:.2f}"/>{filament_lines}</plate>'
        )
    slice_info = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<config><header>'
        '<header_item key="X-BBL-Client-Type" value="slicer"/>'
        '<header_item key="X-BBL-Client-Version" value="01.10.01.50"/></header>'
        + "".join(slice_plates)
        + "</config>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("3D/3dmodel.model", model)
        archive.writestr("Metadata/slice_info.config", slice_info)
        for index in range(1, plates + 1):
            archive.writestr(f"Metadata/plate_{index}.gcode", _gcode(layers, seconds))
            archive.writestr(f"Metadata/plate_{index}.png", thumbnail(1.0, filaments[0][1]))
            archive.writestr(
                f"Metadata/plate_{index}.json", json.dumps({"bed_type": "textured_plate"})
            )
    return out.getvalue()


def read_job(data: bytes, plate: int = 1) -> PrintJob | None:
    """Return the job in a sliced 3MF as a printer reads it, None when it cannot run it.

    The layers and time come from ``plate_N.gcode``'s header block, the name from the model's
    Title (or "Untitled").
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            with archive.open(f"Metadata/plate_{plate}.gcode") as gcode:
                header = gcode.read(4096).decode("utf-8", errors="replace")
            with archive.open("3D/3dmodel.model") as model:
                head = model.read(65536).decode("utf-8", errors="replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    layers = _HEADER_LAYERS.search(header)
    time = _HEADER_TIME.search(header)
    if layers is None or time is None:
        return None
    title = _TASK.search(head)
    name = html.unescape(title[1]) if title else "Untitled"
    return PrintJob(name, int(layers[1]), _seconds(time[1]))
