"""What each BambuLab printer family has, for deciding which entities exist.

Sources: the recorded reports in ``holomat_dev/recordings`` (P1 and A1 report a constant
``chamber_temper`` of 5 and have no chamber sensor; X1 reports a real one) and the hardware:
the X1 family and the P1S have an enclosure with an auxiliary and a chamber fan; P1P and A1 have
neither.
"""

from __future__ import annotations

from .models import PrinterModel

_X1 = frozenset({PrinterModel.X1, PrinterModel.X1C, PrinterModel.X1E})
_ENCLOSED = _X1 | {PrinterModel.P1S}


def has_chamber_temperature(model: PrinterModel | None) -> bool:
    """Return whether the printer measures its chamber temperature (X1 family only)."""
    return model in _X1


def has_enclosure_fans(model: PrinterModel | None) -> bool:
    """Return whether the printer has an auxiliary and a chamber fan (X1 family, P1S).

    An unknown model gets them, so no entity of a real printer is hidden: they read unknown.
    """
    return model is None or model is PrinterModel.UNKNOWN or model in _ENCLOSED
