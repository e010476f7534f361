"""Bambu Lab printer models, nozzles and materials HoloMat slices for.

Sources of the machine facts (cited per value below):
- bambulab/BambuStudio ``resources/profiles/BBL/machine/*.json``: ``printable_area``,
  ``printable_height``, ``bed_exclude_area`` (what Bambu's own slicer lets a model occupy);
- Bambu Lab's product pages give the build volume as 256 x 256 x 256 mm for the X1, P1 and A1
  series and 180 x 180 x 180 mm for the A1 mini; Bambu Studio caps the X1 and P1 series at
  250 mm of height (``fdm_bbl_3dp_001_common.json``, and their end G-code never moves Z above
  250), so that is the height used here;
- ``printer_model_id`` codes as ``slice_info.config`` and the printers' ``get_version`` spell
  them (ha-bambulab ``pybambu/models.py`` and ``utils.py``; HoloMat's
  ``custom_components/holomat/bambu/version.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .errors import UnknownProfileError


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned rectangle on the plate, in mm from the plate's front-left origin."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class Machine:
    """A printer family sharing kinematics, plate and G-code positions.

    ``key`` names the family's INI file in ``profiles/``; ``plate`` is the printable area
    (x, y) and ``max_z`` the printable height, in mm. ``exclusions`` are areas no model may
    cover: Bambu's ``bed_exclude_area`` and the strip of HoloMat's prime line. ``prime`` is the
    prime line (x start, x end, y) along the front edge; ``park`` where the toolhead waits at
    the end. ``g29`` is the levelling command as the family's own start G-code spells it.
    """

    key: str
    plate: tuple[float, float]
    max_z: float
    exclusions: tuple[Rect, ...]
    prime: tuple[float, float, float]
    park: tuple[float, float]
    g29: str


@dataclass(frozen=True, slots=True)
class PrinterProfile:
    """One printer model: its names, its ``printer_model_id`` and its family."""

    model: str
    name: str
    model_id: str
    machine: Machine

    @property
    def volume_mm(self) -> tuple[float, float, float]:
        """Return the printable volume (x, y, z) in mm."""

        return (*self.machine.plate, self.machine.max_z)


@dataclass(frozen=True, slots=True)
class Material:
    """A filament: its ``filament_type`` and Bambu's generic filament id (``tray_info_idx``).

    Generic PLA is ``GFL99`` and generic PETG ``GFG99`` in Bambu Studio's filament profiles
    (``resources/profiles/BBL/filament/``); the slicer settings are in ``profiles/<key>.ini``.
    """

    key: str
    tray_info_idx: str


def _prime_strip(prime: tuple[float, float, float]) -> Rect:
    """Return the strip the prime line's two passes use, with 2 mm to spare around it."""

    x0, x1, y = prime
    return Rect(x0 - 2.0, 0.0, x1 + 2.0, y + 2.0)


# X1 and P1 series: 256 x 256 mm, 250 mm high; the front-left 18 x 28 mm corner is excluded
# (bed_exclude_area of "Bambu Lab X1 Carbon 0.4 nozzle" and "Bambu Lab P1P 0.4 nozzle"). Bambu
# parks at X128 Y250 at the end (P1P end G-code); levelling is "G29 A".
_X1P1_PRIME: Final = (30.0, 150.0, 1.0)
X1P1: Final = Machine(
    key="x1p1",
    plate=(256.0, 256.0),
    max_z=250.0,
    exclusions=(Rect(0.0, 0.0, 18.0, 28.0), _prime_strip(_X1P1_PRIME)),
    prime=_X1P1_PRIME,
    park=(128.0, 250.0),
    g29="G29 A",
)
# A1: 256 x 256 x 256 mm, nothing excluded; levelling is "G29 A1" (A1 start G-code template).
_A1_PRIME: Final = (20.0, 140.0, 1.0)
A1: Final = Machine(
    key="a1",
    plate=(256.0, 256.0),
    max_z=256.0,
    exclusions=(_prime_strip(_A1_PRIME),),
    prime=_A1_PRIME,
    park=(10.0, 256.0),
    g29="G29 A1",
)
# A1 mini: 180 x 180 x 180 mm, nothing excluded; Bambu parks at Y180 at the end.
_A1_MINI_PRIME: Final = (20.0, 100.0, 1.0)
A1_MINI: Final = Machine(
    key="a1mini",
    plate=(180.0, 180.0),
    max_z=180.0,
    exclusions=(_prime_strip(_A1_MINI_PRIME),),
    prime=_A1_MINI_PRIME,
    park=(10.0, 180.0),
    g29="G29 A1",
)

PRINTERS: Final[dict[str, PrinterProfile]] = {
    profile.model: profile
    for profile in (
        PrinterProfile("X1", "Bambu Lab X1", "BL-P002", X1P1),
        PrinterProfile("X1C", "Bambu Lab X1 Carbon", "BL-P001", X1P1),
        PrinterProfile("X1E", "Bambu Lab X1E", "C13", X1P1),
        PrinterProfile("P1S", "Bambu Lab P1S", "C12", X1P1),
        PrinterProfile("P1P", "Bambu Lab P1P", "C11", X1P1),
        PrinterProfile("A1", "Bambu Lab A1", "N2S", A1),
        PrinterProfile("A1 mini", "Bambu Lab A1 mini", "N1", A1_MINI),
    )
}
NOZZLES: Final[tuple[float, ...]] = (0.2, 0.4, 0.6)
MATERIALS: Final[dict[str, Material]] = {
    material.key: material for material in (Material("PLA", "GFL99"), Material("PETG", "GFG99"))
}


def _squash(text: str) -> str:
    """Return ``text`` upper-cased without spaces, dashes or underscores ("a1-mini" → "A1MINI")."""

    return "".join(char for char in text.upper() if char not in " -_")


def printer_profile(model: str) -> PrinterProfile:
    """Return the profile of a printer model, by name ("X1C", "A1 mini") or model id ("C12").

    Case, spaces, dashes and underscores do not matter. Raises ``UnknownProfileError``.
    """

    wanted = _squash(model)
    for profile in PRINTERS.values():
        if wanted in (_squash(profile.model), _squash(profile.model_id), _squash(profile.name)):
            return profile
    known = ", ".join(PRINTERS)
    raise UnknownProfileError(f"No profile for the printer {model!r}; choose one of: {known}.")


def nozzle_size(nozzle: float) -> float:
    """Return the profile's nozzle diameter in mm nearest ``nozzle`` (within 0.01 mm).

    Raises ``UnknownProfileError``.
    """

    for size in NOZZLES:
        if abs(size - nozzle) < 0.01:
            return size
    known = ", ".join(f"{size:g}" for size in NOZZLES)
    raise UnknownProfileError(f"No profile for a {nozzle:g} mm nozzle; choose one of: {known} mm.")


def material(name: str) -> Material:
    """Return the material called ``name`` ("PLA", "petg"). Raises ``UnknownProfileError``."""

    found = MATERIALS.get(name.strip().upper())
    if found is None:
        known = ", ".join(MATERIALS)
        raise UnknownProfileError(f"No profile for the material {name!r}; choose one of: {known}.")
    return found
