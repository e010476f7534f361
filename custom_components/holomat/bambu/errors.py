"""Errors raised by the BambuLab printer library.

``BambuError`` is the root. Connection problems are worth a retry; authentication, certificate
and wrong-printer errors are not (the user must act). Command errors tell why a command failed.
"""

from __future__ import annotations


class BambuError(Exception):
    """Any failure talking to a BambuLab printer."""


class BambuConnectionError(BambuError):
    """The printer (its MQTT broker) cannot be reached, or the connection dropped."""


class BambuAuthError(BambuError):
    """The printer refused the access code (MQTT CONNACK "Not authorized")."""


class BambuWrongPrinterError(BambuError):
    """The printer at this address is not the one with the expected serial."""


class BambuCertificateError(BambuError):
    """The printer shows a certificate other than the pinned one.

    ``expected_sha256`` is the pinned certificate's SHA-256 fingerprint (hex); ``actual_sha256`` the
    one shown now, or ``None`` when it could not be read.
    """

    def __init__(self, message: str, expected_sha256: str, actual_sha256: str | None) -> None:
        """Create the error with both fingerprints."""
        super().__init__(message)
        self.expected_sha256 = expected_sha256
        self.actual_sha256 = actual_sha256


class BambuUntrustedCertificateError(BambuError):
    """When pairing, the printer showed a certificate that no trusted CA signed.

    A genuine printer's certificate chains to Bambu Lab's CA; a self-signed one naming the serial
    is what a device impersonating the printer to collect its access code would show.
    ``reason`` is OpenSSL's verification message.
    """

    def __init__(self, message: str, reason: str) -> None:
        """Create the error with OpenSSL's reason."""
        super().__init__(message)
        self.reason = reason


class BambuCommandError(BambuError):
    """The printer answered a command with ``result: failed``.

    ``reason`` is the printer's own ``reason`` text, when it sent one; ``err_code`` its error code.
    """

    def __init__(
        self, message: str, reason: str | None = None, err_code: int | None = None
    ) -> None:
        """Create the error with the printer's reason and error code."""
        super().__init__(message)
        self.reason = reason
        self.err_code = err_code


class BambuAuthorizationRequiredError(BambuCommandError):
    """Authorization-control firmware refused an unsigned command (``err_code`` 84033543).

    The printer accepts HoloMat's commands only in LAN-only mode with Developer mode on.
    """


class BambuCommandTimeoutError(BambuCommandError):
    """The printer neither acknowledged the command nor changed state in time."""


class BambuInvalidStateError(BambuCommandError):
    """The printer's state forbids the command (pause while idle, resume while printing)."""


class BambuStorageError(BambuError):
    """The printer's storage (SD card, USB drive) refused a file operation.

    ``code`` is the FTP reply code when the refusal came as one (``550``, ``552``...), else None.
    """

    def __init__(self, message: str, code: int | None = None) -> None:
        """Create the error with the FTP reply code."""
        super().__init__(message)
        self.code = code


class BambuNoStorageError(BambuStorageError):
    """The printer has no storage to hold files: no SD card (or USB drive) in it."""


class BambuStorageFullError(BambuStorageError):
    """The printer's storage has no room left for the file."""


class BambuFileNotFoundError(BambuStorageError):
    """The file is not on the printer's storage."""


class BambuFileTooLargeError(BambuError):
    """A file is larger than the caller allowed; ``limit`` is that bound in bytes."""

    def __init__(self, message: str, limit: int) -> None:
        """Create the error with the bound that was exceeded."""
        super().__init__(message)
        self.limit = limit


class BambuTransferInterruptedError(BambuConnectionError):
    """The connection was lost in the middle of a transfer.

    ``path`` is the remote file; ``removed`` tells whether the partial file was deleted (False
    when the printer could not be reached again to delete it: the file must not be printed).
    """

    def __init__(self, message: str, path: str, *, removed: bool) -> None:
        """Create the error naming the remote file and whether its partial copy is gone."""
        super().__init__(message)
        self.path = path
        self.removed = removed


class BambuInvalidFileError(BambuError):
    """A file is not what it claims: not a readable 3MF, a zip bomb, a part too large..."""


class BambuCameraError(BambuError):
    """The camera stream broke its protocol (a frame too large, garbage where a header goes)."""
