"""STL → printer-ready ``.gcode.3mf`` for a Bambu Lab printer, with a real slicer's CLI."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from ..stl.render import render_png
from .errors import SlicerRefusedError
from .footprint import area, outline
from .gcode import bambu_layout, read_stats
from .package import Plate, write_gcode_3mf
from .placement import check_solid, load_mesh, place
from .profiles import material as find_material
from .profiles import nozzle_size, printer_profile
from .settings import compose
from .slicers import Slicer, find_slicer

# Bambu Studio's plate thumbnails are 512 x 512 px.
THUMBNAIL_PX: Final = 512
DEFAULT_TIMEOUT_S: Final = 300.0


@dataclass(frozen=True, slots=True)
class SliceResult:
    """A sliced plate and what the slicer estimated for it.

    ``path`` is the ``.gcode.3mf`` written, ``file_bytes`` its size. ``printer`` is the model
    ("X1C"), ``nozzle`` in mm, ``material`` ("PLA"). ``seconds`` is the estimated print time,
    ``filament_g`` / ``filament_mm`` the filament used, ``layers`` the layer count,
    ``size_mm`` the model's size as placed (x, y, z), ``slicer`` e.g. "PrusaSlicer 2.5.0".
    """

    path: Path
    file_bytes: int
    printer: str
    nozzle: float
    material: str
    seconds: int
    filament_g: float
    filament_mm: float
    layers: int
    size_mm: tuple[float, float, float]
    slicer: str


def slice_model(
    model: bytes | Path,
    destination: Path,
    *,
    printer: str,
    nozzle: float = 0.4,
    material: str = "PLA",
    name: str = "model",
    slicer: Slicer | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    progress: Callable[[float], None] | None = None,
) -> SliceResult:
    """Slice an STL (bytes or path, mm) into a ``.gcode.3mf`` at ``destination``.

    ``printer`` is a model name or id ("X1C", "P1S", "A1 mini", "C12"); ``nozzle`` 0.2, 0.4 or
    0.6 mm; ``material`` "PLA" or "PETG"; ``name`` the object's name in the file; ``slicer`` a
    backend (default: ``find_slicer()``); ``timeout`` the slicer's limit in s; ``progress`` is
    called with the share done (0-1) after each stage (placed, sliced, packaged). The model is
    laid flat on its largest stable face and centred on the plate. Blocking: run it in an
    executor from async code.

    Raises ``UnknownProfileError``, ``UnreadableModelError``, ``NotManifoldError``,
    ``ModelTooBigError``, ``SlicerMissingError``, ``SlicerRefusedError``,
    ``SlicerTimeoutError`` (all ``SlicingError``) and ``OSError`` when ``destination`` cannot
    be written. On any failure no file is left at ``destination``.
    """

    profile = printer_profile(printer)
    settings = compose(profile, nozzle_size(nozzle), find_material(material))
    report = progress or (lambda _share: None)
    placed = place(check_solid(load_mesh(model)), profile)
    backend = slicer or find_slicer()
    report(0.1)
    with tempfile.TemporaryDirectory(prefix="holomat-slice-") as folder:
        workdir = Path(folder)
        stl = workdir / "model.stl"
        placed.export(stl, file_type="stl")
        gcode = backend.slice(stl, settings, workdir, timeout)
    report(0.8)
    try:
        stats = read_stats(gcode)
        laid_out = bambu_layout(gcode, stats, backend.label)
    except ValueError as err:
        raise SlicerRefusedError(
            f"{backend.label} wrote G-code HoloMat cannot read ({err}); slice it again or "
            "report the model.",
            slicer_message=str(err),
        ) from err
    low, high = placed.bounds
    plate = Plate(
        settings=settings,
        stats=stats,
        name=name,
        bbox=(float(low[0]), float(low[1]), float(high[0]), float(high[1])),
        area_mm2=area(outline(np.asarray(placed.vertices[:, :2], dtype=np.float64))),
        client=backend.label,
    )
    thumbnail = render_png(
        np.asarray(placed.vertices, dtype=np.float64),
        np.asarray(placed.faces, dtype=np.int64),
        THUMBNAIL_PX,
    )
    size = write_gcode_3mf(destination, laid_out, thumbnail, plate)
    report(1.0)
    extent = high - low
    return SliceResult(
        path=destination,
        file_bytes=size,
        printer=profile.model,
        nozzle=settings.nozzle,
        material=settings.material.key,
        seconds=stats.seconds,
        filament_g=stats.filament_g,
        filament_mm=stats.filament_mm,
        layers=stats.layers,
        size_mm=(float(extent[0]), float(extent[1]), float(extent[2])),
        slicer=backend.label,
    )
