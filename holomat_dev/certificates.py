"""Make development TLS material shaped like a BambuLab printer's.

Real printers present a certificate issued by Bambu's private CA ("BBL CA") whose subject CN is
the printer serial; the IP is not in it, and the CA certificate has no key-usage extension
(OpenBambuAPI ``tls.md``; shared/notes/bambu-printers.md §2). Here a private development CA
("HoloMat Dev BBL CA") plays Bambu's and signs one leaf per serial, so the integration's
certificate pinning meets the same shapes it meets in a home.

Keys are ECDSA P-256 (fast to make: a benchmark makes fifty). Files are PEM.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import hashlib
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CA_COMMON_NAME = "HoloMat Dev BBL CA"
ORGANIZATION = "HoloMat development"
_CA_CERT_FILE = "dev_ca.crt"
_CA_KEY_FILE = "dev_ca.key"


@dataclass(frozen=True, slots=True)
class PrinterCertificate:
    """A printer's certificate and key, as files and as PEM text.

    ``cert_pem`` is the leaf alone (what a config flow pins); ``chain_path`` holds leaf + CA (what
    the broker presents); ``fingerprint_sha256`` is the lower-case hex SHA-256 of the leaf's DER.
    """

    serial: str
    cert_path: Path
    chain_path: Path
    key_path: Path
    cert_pem: str
    fingerprint_sha256: str


def _pem(certificate: x509.Certificate) -> bytes:
    """Return a certificate as PEM bytes."""
    return certificate.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    """Return a private key as unencrypted PKCS#8 PEM bytes."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write a file, readable only by its owner when it holds a key."""
    path.write_bytes(data)
    path.chmod(0o600 if private else 0o644)


def fingerprint_sha256(cert_pem: str | bytes) -> str:
    """Return the lower-case hex SHA-256 of a PEM certificate's DER form."""
    data = cert_pem.encode() if isinstance(cert_pem, str) else cert_pem
    certificate = x509.load_pem_x509_certificate(data)
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


class CertificateAuthority:
    """A development CA kept in a directory, signing printer certificates into it.

    The CA is made on first use and reused afterwards (files ``dev_ca.crt`` / ``dev_ca.key``).
    Like Bambu's CA it is a CA (basic constraints) without a key-usage extension, so Python 3.13's
    ``VERIFY_X509_STRICT`` rejects chains to it, exactly as it rejects real printers' chains.
    """

    def __init__(self, directory: Path) -> None:
        """Load the CA from ``directory``, making the directory and the CA when missing."""
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        cert_file = directory / _CA_CERT_FILE
        key_file = directory / _CA_KEY_FILE
        if cert_file.exists() and key_file.exists():
            key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
            assert isinstance(key, ec.EllipticCurvePrivateKey)
            self._key = key
            self.certificate = x509.load_pem_x509_certificate(cert_file.read_bytes())
        else:
            self._key = ec.generate_private_key(ec.SECP256R1())
            name = x509.Name(
                [
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
                    x509.NameAttribute(NameOID.COMMON_NAME, CA_COMMON_NAME),
                ]
            )
            now = dt.datetime.now(dt.UTC)
            self.certificate = (
                x509.CertificateBuilder()
                .subject_name(name)
                .issuer_name(name)
                .public_key(self._key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=3650))
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .add_extension(
                    x509.SubjectKeyIdentifier.from_public_key(self._key.public_key()),
                    critical=False,
                )
                .sign(self._key, hashes.SHA256())
            )
            _write(key_file, _key_pem(self._key), private=True)
            _write(cert_file, _pem(self.certificate))
        self.cert_path = cert_file
        self.cert_pem = _pem(self.certificate).decode()

    def issue(self, serial: str) -> PrinterCertificate:
        """Make a fresh key and certificate for ``serial``, replacing any earlier one.

        Each call makes a new key, so a second call for the same serial gives a *different*
        certificate with the same CN (what a "certificate changed" test needs). Files:
        ``<serial>.crt`` (leaf), ``<serial>.chain.crt`` (leaf + CA), ``<serial>.key``.
        """
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, serial)]))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
                critical=False,
            )
            .sign(self._key, hashes.SHA256())
        )
        leaf_pem = _pem(certificate)
        cert_path = self.directory / f"{serial}.crt"
        chain_path = self.directory / f"{serial}.chain.crt"
        key_path = self.directory / f"{serial}.key"
        _write(key_path, _key_pem(key), private=True)
        _write(cert_path, leaf_pem)
        _write(chain_path, leaf_pem + _pem(self.certificate))
        return PrinterCertificate(
            serial=serial,
            cert_path=cert_path,
            chain_path=chain_path,
            key_path=key_path,
            cert_pem=leaf_pem.decode(),
            fingerprint_sha256=fingerprint_sha256(leaf_pem),
        )

    def load(self, serial: str) -> PrinterCertificate | None:
        """Return the certificate last issued for ``serial`` in this directory, if any."""
        cert_path = self.directory / f"{serial}.crt"
        chain_path = self.directory / f"{serial}.chain.crt"
        key_path = self.directory / f"{serial}.key"
        if not (cert_path.exists() and chain_path.exists() and key_path.exists()):
            return None
        leaf_pem = cert_path.read_text()
        return PrinterCertificate(
            serial=serial,
            cert_path=cert_path,
            chain_path=chain_path,
            key_path=key_path,
            cert_pem=leaf_pem,
            fingerprint_sha256=fingerprint_sha256(leaf_pem),
        )

    def get_or_issue(self, serial: str) -> PrinterCertificate:
        """Return the certificate for ``serial``, issuing one when none exists yet."""
        return self.load(serial) or self.issue(serial)


def issue_self_signed(directory: Path, serial: str) -> PrinterCertificate:
    """Make a self-signed certificate naming ``serial``: what an impostor of the printer shows.

    The serial is no secret (it is on the printer's box), so anyone can make this; only the
    CA's signature tells a genuine printer. Files: ``<serial>.self-signed.{crt,key}`` (the
    certificate is its own chain).
    """
    directory.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, serial)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    pem = _pem(certificate)
    cert_path = directory / f"{serial}.self-signed.crt"
    key_path = directory / f"{serial}.self-signed.key"
    _write(cert_path, pem)
    _write(key_path, _key_pem(key), private=True)
    return PrinterCertificate(
        serial=serial,
        cert_path=cert_path,
        chain_path=cert_path,
        key_path=key_path,
        cert_pem=pem.decode(),
        fingerprint_sha256=fingerprint_sha256(pem),
    )
