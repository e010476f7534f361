"""The development broker: TLS listeners that look like printers, restarts on the same ports."""

from __future__ import annotations

import asyncio
from pathlib import Path
import ssl

import aiomqtt
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtensionOID, NameOID
import pytest

from holomat_dev.certificates import CertificateAuthority, pinned_ssl_context
from holomat_dev.mosquitto import Mosquitto, MosquittoError, MosquittoNotInstalledError

SERIAL = "01S00C000000001"
ACCESS_CODE = "12345678"


async def _peer_certificate(host: str, port: int) -> x509.Certificate:
    """Return the certificate a TLS listener presents, read without verification."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    _, writer = await asyncio.open_connection(host, port, ssl=context)
    der = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
    writer.close()
    return x509.load_der_x509_certificate(der)


async def test_listener_presents_printer_certificate(mosquitto: Mosquitto) -> None:
    """The printer's listener presents CN = serial, from the dev CA, without the IP."""
    printer = mosquitto.add_printer(SERIAL, ACCESS_CODE)
    await mosquitto.start()

    certificate = await _peer_certificate(printer.host, printer.port)

    cn = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert cn == SERIAL
    assert certificate.issuer == mosquitto.ca.certificate.subject
    with pytest.raises(x509.ExtensionNotFound):
        certificate.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    assert certificate.public_bytes(Encoding.PEM).decode() == printer.cert_pem


async def test_access_code_and_acl(mosquitto: Mosquitto) -> None:
    """``bblp`` with the access code gets in, a wrong code is refused, other serials stay dark."""
    printer = mosquitto.add_printer(SERIAL, ACCESS_CODE)
    await mosquitto.start()
    context = pinned_ssl_context(printer.cert_pem)

    with pytest.raises(aiomqtt.MqttCodeError) as refused:
        async with aiomqtt.Client(
            printer.host, printer.port, username="bblp", password="87654321", tls_context=context
        ):
            pass
    assert "not authorized" in str(refused.value.rc).lower()

    simulator = mosquitto.simulator
    async with (
        aiomqtt.Client(
            simulator.host,
            simulator.port,
            username=simulator.username,
            password=simulator.password,
        ) as publisher,
        aiomqtt.Client(
            printer.host, printer.port, username="bblp", password=ACCESS_CODE, tls_context=context
        ) as client,
    ):
        await client.subscribe("device/OTHERSERIAL/report")
        await client.subscribe(f"device/{SERIAL}/report")
        await publisher.publish("device/OTHERSERIAL/report", b"not for you", qos=1)
        await publisher.publish(f"device/{SERIAL}/report", b"hello", qos=1)
        async with asyncio.timeout(5):
            message = await anext(aiter(client.messages))
        assert message.payload == b"hello"


async def test_restart_keeps_ports(mosquitto: Mosquitto, tmp_path: Path) -> None:
    """A restart, and a later broker on the same state directory, keep every port."""
    printer = mosquitto.add_printer(SERIAL, ACCESS_CODE)
    await mosquitto.start()
    simulator_port = mosquitto.simulator.port

    await mosquitto.restart()

    assert mosquitto.running
    assert mosquitto.printer(SERIAL).port == printer.port
    assert mosquitto.simulator.port == simulator_port
    await mosquitto.stop()
    assert not mosquitto.running

    again = Mosquitto(mosquitto.state_dir, ca=mosquitto.ca)
    assert again.add_printer(SERIAL, ACCESS_CODE).port == printer.port
    assert again.simulator.port == simulator_port


async def test_replace_certificate(mosquitto: Mosquitto) -> None:
    """A replaced certificate keeps the CN, and a client pinning the old one is refused."""
    printer = mosquitto.add_printer(SERIAL, ACCESS_CODE)
    await mosquitto.start()

    new = await mosquitto.replace_certificate(SERIAL)

    assert new.fingerprint_sha256 != printer.certificate.fingerprint_sha256
    assert mosquitto.printer(SERIAL).cert_pem == new.cert_pem
    with pytest.raises(aiomqtt.MqttError):
        async with aiomqtt.Client(
            printer.host,
            printer.port,
            username="bblp",
            password=ACCESS_CODE,
            tls_context=pinned_ssl_context(printer.cert_pem),
        ):
            pass
    async with aiomqtt.Client(
        printer.host,
        printer.port,
        username="bblp",
        password=ACCESS_CODE,
        tls_context=pinned_ssl_context(new.cert_pem),
    ):
        pass


async def test_missing_binary(tmp_path: Path, dev_certificates: CertificateAuthority) -> None:
    """Without mosquitto installed, starting says to run scripts/setup."""
    broker = Mosquitto(tmp_path, ca=dev_certificates, binary=tmp_path / "no-mosquitto")

    with pytest.raises(MosquittoNotInstalledError, match="scripts/setup"):
        await broker.start()


async def test_ports_in_use(mosquitto: Mosquitto) -> None:
    """A second broker on the same state directory says the ports are taken."""
    mosquitto.add_printer(SERIAL, ACCESS_CODE)
    await mosquitto.start()
    second = Mosquitto(mosquitto.state_dir, ca=mosquitto.ca)
    second.add_printer(SERIAL, ACCESS_CODE)

    with pytest.raises(MosquittoError, match="in use"):
        await second.start()
    assert not second.running
