"""The add-on's slicing API as the client sees it: what to slice for, and the sliced plate.

``POST /slice`` (the add-on's ``holomat_addon.server.slicing``) takes an STL as a ``model`` part
or the ``job_id`` of a model job the add-on made, with ``printer`` (a Bambu Lab model such as
``P1S`` or ``A1 mini``), ``nozzle`` (mm), ``material`` and ``name``; the job it starts has
``kind`` ``slice`` and, once done, a ``result`` describing the plate, read here as a
``SlicedPlate``. The file is ``GET /jobs/{id}/3mf``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

KIND_MODEL: Final = "model"
KIND_SLICE: Final = "slice"
DEFAULT_NOZZLE: Final = 0.4  # mm
DEFAULT_MATERIAL: Final = "PLA"
MATERIALS: Final = ("PLA", "PETG")


@dataclass(frozen=True, slots=True)
class SliceSettings:
    """What to slice for: ``printer`` model ("P1S"), ``nozzle`` (mm), ``material``, ``name``."""

    printer: str
    nozzle: float = DEFAULT_NOZZLE
    material: str = DEFAULT_MATERIAL
    name: str = "model"

    def as_fields(self) -> dict[str, str]:
        """Return the settings as the add-on's form fields."""
        return {
            "printer": self.printer,
            "nozzle": f"{self.nozzle:g}",
            "material": self.material,
            "name": self.name,
        }


@dataclass(frozen=True, slots=True)
class SlicedPlate:
    """A plate the add-on sliced: the slicer's estimates and the file's size.

    ``print_seconds`` is the estimated print time, ``filament_g`` / ``filament_mm`` the filament
    used, ``size_mm`` the model as placed (x, y, z), ``file_bytes`` the ``.gcode.3mf``'s size.
    """

    name: str
    printer: str
    nozzle: float
    material: str
    print_seconds: int
    filament_g: float
    filament_mm: float
    layers: int
    size_mm: tuple[float, float, float]
    slicer: str
    file_bytes: int
    cached: bool


def sliced_plate(body: Mapping[str, Any]) -> SlicedPlate:
    """Return the plate a done slicing job's ``result`` describes.

    Raises ``KeyError``, ``TypeError`` or ``ValueError`` when it is not one.
    """
    x, y, z = (float(value) for value in body["size_mm"])
    return SlicedPlate(
        name=str(body["name"]),
        printer=str(body["printer"]),
        nozzle=float(body["nozzle"]),
        material=str(body["material"]),
        print_seconds=int(body["print_seconds"]),
        filament_g=float(body["filament_g"]),
        filament_mm=float(body["filament_mm"]),
        layers=int(body["layers"]),
        size_mm=(x, y, z),
        slicer=str(body["slicer"]),
        file_bytes=int(body["file_bytes"]),
        cached=bool(body.get("cached", False)),
    )
