"""Errors of the HTTP server itself, not of an image: the token, the queue, the upload, a job."""

from __future__ import annotations

from ..stl.errors import ImageToStlError


class UnauthorizedError(ImageToStlError, code="unauthorized", status=401):
    """The bearer token is missing or wrong (HTTP 401)."""


class UploadInterruptedError(ImageToStlError, code="upload_interrupted", status=400):
    """The client closed the connection before its upload was read (HTTP 400)."""


class UploadTimeoutError(ImageToStlError, code="upload_timeout", status=408):
    """The upload was not received within its time limit (HTTP 408)."""


class NotReadyError(ImageToStlError, code="not_ready", status=409):
    """The job's STL or preview was asked for before the job was done (HTTP 409)."""


class QueueFullError(ImageToStlError, code="queue_full", status=429):
    """Too many jobs are waiting or running (HTTP 429, with ``retry_after`` seconds)."""

    def __init__(self, message: str, retry_after: int) -> None:
        """Keep the suggested wait."""

        super().__init__(message)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        """Return ``Retry-After`` with the suggested wait in seconds."""

        return {"Retry-After": str(self.retry_after)}
