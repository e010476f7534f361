"""Errors of the STL → ``.gcode.3mf`` slicing, each with an HTTP status and a stable code.

In the add-on's one error style (``holomat_addon.errors.AddonError``): ``code`` is the
machine-readable name, ``status`` the HTTP status a server answers with, ``str(error)`` a sentence
saying what to do.
"""

from __future__ import annotations

from ..errors import AddonError


class SlicingError(AddonError, code="slicing_error"):
    """Base class: an STL that cannot be turned into a printer-ready file."""


class UnknownProfileError(SlicingError, code="unknown_profile", status=400):
    """The printer model, nozzle or material has no profile (HTTP 400)."""


class UnreadableModelError(SlicingError, code="unreadable_model", status=422):
    """The bytes are not an STL with at least one triangle (HTTP 422)."""


class NotManifoldError(SlicingError, code="not_manifold", status=422):
    """The mesh is not a closed solid, so a slicer cannot tell inside from outside (HTTP 422).

    ``open_edges`` counts edges used by one triangle only (holes), ``shared_edges`` edges used
    by more than two (surfaces touching along a line).
    """

    def __init__(self, message: str, open_edges: int, shared_edges: int) -> None:
        """Keep the message and the edge counts that caused the refusal."""

        super().__init__(message)
        self.open_edges = open_edges
        self.shared_edges = shared_edges


class ModelTooBigError(SlicingError, code="model_too_big", status=422):
    """The model does not fit the printer's build volume in any flat orientation (HTTP 422).

    ``size_mm`` is the model's size laid flat (x, y, z), ``volume_mm`` the printable volume.
    """

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


class SlicerMissingError(SlicingError, code="slicer_missing", status=503):
    """No slicer's command line is installed on this host (HTTP 503)."""


class SlicerRefusedError(SlicingError, code="slicer_refused", status=422):
    """The slicer ran and refused the job, or wrote no usable G-code (HTTP 422).

    ``slicer_message`` is what the slicer said, trimmed of its log noise.
    """

    def __init__(self, message: str, slicer_message: str) -> None:
        """Keep the message and the slicer's own words."""

        super().__init__(message)
        self.slicer_message = slicer_message


class SlicerTimeoutError(SlicingError, code="slicer_timeout", status=504):
    """The slicer ran past its time limit and was stopped (HTTP 504)."""
