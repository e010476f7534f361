"""TLS for BambuLab printers in LAN mode: verify the printer's certificate once, then pin it.

Printers present a certificate signed by Bambu's private CA whose common name (CN) is the printer's
serial; the IP address is not in it (OpenBambuAPI ``tls.md``). The config flow takes the
certificate the printer shows through a handshake that verifies its chain against Bambu's CA
(``trust.pairing_context``), checks its CN against the serial the user typed, and stores it;
every later connection trusts that certificate alone, so a changed certificate fails the TLS
handshake before the access code is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
import hashlib
import ssl

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from .errors import BambuConnectionError, BambuUntrustedCertificateError

FETCH_TIMEOUT = 10.0  # s


@dataclass(frozen=True, slots=True)
class PrinterCertificate:
    """A printer's TLS certificate: ``pem`` text, ``sha256`` fingerprint (hex) and CN."""

    pem: str
    sha256: str
    common_name: str | None

    @classmethod
    def from_der(cls, der: bytes) -> PrinterCertificate:
        """Parse a DER certificate. Raises ``ValueError`` when it is not one."""
        certificate = x509.load_der_x509_certificate(der)
        names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        common_name = names[0].value if names else None
        return cls(
            pem=certificate.public_bytes(Encoding.PEM).decode(),
            sha256=hashlib.sha256(der).hexdigest(),
            common_name=common_name if isinstance(common_name, str) else None,
        )

    @classmethod
    def from_pem(cls, pem: str) -> PrinterCertificate:
        """Parse a PEM certificate. Raises ``ValueError`` when it is not one."""
        certificate = x509.load_pem_x509_certificate(pem.encode())
        return cls.from_der(certificate.public_bytes(Encoding.DER))


def pinned_context(pem: str) -> ssl.SSLContext:
    """Return a client context that trusts only the certificate ``pem`` (blocking: executor).

    The hostname is not checked (the certificate names the serial, not the address); the pinned
    leaf is accepted as a trust anchor on its own (``VERIFY_X509_PARTIAL_CHAIN``) and Python 3.13's
    ``VERIFY_X509_STRICT`` is cleared because Bambu's CA lacks the key-usage extension.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cadata=pem)
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    context.verify_flags &= ~ssl.VERIFY_X509_STRICT
    return context


def _unverified_context() -> ssl.SSLContext:
    """Return a client context that accepts any certificate (only to read it)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def async_pinned_context(pem: str) -> ssl.SSLContext:
    """Build ``pinned_context(pem)`` in the default executor, off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, pinned_context, pem)


async def async_fetch_certificate(
    host: str,
    port: int,
    connect_timeout: float = FETCH_TIMEOUT,
    *,
    context: ssl.SSLContext | None = None,
) -> PrinterCertificate:
    """Open one TLS connection to the printer and return the certificate it shows.

    Nothing is sent over the connection. With ``context`` (``trust.pairing_context``) the
    handshake verifies the certificate chain and raises ``BambuUntrustedCertificateError`` when
    no trusted CA signed it; without, any certificate is read (to compare it with a pin).
    Raises ``BambuConnectionError`` when the printer cannot be reached, ``host`` is not an
    address, the printer does not speak TLS, or shows no certificate.
    """
    if context is None:
        context = await asyncio.get_running_loop().run_in_executor(None, _unverified_context)
    try:
        async with asyncio.timeout(connect_timeout):
            _, writer = await asyncio.open_connection(host, port, ssl=context)
    except ssl.SSLCertVerificationError as err:
        raise BambuUntrustedCertificateError(
            f"the certificate of {host}:{port} is not signed by Bambu Lab's CA nor by a CA "
            f"added to the trusted ones: {err.verify_message}",
            err.verify_message,
        ) from err
    except (OSError, TimeoutError) as err:
        raise BambuConnectionError(f"cannot reach {host}:{port} over TLS: {err}") from err
    except ValueError as err:  # empty, too long or with characters no address has
        raise BambuConnectionError(f"{host!r} is not a host name or IP address") from err
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object else None
    finally:
        writer.close()
        with contextlib.suppress(OSError):  # the printer may drop the connection first
            await writer.wait_closed()
    if not der:
        raise BambuConnectionError(f"{host}:{port} showed no TLS certificate")
    try:
        return PrinterCertificate.from_der(der)
    except ValueError as err:
        raise BambuConnectionError(f"{host}:{port} showed an unreadable certificate") from err
