"""Pairing trusts Bambu Lab's CA and the CAs a user adds, and nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
import logging
from pathlib import Path
import ssl

from cryptography import x509
from cryptography.x509.oid import NameOID
import pytest

from custom_components.holomat.bambu import (
    BambuUntrustedCertificateError,
    async_fetch_certificate,
    load_trusted_cas,
    pairing_context,
)
from custom_components.holomat.bambu.trust import BAMBU_CA_FILE
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.certificates import CertificateAuthority
from holomat_dev.mosquitto import Mosquitto

SERIAL = "01S00C000000042"


@pytest.fixture
async def simulator(mosquitto: Mosquitto) -> AsyncIterator[PrinterSimulator]:
    """Run a simulated P1P whose certificate the development CA signed."""
    mosquitto.add_printer(SERIAL, "13572468")
    await mosquitto.start()
    async with PrinterSimulator(SERIAL, "P1P", broker=mosquitto) as simulator:
        yield simulator


def test_bambu_ca_certificates_are_shipped() -> None:
    certificates = x509.load_pem_x509_certificates(BAMBU_CA_FILE.read_bytes())
    names = {
        certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        for certificate in certificates
    }
    assert names == {"BBL CA", "BBL CA2 RSA", "BBL CA2 ECC"}
    assert all(
        certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        for certificate in certificates
    )
    context = pairing_context(load_trusted_cas())
    assert context.cert_store_stats()["x509_ca"] == len(certificates) == 5
    assert not context.verify_flags & ssl.VERIFY_X509_STRICT  # BBL CA has no key usage
    assert not context.verify_flags & ssl.VERIFY_X509_PARTIAL_CHAIN
    assert context.verify_mode is ssl.CERT_REQUIRED


def test_extra_cas_are_read_and_bad_files_skipped(
    tmp_path: Path, dev_certificates: CertificateAuthority, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "dev.pem").write_text(dev_certificates.cert_pem)
    (tmp_path / "broken.crt").write_text("-----BEGIN CERTIFICATE-----\nnot base64\n")
    (tmp_path / "notes.txt").write_text("ignored: not .pem or .crt")
    with caplog.at_level(logging.WARNING):
        cas = load_trusted_cas(tmp_path)
    assert cas.files == ("dev.pem",)
    assert "broken.crt" in caplog.text
    assert pairing_context(cas).cert_store_stats()["x509_ca"] == 6
    assert load_trusted_cas(tmp_path / "missing").files == ()


async def test_printer_signed_by_an_unknown_ca_is_refused(simulator: PrinterSimulator) -> None:
    context = pairing_context(load_trusted_cas())
    with pytest.raises(BambuUntrustedCertificateError) as caught:
        await async_fetch_certificate(simulator.host, simulator.port, context=context)
    assert "certificate" in caught.value.reason


async def test_printer_signed_by_an_added_ca_is_accepted(
    simulator: PrinterSimulator, dev_certificates: CertificateAuthority, tmp_path: Path
) -> None:
    (tmp_path / "dev.pem").write_text(dev_certificates.cert_pem)
    context = pairing_context(load_trusted_cas(tmp_path))
    certificate = await async_fetch_certificate(simulator.host, simulator.port, context=context)
    assert certificate.common_name == SERIAL
    assert certificate.pem == simulator.cert_pem
