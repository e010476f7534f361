"""Tell why a printer's service refused the pinned certificate, for every TLS port it serves.

A printer shows one certificate on all its TLS ports (MQTT 8883, FTPS 990, camera 6000, RTSPS
322): the device certificate whose CN is its serial (OpenBambuAPI ``tls.md``). When a handshake
with ``tls.pinned_context`` fails verification, the certificate is read again without
verification and compared with the pin, so the user learns whether another device answers at the
address or the printer's certificate changed.
"""

from __future__ import annotations

import asyncio
import ssl
from typing import Final

from .errors import BambuCertificateError, BambuConnectionError, BambuError, BambuWrongPrinterError
from .tls import PrinterCertificate, async_fetch_certificate, async_pinned_context

CHECK_TIMEOUT: Final = 10.0  # s


async def async_pin_error(host: str, port: int, pinned_pem: str) -> BambuError:
    """Return the error that explains a failed pinned handshake with ``host:port``.

    ``BambuWrongPrinterError`` when the certificate shown names another serial than the pinned
    one, ``BambuCertificateError`` (both fingerprints) when it is another certificate of the same
    serial, ``BambuConnectionError`` when it cannot be read again or matches the pin after all
    (the failure was transient). Never raises.
    """
    try:
        pinned = PrinterCertificate.from_pem(pinned_pem)
    except ValueError:
        return BambuCertificateError("the pinned certificate cannot be read", "?", None)
    try:
        shown = await async_fetch_certificate(host, port)
    except BambuConnectionError as err:
        return err
    if shown.common_name != pinned.common_name:
        return BambuWrongPrinterError(
            f"the device at {host}:{port} is {shown.common_name}, not {pinned.common_name}"
        )
    if shown.sha256 != pinned.sha256:
        return BambuCertificateError(
            f"{host}:{port} shows a new TLS certificate ({shown.sha256[:16]}…, pinned "
            f"{pinned.sha256[:16]}…): check it and pair the printer again",
            pinned.sha256,
            shown.sha256,
        )
    return BambuConnectionError(f"the TLS handshake with {host}:{port} failed")


async def async_check_pin(host: str, port: int, pinned_pem: str) -> None:
    """Open one TLS handshake with ``host:port`` trusting only the pinned certificate.

    For services whose client cannot pin (HA's ``stream`` and ffmpeg open ``rtsps://`` URLs
    without verifying any certificate): check the pin just before handing them the URL.
    Nothing is sent. Raises ``BambuCertificateError`` / ``BambuWrongPrinterError`` (another
    certificate) or ``BambuConnectionError`` (nobody answers: a closed port is how an X1 with
    LAN live view off answers on 322).
    """
    context = await async_pinned_context(pinned_pem)
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            _, writer = await asyncio.open_connection(host, port, ssl=context)
    except ssl.SSLCertVerificationError:
        raise await async_pin_error(host, port, pinned_pem) from None
    except (OSError, TimeoutError) as err:
        raise BambuConnectionError(f"cannot reach {host}:{port} over TLS: {err}") from err
    writer.transport.abort()
