"""Which CAs pairing trusts: Bambu Lab's own, plus any a user adds for printers it signed.

A printer's TLS certificate is issued by Bambu Lab's private CA ("BBL CA"; newer families by
"BBL CA2 RSA" / "BBL CA2 ECC" through device intermediates such as "BBL Device CA ...-V2" that
the printer sends with its certificate). Its CN is the printer serial, which is no secret (it
is printed on the box), so a CN check alone lets any self-signed certificate through. Pairing
therefore verifies the chain against Bambu's CA certificates, shipped in
``certs/bambu_printer_ca.pem`` (public data from BambuStudio's ``resources/cert/printer.cer``),
before the access code is sent; after pairing, the printer's own certificate is pinned
(``tls.pinned_context``).

More CAs can be trusted by putting their PEM certificates (``*.pem`` or ``*.crt``) in a folder
(the integration uses ``<config>/holomat/printer_ca/``): a printer whose certificate was
replaced, or a development stand-in (``holomat_dev/certificates.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
import logging
from pathlib import Path
import ssl
from typing import Final

from cryptography import x509

_LOGGER = logging.getLogger(__name__)

BAMBU_CA_FILE: Final = Path(__file__).parent / "certs" / "bambu_printer_ca.pem"
EXTRA_CA_SUFFIXES: Final = frozenset({".pem", ".crt"})


@dataclass(frozen=True, slots=True)
class TrustedCas:
    """PEM text of the CAs pairing trusts: Bambu's, and ``extra`` ones from ``files``."""

    bambu: str
    extra: str = ""
    files: tuple[str, ...] = ()


def load_trusted_cas(extra_dir: Path | None = None) -> TrustedCas:
    """Read Bambu's CA certificates and every readable one in ``extra_dir`` (blocking: executor).

    A missing folder adds nothing. A file in it that holds no PEM certificate is skipped with a
    warning naming it, so one bad file never stops pairing with the others.
    """
    bambu = BAMBU_CA_FILE.read_text(encoding="ascii")
    if extra_dir is None or not extra_dir.is_dir():
        return TrustedCas(bambu)
    pems: list[str] = []
    files: list[str] = []
    for path in sorted(extra_dir.iterdir()):
        if path.suffix.lower() not in EXTRA_CA_SUFFIXES or not path.is_file():
            continue
        try:
            data = path.read_bytes()
            certificates = x509.load_pem_x509_certificates(data)
        except (OSError, ValueError) as err:
            _LOGGER.warning("Skipping %s: not a readable PEM certificate (%s)", path, err)
            continue
        if certificates:
            pems.append(data.decode("ascii", errors="replace"))
            files.append(path.name)
    return TrustedCas(bambu, "\n".join(pems), tuple(files))


def pairing_context(cas: TrustedCas) -> ssl.SSLContext:
    """Return a client context that accepts only chains to ``cas`` (blocking: executor).

    The hostname is not checked (the certificate names the serial, not the address: the caller
    compares the CN with the serial). Python 3.13's ``VERIFY_X509_STRICT`` is cleared because
    Bambu's "BBL CA" has no key-usage extension; the chain must still end at a trusted CA (no
    ``VERIFY_X509_PARTIAL_CHAIN``), and OpenSSL checks signatures and validity dates.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cadata=cas.bambu)
    if cas.extra:
        context.load_verify_locations(cadata=cas.extra)
    context.verify_flags &= ~ssl.VERIFY_X509_STRICT
    return context
