"""Errors of the image → STL API, each with an HTTP status and a stable code (``AddonError``)."""

from __future__ import annotations

from ..errors import AddonError


class ImageToStlError(AddonError):
    """Base class: a request the image → STL server cannot turn into a printable STL."""


class InternalError(ImageToStlError, code="internal_error"):
    """Something failed that no input explains; details are in the server's log (HTTP 500)."""


class BadParameterError(ImageToStlError, code="bad_parameter", status=400):
    """A parameter is unknown, of the wrong type or out of range (HTTP 400)."""


class UploadTooLargeError(ImageToStlError, code="upload_too_large", status=413):
    """The upload is larger than the configured limit (HTTP 413)."""


class NotAnImageError(ImageToStlError, code="not_an_image", status=415):
    """The bytes are not an image Pillow can identify (HTTP 415)."""


class UnsupportedFormatError(ImageToStlError, code="unsupported_format", status=415):
    """The image is in a format the add-on does not accept (HTTP 415)."""


class UnusableImageError(ImageToStlError, code="unusable_image", status=422):
    """The image is identified but cannot be used (HTTP 422)."""


class TruncatedImageError(UnusableImageError, code="truncated_image"):
    """The image data ends early or is corrupt (HTTP 422)."""


class TooManyPixelsError(UnusableImageError, code="too_many_pixels"):
    """The image has more pixels than allowed: a decompression bomb guard (HTTP 422)."""


class ImageTooSmallError(UnusableImageError, code="image_too_small"):
    """The image is too small to make a model from (HTTP 422)."""


class TransparentImageError(UnusableImageError, code="transparent_image"):
    """Every pixel of the image is fully transparent (HTTP 422)."""


class NoSubjectError(UnusableImageError, code="no_subject"):
    """No subject could be separated from the background (HTTP 422)."""


class UnusablePhotoError(UnusableImageError, code="unusable_photo"):
    """A photograph's subject cannot be told from its background (HTTP 422).

    ``quality`` is the segmentation's score from 0 to 1 that fell below the threshold.
    """

    def __init__(self, message: str, quality: float) -> None:
        """Keep the message and the score that caused the refusal."""

        super().__init__(message)
        self.quality = quality


class UnprintableMeshError(UnusableImageError, code="unprintable_mesh"):
    """The mesh cannot be made watertight with a positive volume (HTTP 422)."""


class MethodUnavailableError(ImageToStlError, code="method_unavailable", status=503):
    """The requested method exists but is not available on this server (HTTP 503)."""


class JobCancelledError(ImageToStlError, code="timeout", status=504):
    """The job was stopped because it ran past its time limit (HTTP 504)."""
