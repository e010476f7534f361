"""STL → printer-ready Bambu Lab ``.gcode.3mf`` with a real slicer's command line.

``slice_model`` is the entry point; the profiles cover the X1, X1C, X1E, P1S, P1P, A1 and
A1 mini with 0.2, 0.4 and 0.6 mm nozzles in PLA and PETG.
"""

from .errors import (
    ModelTooBigError,
    NotManifoldError,
    SlicerMissingError,
    SlicerRefusedError,
    SlicerTimeoutError,
    SlicingError,
    UnknownProfileError,
    UnreadableModelError,
)
from .pipeline import SliceResult, slice_model
from .profiles import MATERIALS, NOZZLES, PRINTERS, PrinterProfile, printer_profile
from .slicers import OrcaSlicer, PrusaSlicer, Slicer, find_slicer

__all__ = [
    "MATERIALS",
    "NOZZLES",
    "PRINTERS",
    "ModelTooBigError",
    "NotManifoldError",
    "OrcaSlicer",
    "PrinterProfile",
    "PrusaSlicer",
    "SliceResult",
    "Slicer",
    "SlicerMissingError",
    "SlicerRefusedError",
    "SlicerTimeoutError",
    "SlicingError",
    "UnknownProfileError",
    "UnreadableModelError",
    "find_slicer",
    "printer_profile",
    "slice_model",
]
