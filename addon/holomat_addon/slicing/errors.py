"""Errors of the STL → ``.gcode.3mf`` slicing, each with an HTTP status and a stable code.

Shaped like ``holomat_addon.stl.errors``: ``code`` is the machine-readable name, ``status`` the
HTTP status a server would answer with, ``str(error)`` a sentence saying what to do.
"""

from __future__ import annotations


class SlicingError(Exception):
    """Base class: an STL that cannot be turned into a printer-ready file."""

    code = "slicing_error"
    status = 500


class UnknownProfileError(SlicingError):
    """The printer model, nozzle or material has no profile (HTTP 400)."""

    code = "unknown_profile"
    status = 400


class UnreadableModelError(SlicingError):
    """The bytes are not an STL with at least one triangle (HTTP 422)."""

    code = "unreadable_model"
    status = 422


class NotManifoldError(SlicingError):
    """The mesh is not a closed solid, so a slicer cannot tell inside from outside (HTTP 422).

    ``open_edges`` counts edges used by one triangle only (holes), ``shared_edges`` edges used
    by more than two (surfaces touching along a line).
    """

    code = "not_manifold"
    status = 422

    def __init__(self, message: str, open_edges: int, shared_edges: int) -> None:
        """Keep the message and the edge counts that caused the refusal."""

        super().__init__(message)
        self.open_edges = open_edges
        self.shared_edges = shared_edges


class ModelTooBigError(SlicingError):
    """The model does not fit the printer's build volume in any flat orientation (HTTP 422).

    ``size_mm`` is the model's size laid flat (x, y, z), ``volume_mm`` the printable volume.
    """

    code = "model_too_big"
    status = 422

    def __init__(
        self,
        message: str,
        size_mm: tuple[float, float, float],
        volume_mm: tuple[float, float, float],
    ) -> None:
        """Keep the message, the model's size and the printer's volume."""

        super().__init__(message)
        self.size_mm = size_mm
        self.volume_mm = volume_mm


class SlicerMissingError(SlicingError):
    """No slicer's command line is installed on this host (HTTP 503)."""

    code = "slicer_missing"
    status = 503


class SlicerRefusedError(SlicingError):
    """The slicer ran and refused the job, or wrote no usable G-code (HTTP 422).

    ``slicer_message`` is what the slicer said, trimmed of its log noise.
    """

    code = "slicer_refused"
    status = 422

    def __init__(self, message: str, slicer_message: str) -> None:
        """Keep the message and the slicer's own words."""

        super().__init__(message)
        self.slicer_message = slicer_message


class SlicerTimeoutError(SlicingError):
    """The slicer ran past its time limit and was stopped (HTTP 504)."""

    code = "slicer_timeout"
    status = 504
