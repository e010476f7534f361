"""Fixtures for HoloMat's tests: real brokers, real servers, real Home Assistant."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

# Imported before the `hass` fixture mounts its config dir, so HA finds the custom integration.
import custom_components.holomat  # noqa: F401
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.certificates import CertificateAuthority
from holomat_dev.mosquitto import Mosquitto

type PrinterSimulatorFactory = Callable[..., Awaitable[PrinterSimulator]]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(request: pytest.FixtureRequest) -> None:
    """Let Home Assistant load custom_components/holomat in every test that runs HA.

    Tests of the HA-free libraries (``tests/bambu/``, ...) get no Home Assistant instance.
    """
    if "recorder_mock" in request.fixturenames:  # the recorder's database comes before hass
        request.getfixturevalue("recorder_db_url")
    if "hass" in request.fixturenames:
        request.getfixturevalue("enable_custom_integrations")


@pytest.fixture(autouse=True)
def own_config_dir(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Give every test's Home Assistant a configuration folder of its own.

    HoloMat writes files there (its custom sentences, ``custom_sentences/<language>/``); the
    harness's default folder is shared by every test run on the machine.
    """
    if "hass" in request.fixturenames:
        hass = request.getfixturevalue("hass")
        (config_dir := tmp_path / "config").mkdir()
        (config_dir / "configuration.yaml").touch()  # read again by conversation.reload
        hass.config.config_dir = str(config_dir)


@pytest.fixture(scope="session")
def dev_certificates(tmp_path_factory: pytest.TempPathFactory) -> CertificateAuthority:
    """Return the test session's development CA ("HoloMat Dev BBL CA") and its directory.

    ``dev_certificates.issue(serial)`` makes a printer certificate (CN = serial, signed by the
    CA, no IP in it); calling it again for a serial makes a *different* one. Brokers of every
    test share it, so a serial keeps its certificate across tests unless a test replaces it.
    """
    return CertificateAuthority(tmp_path_factory.mktemp("dev_certificates"))


@pytest.fixture
async def mosquitto(
    tmp_path: Path, dev_certificates: CertificateAuthority, socket_enabled: None
) -> AsyncIterator[Mosquitto]:
    """Return a real mosquitto (not started yet) playing printers' brokers; stopped at teardown.

    Usually reached through ``printer_simulator``, which adds printers and starts it. Directly::

        printer = mosquitto.add_printer("01S00C000000001", "12345678")
        await mosquitto.start()
        printer.host, printer.port, printer.access_code, printer.cert_pem
        await mosquitto.restart()                           # same ports: a broker restart
        new_cert = await mosquitto.replace_certificate(serial)  # "certificate changed"
        await mosquitto.stop()                              # printer gone until start()

    Requests ``socket_enabled``: HA's test plugin blocks sockets otherwise (TCP stays limited
    to 127.0.0.1).
    """
    broker = Mosquitto(tmp_path / "mosquitto", ca=dev_certificates)
    try:
        yield broker
    finally:
        await broker.stop()


@pytest.fixture
async def printer_simulator(mosquitto: Mosquitto) -> AsyncIterator[PrinterSimulatorFactory]:
    """Return a factory of started printer simulators on the ``mosquitto`` broker.

    ``await printer_simulator(serial="01S00C000000001", model="P1S", access_code="12345678",
    delta_interval=1.0, time_scale=1.0, authorization_control=False)`` adds the printer's TLS
    listener (starting the broker, or restarting it for a second printer), starts a
    ``PrinterSimulator`` and returns it: ``sim.host``, ``sim.port``, ``sim.access_code``,
    ``sim.cert_pem`` say how to reach it; ``sim.start_print()``, ``sim.finish()``,
    ``sim.fail()``, ``sim.set_authorization_control()``, ``sim.go_silent()``,
    ``sim.send_raw()``, ``await sim.next_command()``, ``sim.state`` control and observe it.
    Every simulator is stopped at teardown (then the broker).
    """
    simulators: list[PrinterSimulator] = []

    async def _make(
        serial: str = "01S00C000000001",
        model: str = "P1S",
        access_code: str = "12345678",
        **options: Any,
    ) -> PrinterSimulator:
        simulator = await PrinterSimulator.on_broker(
            mosquitto, serial, model, access_code, **options
        )
        simulators.append(simulator)
        return simulator

    try:
        yield _make
    finally:
        for simulator in simulators:
            await simulator.stop()


# Here rather than in tests/printer/conftest.py, whose fixtures other folders import by name:
# the printer fixtures ``simulator`` and ``entry`` request these, and a module overrides them.


@pytest.fixture
def simulator_options() -> dict[str, Any]:
    """Return more options of the printer tests' simulator (override: ``{"camera": True}``)."""
    return {}


@pytest.fixture
def entry_extra_data() -> dict[str, Any]:
    """Return more data of the printer tests' entry (override: the simulator's service ports)."""
    return {}
