"""The printer client against a real TLS broker and a simulated printer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
import logging

import pytest

from custom_components.holomat.bambu import (
    BambuAuthError,
    BambuAuthorizationRequiredError,
    BambuCertificateError,
    BambuClient,
    BambuCommandTimeoutError,
    BambuConnectionError,
    BambuInvalidStateError,
    BambuWrongPrinterError,
    GcodeState,
    SpeedProfile,
    async_fetch_certificate,
    async_probe,
)
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.hostile_reports import malformed_reports, whole_message_garbage_count
from holomat_dev.mosquitto import Mosquitto

SERIAL = "00M09A350100001"  # an X1C serial prefix
ACCESS_CODE = "24681357"


@pytest.fixture
async def broker(mosquitto: Mosquitto) -> Mosquitto:
    """Start the test's mosquitto (``tests/conftest.py``) as the printer's TLS broker."""
    mosquitto.add_printer(SERIAL, ACCESS_CODE)
    await mosquitto.start()
    return mosquitto


@pytest.fixture
async def simulator(broker: Mosquitto) -> AsyncIterator[PrinterSimulator]:
    """Run a simulated X1C."""
    async with PrinterSimulator(
        SERIAL, "X1C", broker=broker, delta_interval=0.1, time_scale=60
    ) as simulator:
        yield simulator


@pytest.fixture
async def client(simulator: PrinterSimulator) -> AsyncIterator[BambuClient]:
    """Run a client connected to the simulated printer until it is online and ready."""
    client = BambuClient(
        simulator.host,
        SERIAL,
        ACCESS_CODE,
        simulator.cert_pem,
        port=simulator.port,
        watchdog_timeout=0.5,
        command_timeout=3,
    )
    task = asyncio.create_task(client.run())
    await until(lambda: client.online and client.state.ready)
    yield client
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def until(predicate: object, within: float = 10.0) -> None:
    """Wait until ``predicate()`` is true."""
    assert callable(predicate)
    async with asyncio.timeout(within):
        while not predicate():
            await asyncio.sleep(0.01)


async def test_fetch_certificate_names_the_serial(simulator: PrinterSimulator) -> None:
    certificate = await async_fetch_certificate(simulator.host, simulator.port)
    assert certificate.common_name == SERIAL
    assert certificate.pem == simulator.cert_pem


async def test_fetch_certificate_from_nowhere(simulator: PrinterSimulator) -> None:
    with pytest.raises(BambuConnectionError):
        await async_fetch_certificate("127.0.0.1", 1)
    for host in ("", "bad\x00host", "a" * 300):
        with pytest.raises(BambuConnectionError, match="not a host name or IP address"):
            await async_fetch_certificate(host, 8883)


async def test_probe_returns_the_full_state(simulator: PrinterSimulator) -> None:
    state = await async_probe(
        simulator.host, SERIAL, ACCESS_CODE, simulator.cert_pem, port=simulator.port
    )
    assert state.ready
    assert state.model is not None
    assert state.model.value == "X1C"
    assert state.firmware_version
    assert state.gcode_state is not None


async def test_probe_errors(simulator: PrinterSimulator, broker: Mosquitto) -> None:
    args = (simulator.host, SERIAL)
    with pytest.raises(BambuAuthError):
        await async_probe(*args, "00000000", simulator.cert_pem, port=simulator.port)
    with pytest.raises(BambuConnectionError):
        await async_probe(*args, ACCESS_CODE, simulator.cert_pem, port=1)
    old = simulator.cert_pem
    await broker.replace_certificate(SERIAL)
    await simulator.wait_connected()
    with pytest.raises(BambuCertificateError) as err:
        await async_probe(*args, ACCESS_CODE, old, port=simulator.port)
    assert err.value.actual_sha256 != err.value.expected_sha256
    with pytest.raises(BambuWrongPrinterError):
        await async_probe(simulator.host, "00M09A350100999", ACCESS_CODE, old, port=simulator.port)


async def test_probe_of_a_silent_printer(simulator: PrinterSimulator) -> None:
    simulator.go_silent(wake_on_pushing_start=False)
    with pytest.raises(BambuConnectionError, match="no full report"):
        await async_probe(
            simulator.host,
            SERIAL,
            ACCESS_CODE,
            simulator.cert_pem,
            port=simulator.port,
            report_timeout=0.5,
        )


async def test_commands_change_the_printer(
    client: BambuClient, simulator: PrinterSimulator
) -> None:
    with pytest.raises(BambuInvalidStateError):
        await client.pause()  # idle: nothing to pause
    simulator.start_print("Benchy", duration_s=3600, layers=100)
    await until(lambda: client.state.gcode_state in (GcodeState.PREPARE, GcodeState.RUNNING))
    await client.pause()
    assert client.state.gcode_state is GcodeState.PAUSE
    assert simulator.gcode_state == "PAUSE"
    await client.resume()
    assert client.state.gcode_state in (GcodeState.PREPARE, GcodeState.RUNNING)
    await client.set_speed_profile(SpeedProfile.SPORT)
    assert client.state.speed_profile is SpeedProfile.SPORT
    await client.set_chamber_light(False)
    assert client.state.chamber_light is False
    await client.set_chamber_light(True)
    assert client.state.chamber_light is True
    await client.stop()
    await until(lambda: client.state.gcode_state in (GcodeState.FAILED, GcodeState.IDLE))
    assert simulator.gcode_state in ("FAILED", "IDLE")


async def test_commands_refused_by_authorization_control(
    client: BambuClient, simulator: PrinterSimulator
) -> None:
    simulator.start_print("Benchy", duration_s=3600, layers=100)
    await until(lambda: client.state.gcode_state is GcodeState.RUNNING)
    simulator.set_authorization_control(True)
    await until(lambda: client.state.developer_mode_required)
    with pytest.raises(BambuAuthorizationRequiredError):
        await client.pause()
    assert simulator.gcode_state == "RUNNING"


async def test_malformed_messages_are_dropped(
    client: BambuClient, simulator: PrinterSimulator
) -> None:
    before = client.state
    for payload in (b"not json", b"[1, 2]", b'{"print": 5}', b"\xff\xfe", b"{" * 300_000):
        await simulator.send_raw(payload)
    await simulator.send_report({"print": {"command": "push_status", "msg": 1, "mc_percent": 55}})
    await until(lambda: client.state.progress == 55)
    assert client.online
    assert client.state.ams_units == before.ams_units


async def test_hostile_burst_changes_nothing_and_keeps_the_connection(
    client: BambuClient, simulator: PrinterSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    """1,000 malformed reports: the state keeps every value, one log line, no reconnection."""
    simulator.time_scale = 0  # the printer's own deltas stop changing values
    await simulator.send_report({"print": {"command": "push_status", "msg": 1, "mc_percent": 7}})
    await until(lambda: client.state.progress == 7)
    before = client.state
    online: list[bool] = []
    client.add_listener(lambda: online.append(client.online))
    caplog.clear()
    for payload in malformed_reports(1000):
        await simulator.send_raw(payload)
    await simulator.send_report({"print": {"command": "push_status", "msg": 1, "mc_percent": 8}})
    await until(lambda: client.state.progress == 8, within=60)
    # the simulated printer's Wi-Fi signal wanders by itself
    assert replace(client.state, wifi_signal=None) == replace(before, progress=8, wifi_signal=None)
    assert False not in online
    assert client.dropped_messages == whole_message_garbage_count(1000)
    problems = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(problems) == 1, [record.getMessage()[:200] for record in problems]
    assert "dropped 1 malformed message" in problems[0].getMessage()


async def test_watchdog_marks_offline_and_wakes_the_printer(
    client: BambuClient, simulator: PrinterSimulator
) -> None:
    changes: list[bool] = []
    client.add_listener(lambda: changes.append(client.online))
    simulator.go_silent(wake_on_pushing_start=True)
    await until(lambda: False in changes)
    # The watchdog sent pushing.start, which wakes the simulated printer: online again.
    await until(lambda: client.online)


async def test_silent_printer_is_reconnected(
    client: BambuClient, simulator: PrinterSimulator
) -> None:
    simulator.go_silent(wake_on_pushing_start=False)
    await until(lambda: not client.online)
    simulator.resume_pushing()
    await until(lambda: client.online)


async def test_broker_restart(
    client: BambuClient, simulator: PrinterSimulator, broker: Mosquitto
) -> None:
    await broker.stop()
    await until(lambda: not client.online)
    with pytest.raises(BambuConnectionError):
        await client.set_chamber_light(True)
    await broker.start()
    await simulator.wait_connected()
    await until(lambda: client.online)
    assert client.state.ready


async def test_a_command_waiting_when_the_connection_drops_fails(
    client: BambuClient, simulator: PrinterSimulator, broker: Mosquitto
) -> None:
    simulator.go_silent(wake_on_pushing_start=False)  # the command gets no answer
    command = asyncio.create_task(client.set_chamber_light(not client.state.chamber_light))
    await asyncio.sleep(0.1)  # sent and waiting
    await broker.stop()
    with pytest.raises(BambuConnectionError, match="the connection was lost"):
        await command


async def test_a_command_without_answer_times_out(simulator: PrinterSimulator) -> None:
    client = BambuClient(
        simulator.host,
        SERIAL,
        ACCESS_CODE,
        simulator.cert_pem,
        port=simulator.port,
        command_timeout=1,
    )
    task = asyncio.create_task(client.run())
    try:
        await until(lambda: client.online and client.state.ready)
        simulator.go_silent(wake_on_pushing_start=False)
        with pytest.raises(BambuCommandTimeoutError, match="did not answer ledctrl in 1 s"):
            await client.set_chamber_light(not client.state.chamber_light)
        assert client.online  # a silence shorter than the watchdog's keeps the printer online
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
