"""Validated job parameters (method, sizes in mm, invert, nozzle) from form fields or JSON.

A relief with ``invert`` is a lithophane (dark is thick, seen against a light). Its
defaults follow how makers print them: 3DP Rocks' lithophane generator, the most used one,
defaults to 100 mm wide, 3 mm at the darkest and 0.8 mm at the brightest; guides give
3-4 mm and 0.6-0.8 mm (0.8 mm is two 0.4 mm perimeters, the thinnest wall that prints
reliably). So: ``size_mm`` 100, ``base_mm`` 0.8, ``thickness_mm`` 2.2 (3.0 mm in all).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import BadParameterError

METHODS = ("auto", "relief", "silhouette", "hunyuan3d")
SIZE_RANGE_MM = (5.0, 500.0)
BASE_RANGE_MM = (0.0, 20.0)
THICKNESS_RANGE_MM = (0.2, 100.0)
DEFAULT_THICKNESS_MM = {"relief": 3.0, "silhouette": 5.0, "hunyuan3d": 0.0}
RELIEF_MIN_BASE_MM = 0.4
LITHOPHANE_SIZE_MM = 100.0
LITHOPHANE_BASE_MM = 0.8
LITHOPHANE_THICKNESS_MM = 2.2
NOZZLE_RANGE_MM = (0.1, 1.2)
DEFAULT_NOZZLE_MM = 0.4
_FIELDS = frozenset({"method", "size_mm", "base_mm", "thickness_mm", "invert", "nozzle_mm"})


@dataclass(frozen=True, slots=True)
class Params:
    """What a job makes: ``method`` as requested (``auto`` until resolved) and sizes in mm.

    ``thickness_mm`` is ``None`` until resolved: the method's default (a lithophane's when
    ``invert``). ``nozzle_mm`` is the printer's nozzle: features down to its width are kept.
    ``parse_params`` gives a lithophane its own ``size_mm`` and ``base_mm`` defaults.
    """

    method: str = "auto"
    size_mm: float = 80.0
    base_mm: float = 2.0
    thickness_mm: float | None = None
    invert: bool = False
    nozzle_mm: float = DEFAULT_NOZZLE_MM

    def resolved(self, method: str) -> Params:
        """Return these parameters for a concrete method, defaults filled and checked.

        ``auto`` stays ``auto`` with no thickness: the engine picks the method from the
        image and resolves again.
        """

        if method == "auto":
            if self.thickness_mm is not None and self.base_mm + self.thickness_mm >= self.size_mm:
                raise BadParameterError(
                    f"base_mm + thickness_mm ({self.base_mm + self.thickness_mm} mm) must be "
                    f"smaller than size_mm ({self.size_mm} mm)."
                )
            return self
        thickness = self.thickness_mm
        if thickness is None:
            lithophane = method == "relief" and self.invert
            thickness = LITHOPHANE_THICKNESS_MM if lithophane else DEFAULT_THICKNESS_MM[method]
        resolved = Params(
            method, self.size_mm, self.base_mm, thickness, self.invert, self.nozzle_mm
        )
        if method in ("relief", "silhouette"):
            if method == "relief" and self.base_mm < RELIEF_MIN_BASE_MM:
                raise BadParameterError(
                    f"base_mm is {self.base_mm} mm: a relief needs at least "
                    f"{RELIEF_MIN_BASE_MM} mm of backing to be printable."
                )
            if self.base_mm + thickness >= self.size_mm:
                raise BadParameterError(
                    f"base_mm + thickness_mm ({self.base_mm + thickness} mm) must be smaller "
                    f"than size_mm ({self.size_mm} mm)."
                )
        return resolved

    def cache_key(self) -> str:
        """Return a canonical string of the parameters, for the result cache."""

        return (
            f"method={self.method};size={self.size_mm!r};base={self.base_mm!r};"
            f"thickness={self.thickness_mm!r};invert={self.invert};nozzle={self.nozzle_mm!r}"
        )


def parse_params(raw: Mapping[str, Any]) -> Params:
    """Validate ``raw`` (strings from a form, or JSON values); raise ``BadParameterError``."""

    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise BadParameterError(
            f"Unknown parameter(s) {', '.join(unknown)}: accepted are {', '.join(sorted(_FIELDS))}."
        )
    method = raw.get("method", "auto")
    if not isinstance(method, str) or method not in METHODS:
        raise BadParameterError(f"Unknown method {method!r}: use one of {', '.join(METHODS)}.")
    invert = _boolean(raw, "invert")
    lithophane = invert and method in ("auto", "relief")
    size = _number(raw, "size_mm", LITHOPHANE_SIZE_MM if lithophane else 80.0, SIZE_RANGE_MM)
    base = _number(raw, "base_mm", LITHOPHANE_BASE_MM if lithophane else 2.0, BASE_RANGE_MM)
    thickness = (
        _number(raw, "thickness_mm", 0.0, THICKNESS_RANGE_MM)
        if raw.get("thickness_mm") not in (None, "")
        else None
    )
    nozzle = _number(raw, "nozzle_mm", DEFAULT_NOZZLE_MM, NOZZLE_RANGE_MM)
    return Params(method, size, base, thickness, invert, nozzle)


def _number(
    raw: Mapping[str, Any], name: str, default: float, limits: tuple[float, float]
) -> float:
    """Read a finite number within ``limits`` (inclusive)."""

    value = raw.get(name, default)
    if isinstance(value, bool):
        raise BadParameterError(f"{name} must be a number of millimetres, not {value!r}.")
    try:
        number = float(value)
    except (TypeError, ValueError) as err:
        raise BadParameterError(f"{name} must be a number of millimetres, not {value!r}.") from err
    low, high = limits
    if not math.isfinite(number) or not low <= number <= high:
        raise BadParameterError(f"{name} is {value!r}: it must be between {low:g} and {high:g} mm.")
    return number


def _boolean(raw: Mapping[str, Any], name: str) -> bool:
    """Read a boolean from JSON true/false or a form's true/false/1/0/on/off."""

    value = raw.get(name, False)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "on", "yes"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "0", "off", "no", ""):
        return False
    raise BadParameterError(f"{name} must be true or false, not {value!r}.")
