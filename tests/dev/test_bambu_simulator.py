"""The printer simulator, reached through the broker's TLS listener as HoloMat reaches a printer."""

from __future__ import annotations

import asyncio
import json

from holomat_dev.bambu_printer_state import AUTHORIZATION_ERROR, SIGNING_FUN_BIT, STOP_PRINT_ERROR
from holomat_dev.bambu_recordings import ENVELOPE_KEYS, MODELS, full_report_body, load_recording
from holomat_dev.mosquitto import Mosquitto

from ..conftest import PrinterSimulatorFactory
from .conftest import PrinterClientFactory

FAST = {"delta_interval": 0.05, "time_scale": 600.0}


async def test_pushall_and_get_version(
    printer_simulator: PrinterSimulatorFactory, printer_client: PrinterClientFactory
) -> None:
    """Each model answers pushall with its full recorded report and get_version with its modules."""
    for index, model in enumerate(MODELS):
        serial = f"0{index}SIM{model}0001"
        simulator = await printer_simulator(serial=serial, model=model)
        client = await printer_client(simulator)

        await client.request("pushing", "pushall")
        report = await client.wait_for("msg", 0)
        recorded = full_report_body(MODELS[model])
        assert set(recorded) <= set(report)
        assert report["command"] == "push_status"
        assert report["gcode_state"] == recorded["gcode_state"]
        assert report.get("ams") == recorded.get("ams")

        sequence_id = await client.request("info", "get_version")
        answer = await client.next_report(lambda r: "info" in r)
        info = answer["info"]
        assert info["sequence_id"] == sequence_id
        ota = next(module for module in info["module"] if module["name"] == "ota")
        assert ota["sn"] == serial
        assert ota["product_name"] == MODELS[model].product_name
        assert ota["sw_ver"] == MODELS[model].firmware


async def test_deltas_stream(
    printer_simulator: PrinterSimulatorFactory, printer_client: PrinterClientFactory
) -> None:
    """An idle P1S pushes small ``msg`` 1 deltas (temperature, Wi-Fi) at the set interval."""
    simulator = await printer_simulator(delta_interval=0.05)
    client = await printer_client(simulator)

    deltas = [await client.wait_for("msg", 1) for _ in range(3)]

    for delta in deltas:
        assert "wifi_signal" in delta
        assert "ams" not in delta
        assert len(delta) < 10


async def test_print_progresses_to_finish(
    printer_simulator: PrinterSimulatorFactory, printer_client: PrinterClientFactory
) -> None:
    """A print goes PREPARE → RUNNING → FINISH with progress, layers and temperatures rising."""
    simulator = await printer_simulator(**FAST)
    client = await printer_client(simulator)

    simulator.start_print("Cube", duration_s=1800, layers=30)

    prepare = await client.wait_for("gcode_state", "PREPARE")
    assert prepare["subtask_name"] == "Cube"
    assert prepare["mc_remaining_time"] == 30
    assert prepare["total_layer_num"] == 30
    await client.wait_for("gcode_state", "RUNNING")
    percents, layers, nozzle = [], [], []
    while True:
        report = await client.next_report(lambda r: r.get("print", {}).get("msg") == 1)
        body = report["print"]
        percents += [body["mc_percent"]] if "mc_percent" in body else []
        layers += [body["layer_num"]] if "layer_num" in body else []
        nozzle += [body["nozzle_temper"]] if "nozzle_temper" in body else []
        if body.get("gcode_state") == "FINISH":
            break
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert layers[-1] == 30
    assert len(set(layers)) > 3
    state = simulator.state
    assert state["mc_remaining_time"] == 0
    assert state["nozzle_target_temper"] == 0
    assert max(nozzle) > 200


async def test_pause_resume_stop(
    printer_simulator: PrinterSimulatorFactory, printer_client: PrinterClientFactory
) -> None:
    """Pause and resume are acknowledged and change gcode_state; stop cancels like firmware."""
    simulator = await printer_simulator(delta_interval=0.05, time_scale=10)
    client = await printer_client(simulator)

    sequence_id = await client.request("print", "pause", param="")
    ack = await client.ack("print", sequence_id)
    assert ack["result"] == "failed"
    assert simulator.gcode_state == "IDLE"

    simulator.start_print("Vase", duration_s=3600, layers=100)
    await client.wait_for("gcode_state", "PREPARE")
    sequence_id = await client.request("print", "pause", param="")
    ack = await client.ack("print", sequence_id)
    assert ack == {
        "sequence_id": sequence_id,
        "command": "pause",
        "param": "",
        "result": "success",
        "reason": "success",
    }
    await client.wait_for("gcode_state", "PAUSE")

    sequence_id = await client.request("print", "resume", param="")
    assert (await client.ack("print", sequence_id))["result"] == "success"
    await client.wait_for("gcode_state", "PREPARE")

    sequence_id = await client.request("print", "stop", param="")
    assert (await client.ack("print", sequence_id))["result"] == "success"
    canceled = await client.wait_for("print_error", STOP_PRINT_ERROR)
    assert "gcode_state" not in canceled
    await client.wait_for("gcode_state", "FAILED")
    idle = await client.wait_for("gcode_state", "IDLE")
    assert idle["print_error"] == 0


async def test_speed_and_light(
    printer_simulator: PrinterSimulatorFactory, printer_client: PrinterClientFactory
) -> None:
    """Speed profile and chamber light commands are acknowledged and reported."""
    simulator = await printer_simulator(delta_interval=0.05)
    client = await printer_client(simulator)

    sequence_id = await client.request("print", "print_speed", param="3")
    assert (await client.ack("print", sequence_id))["result"] == "success"
    report = await client.wait_for("spd_lvl", 3)
    assert report["spd_mag"] == 124

    sequence_id = await client.request(
        "system",
        "ledctrl",
        led_node="chamber_light",
        led_mode="off",
        led_on_time=500,
        led_off_time=500,
        loop_times=0,
        interval_time=0,
    )
    assert (await client.ack("system", sequence_id))["result"] == "success"
    await client.wait_for("lights_report", [{"node": "chamber_light", "mode": "off"}])

    sequence_id = await client.request("print", "print_speed", param="9")
    assert (await client.ack("print", sequence_id))["result"] == "failed"


async def test_authorization_control(
    printer_simulator: PrinterSimulatorFactory, printer_client: PrinterClientFactory
) -> None:
    """Authorization-control firmware refuses commands with err_code 84033543 and the fun bit."""
    simulator = await printer_simulator(model="X1C", delta_interval=0.05)
    client = await printer_client(simulator)
    simulator.start_print("Gear", duration_s=3600, layers=10)
    await client.wait_for("gcode_state", "PREPARE")

    simulator.set_authorization_control(True)
    report = await client.next_report(lambda r: "fun" in r.get("print", {}))
    assert int(report["print"]["fun"], 16) & SIGNING_FUN_BIT

    sequence_id = await client.request("print", "pause", param="")
    ack = await client.ack("print", sequence_id)
    assert ack["result"] == "failed"
    assert ack["err_code"] == AUTHORIZATION_ERROR
    await client.wait_for("hms", [{"attr": 0x05000500, "code": 0x00010007}])
    assert simulator.gcode_state == "PREPARE"

    simulator.set_authorization_control(False)
    report = await client.next_report(lambda r: "fun" in r.get("print", {}))
    assert not int(report["print"]["fun"], 16) & SIGNING_FUN_BIT
    sequence_id = await client.request("print", "pause", param="")
    assert (await client.ack("print", sequence_id))["result"] == "success"


async def test_test_controls(
    printer_simulator: PrinterSimulatorFactory, printer_client: PrinterClientFactory
) -> None:
    """HMS, failures, raw payloads, silence and the command waiter work as tests need."""
    simulator = await printer_simulator(delta_interval=0.05)
    client = await printer_client(simulator)

    simulator.add_hms(0x0C000300, 0x00030007)
    await client.wait_for("hms", [{"attr": 0x0C000300, "code": 0x00030007}])
    simulator.clear_hms()
    await client.wait_for("hms", [])

    simulator.start_print(duration_s=600, layers=5)
    paused = asyncio.create_task(simulator.next_command("pause"))
    await asyncio.sleep(0)
    await client.request("print", "pause", param="")
    assert (await paused)["print"]["command"] == "pause"
    assert simulator.gcode_state == "PAUSE"
    simulator.fail(117473286)
    failed = await client.wait_for("gcode_state", "FAILED")
    assert failed["print_error"] == 117473286

    await simulator.send_raw(b"\xff not json")
    assert (await client.next_report(lambda r: "raw" in r))["raw"] == b"\xff not json"

    simulator.go_silent()
    pushall = asyncio.create_task(simulator.next_command("pushall"))
    await asyncio.sleep(0)
    await client.request("pushing", "pushall")
    assert (await pushall)["pushing"]["command"] == "pushall"
    while not client.reports.empty():
        client.reports.get_nowait()
    start = asyncio.create_task(simulator.next_command("start"))
    await asyncio.sleep(0)
    await client.request("pushing", "start")
    await start
    await client.request("pushing", "pushall")
    await client.wait_for("msg", 0)


async def test_broker_restart(
    mosquitto: Mosquitto,
    printer_simulator: PrinterSimulatorFactory,
    printer_client: PrinterClientFactory,
) -> None:
    """After a broker restart the simulator is back by itself and keeps its state."""
    simulator = await printer_simulator(delta_interval=0.05, time_scale=10)
    simulator.start_print("Long", duration_s=36000, layers=500)
    await simulator.wait_for_gcode_state("PREPARE")

    await mosquitto.restart()
    await simulator.wait_connected(5)
    client = await printer_client(simulator)
    await client.request("pushing", "pushall")

    report = await client.wait_for("msg", 0)
    assert report["gcode_state"] == "PREPARE"
    assert report["subtask_name"] == "Long"
    assert json.dumps(report)


async def test_replayed_delta(
    printer_simulator: PrinterSimulatorFactory, printer_client: PrinterClientFactory
) -> None:
    """A recorded delta replayed with ``send_delta`` reaches clients and the next full report."""
    simulator = await printer_simulator(model="A1", delta_interval=10)
    client = await printer_client(simulator)
    delta = load_recording("a1_delta_pause_filament_runout")["print"]
    fields = {key: value for key, value in delta.items() if key not in ENVELOPE_KEYS}

    await simulator.send_delta(fields)
    sent = await client.wait_for("print_error", 50364437)
    await client.request("pushing", "pushall")
    full = await client.wait_for("msg", 0)

    assert sent["msg"] == 1
    assert sent["gcode_state"] == "PAUSE"
    assert full["gcode_state"] == "PAUSE"
    assert full["print_error"] == 50364437
    assert simulator.state["print_error"] == 50364437


async def test_full_reports_mode(
    printer_simulator: PrinterSimulatorFactory, printer_client: PrinterClientFactory
) -> None:
    """With ``full_reports`` the printer pushes whole reports, as X1 firmware does."""
    simulator = await printer_simulator(model="X1C", delta_interval=0.05, full_reports=True)
    client = await printer_client(simulator)

    report = await client.next_report(lambda r: "print" in r)

    assert report["print"]["msg"] == 0
    assert "ams" in report["print"]
