"""Errors of the image → STL pipeline, each with an HTTP status and a stable code."""

from __future__ import annotations


class ImageToStlError(Exception):
    """Base class: a request the pipeline cannot turn into a printable STL.

    ``code`` is the stable machine-readable name sent as ``error`` in the API's JSON body,
    ``status`` the HTTP status the server answers with, ``str(error)`` the human sentence.
    """

    code = "error"
    status = 500


class InternalError(ImageToStlError):
    """Something failed that no input explains; details are in the server's log (HTTP 500)."""

    code = "internal_error"


class BadParameterError(ImageToStlError):
    """A parameter is unknown, of the wrong type or out of range (HTTP 400)."""

    code = "bad_parameter"
    status = 400


class UploadTooLargeError(ImageToStlError):
    """The upload is larger than the configured limit (HTTP 413)."""

    code = "upload_too_large"
    status = 413


class NotAnImageError(ImageToStlError):
    """The bytes are not an image Pillow can identify (HTTP 415)."""

    code = "not_an_image"
    status = 415


class UnsupportedFormatError(ImageToStlError):
    """The image is in a format the add-on does not accept (HTTP 415)."""

    code = "unsupported_format"
    status = 415


class UnusableImageError(ImageToStlError):
    """The image is identified but cannot be used (HTTP 422)."""

    code = "unusable_image"
    status = 422


class TruncatedImageError(UnusableImageError):
    """The image data ends early or is corrupt (HTTP 422)."""

    code = "truncated_image"


class TooManyPixelsError(UnusableImageError):
    """The image has more pixels than allowed: a decompression bomb guard (HTTP 422)."""

    code = "too_many_pixels"


class ImageTooSmallError(UnusableImageError):
    """The image is too small to make a model from (HTTP 422)."""

    code = "image_too_small"


class TransparentImageError(UnusableImageError):
    """Every pixel of the image is fully transparent (HTTP 422)."""

    code = "transparent_image"


class NoSubjectError(UnusableImageError):
    """No subject could be separated from the background (HTTP 422)."""

    code = "no_subject"


class UnusablePhotoError(UnusableImageError):
    """A photograph's subject cannot be told from its background (HTTP 422).

    ``quality`` is the segmentation's score from 0 to 1 that fell below the threshold.
    """

    code = "unusable_photo"

    def __init__(self, message: str, quality: float) -> None:
        """Keep the message and the score that caused the refusal."""

        super().__init__(message)
        self.quality = quality


class UnprintableMeshError(UnusableImageError):
    """The mesh cannot be made watertight with a positive volume (HTTP 422)."""

    code = "unprintable_mesh"


class MethodUnavailableError(ImageToStlError):
    """The requested method exists but is not available on this server (HTTP 503)."""

    code = "method_unavailable"
    status = 503


class JobCancelledError(ImageToStlError):
    """The job was stopped because it ran past its time limit (HTTP 504)."""

    code = "timeout"
    status = 504
