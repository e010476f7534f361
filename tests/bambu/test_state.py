"""Merging recorded reports and deltas into the typed printer state."""

from __future__ import annotations

from dataclasses import replace
import json
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.holomat.bambu import (
    BambuClient,
    GcodeState,
    LiveView,
    PrinterModel,
    PrinterState,
    SpeedProfile,
)
from custom_components.holomat.bambu.merge import merge_report
from custom_components.holomat.bambu.models import EXTERNAL_SPOOL_ID, tray_now
from custom_components.holomat.bambu.state import parse_state
from custom_components.holomat.bambu.version import model_from_serial, parse_version

from .conftest import recording

X1C_VERSION = parse_version(recording("x1c_get_version")["info"])


def state_of(*names: str, version: Any = None, model: PrinterModel | None = None) -> PrinterState:
    """Merge the named recordings in order and parse the result."""
    raw: dict[str, Any] = {}
    for name in names:
        raw = merge_report(raw, recording(name)["print"])
    return parse_state(raw, version, ready=True, model_hint=model)


def test_version_names_model_firmware_and_ams_kinds() -> None:
    assert X1C_VERSION.model is PrinterModel.X1C
    assert X1C_VERSION.firmware_version == "01.09.00.01"
    assert X1C_VERSION.product_name == "Bambu Lab X1-Carbon"
    assert X1C_VERSION.ams_kinds == {0: "ams", 1: "ams", 2: "ams_2_pro", 128: "ams_ht"}


def test_x1c_running_report() -> None:
    state = state_of("x1c_pushall_running_hms", version=X1C_VERSION)
    assert state.gcode_state is GcodeState.RUNNING
    assert (state.progress, state.layer, state.total_layers) == (22, 2, 37)
    # The packed temperature 14418139 = 0x00DC00DB: 219 °C now, 220 °C target.
    assert (state.nozzle_temperature, state.nozzle_target_temperature) == (219.0, 220.0)
    assert state.chamber_temperature == 36.0
    assert [hms.code for hms in state.hms] == ["0C00_0300_0003_0007"]
    assert state.hms[0].severity == "common"
    assert state.hms[0].url.endswith("/x1/troubleshooting/hmscode/0C00_0300_0003_0007")
    assert state.chamber_light is True
    assert state.speed_profile is SpeedProfile.STANDARD
    assert state.wifi_signal == -46
    assert state.active_tray == 128
    assert [(unit.ams_id, unit.kind) for unit in state.ams_units] == [(128, "ams_ht")]


def test_x1c_finish_with_four_ams_units() -> None:
    state = state_of("x1c_pushall_finish_multi_ams", version=X1C_VERSION)
    assert state.gcode_state is GcodeState.FINISH
    assert state.progress == 100
    assert state.developer_mode_required is True  # fun 11A30F9CFB has the signing bit
    kinds = [(unit.ams_id, unit.kind, len(unit.trays)) for unit in state.ams_units]
    assert kinds == [(0, "ams", 4), (1, "ams", 4), (2, "ams_2_pro", 4), (128, "ams_ht", 1)]
    assert state.ams_units[0].temperature == 26.2
    assert state.ams_units[0].humidity_index == 5
    assert state.external_spool is not None
    assert state.external_spool.empty


def test_ams_units_name_themselves_and_the_tray_in_use() -> None:
    finished = state_of("x1c_pushall_finish_multi_ams", version=X1C_VERSION)
    names = [(unit.model, unit.number, unit.has_climate) for unit in finished.ams_units]
    assert names == [
        ("AMS", 1, True),
        ("AMS", 2, True),
        ("AMS 2 Pro", 3, True),
        ("AMS HT", 1, True),
    ]
    assert finished.tray(2, 3) is finished.ams_units[2].trays[3]
    assert finished.tray(None, EXTERNAL_SPOOL_ID) is finished.external_spool
    assert finished.tray(5, 0) is None
    assert finished.active_tray == 255  # no tray in use
    assert not any(
        finished.is_active_tray(unit.ams_id, tray.tray_id)
        for unit in finished.ams_units
        for tray in unit.trays
    )
    running = state_of("x1c_pushall_running_hms", version=X1C_VERSION)
    assert running.is_active_tray(128, 0)  # tray_now 128: the AMS HT's only slot
    assert not running.is_active_tray(None, EXTERNAL_SPOOL_ID)
    a1 = state_of("a1_pushall_idle_ams_lite", model=PrinterModel.A1)
    assert (a1.ams_units[0].model, a1.ams_units[0].has_climate) == ("AMS lite", False)
    # tray_now: 4 * unit + slot, 254 the external spool, an AMS HT's own id.
    assert [tray_now(1, 2), tray_now(None, EXTERNAL_SPOOL_ID), tray_now(129, 0)] == [6, 254, 129]


def test_p1_and_a1_have_no_chamber_temperature() -> None:
    p1s = state_of("p1s_pushall_idle", model=PrinterModel.P1S)
    assert p1s.chamber_temperature is None  # P1 reports a constant 5 °C: no sensor
    assert p1s.stage_name == "idle"  # stg_cur 0 while idle does not mean printing
    a1 = state_of("a1_pushall_idle_ams_lite", model=PrinterModel.A1)
    assert a1.ams_units[0].kind == "ams_lite"
    assert a1.ams_units[0].temperature is None  # AMS lite reports "0.0": no sensor


def test_p1p_without_ams_has_only_external_spool() -> None:
    state = state_of("p1p_pushall_finish_no_ams", model=PrinterModel.P1P)
    assert state.ams_units == ()
    assert state.external_spool is not None
    assert state.external_spool.filament_type == "PETG"


def test_deltas_keep_what_they_leave_out() -> None:
    before = state_of("p1s_pushall_idle")
    after = state_of("p1s_pushall_idle", "p1s_delta_temp_wifi", "p1s_delta_ams")
    assert state_of("p1s_pushall_idle", "p1s_delta_temp_wifi").wifi_signal == -67
    # The AMS delta carries no vt_tray: the external spool must survive it.
    assert after.external_spool == before.external_spool
    assert after.external_spool is not None
    assert after.external_spool.filament_type == "TPU-AMS"
    assert after.bed_temperature != before.bed_temperature
    assert after.wifi_signal == -50  # the AMS delta reports -50 dBm after -67 dBm
    assert len(after.ams_units[0].trays) == 4
    assert after.nozzle_diameter == before.nozzle_diameter == 0.4


def test_job_file_and_live_view() -> None:
    x1 = state_of("x1c_pushall_running_hms", version=X1C_VERSION)
    assert x1.gcode_file == "/data/Metadata/plate_2.gcode"
    assert x1.live_view is LiveView.UNKNOWN  # the recording's rtsp_url is redacted
    raw = merge_report({}, recording("x1c_pushall_running_hms")["print"])
    for url, seen in (
        ("disable", LiveView.OFF),
        ("rtsps://10.0.0.2/streaming/live/1", LiveView.ON),
    ):
        raw = merge_report(raw, {"msg": 1, "ipcam": {"rtsp_url": url}})
        assert parse_state(raw, X1C_VERSION, ready=True).live_view is seen
    idle = state_of("p1s_pushall_idle")
    assert (idle.gcode_file, idle.task_name, idle.live_view) == (None, None, LiveView.UNKNOWN)


def test_runout_pause_delta() -> None:
    state = state_of("a1_pushall_idle_ams_lite", "a1_delta_pause_filament_runout")
    assert state.gcode_state is GcodeState.PAUSE
    assert state.print_error is not None
    assert state.print_error.code == "0300_8015"
    assert state.print_error.description == "The filament ran out."


def test_full_report_drops_unplugged_ams_unit_delta_does_not() -> None:
    full = recording("x1c_pushall_finish_multi_ams")["print"]
    raw = merge_report({}, full)
    one_unit = {"ams": {"ams": [full["ams"]["ams"][0]]}}
    delta = merge_report(raw, {**one_unit, "msg": 1})
    assert len(parse_state(delta, X1C_VERSION, ready=True).ams_units) == 4
    again = merge_report(raw, {**one_unit, "msg": 0})
    assert len(parse_state(again, X1C_VERSION, ready=True).ams_units) == 1


def test_tray_delta_merges_by_id() -> None:
    raw = merge_report({}, recording("p1s_pushall_idle")["print"])
    delta = {"msg": 1, "ams": {"ams": [{"id": "0", "tray": [{"id": "2", "remain": 5}]}]}}
    state = parse_state(merge_report(raw, delta), None, ready=True)
    trays = state.ams_units[0].trays
    assert [tray.tray_id for tray in trays] == [0, 1, 2, 3]
    assert trays[2].remaining == 5
    assert trays[2].filament_type is not None  # the rest of the tray is kept


@pytest.mark.parametrize(
    "delta",
    [
        {"nozzle_temper": "hot"},
        {"nozzle_temper": None},
        {"nozzle_temper": True},
        {"mc_percent": [1]},
        {"gcode_state": 5},
        {"hms": "none"},
        {"hms": [{"attr": "x", "code": 1}]},
        {"ams": 5},
        {"lights_report": "on"},
        {"mc_percent": float("nan")},
        # garbage identity lists: replacing them lost every light, AMS unit or tray
        {"lights_report": [1, 2]},
        {"lights_report": [{"mode": "off"}]},
        {"lights_report": [{"node": "chamber_light", "mode": 7}]},
        {"lights_report": [{"node": "chamber_light", "mode": "exploded"}]},
        {"ams": {"ams": [1]}},
        {"ams": {"ams": "x"}},
        {"ams": {"ams": [{"id": "128", "tray": [None, "x"]}]}},
        {"ams": {"tray_now": "999"}},
        {"ams": {"ams": [{"id": "128", "humidity": "9", "humidity_raw": 250}]}},
        {"ams": {"ams": [{"id": "128", "tray": [{"id": "0", "remain": 500}]}]}},
        {"vt_tray": {"tray_color": "not a colour"}},
        # out of range for the field's meaning
        {"mc_remaining_time": -999},
        {"mc_remaining_time": 1e12},
        {"mc_percent": 250},
        {"layer_num": -5},
        {"gcode_state": "EXPLODED"},
        {"spd_lvl": 9},
        {"cooling_fan_speed": "99"},
        {"wifi_signal": "loud"},
        {"wifi_signal": "+40dBm"},
        {"nozzle_temper": 1e300},
        {"bed_temper": float("-inf")},
        {"stg_cur": 4096},
        {"print_error": -7},
        {"fun": "zz"},
        {"nozzle_diameter": 40},
    ],
)
def test_bad_values_are_dropped_and_the_rest_kept(delta: dict[str, Any]) -> None:
    raw = merge_report({}, recording("x1c_pushall_running_hms")["print"])
    before = parse_state(raw, X1C_VERSION, ready=True)
    after = parse_state(merge_report(raw, {"msg": 1, **delta}), X1C_VERSION, ready=True)
    assert after == before
    # the other fields of the same report still apply
    mixed = merge_report(raw, {"msg": 1, **delta, "mc_percent": 55})
    assert parse_state(mixed, X1C_VERSION, ready=True) == replace(before, progress=55)


def test_numbers_sent_as_strings() -> None:
    raw = merge_report({}, {"msg": 0, "mc_percent": "42", "bed_temper": "60.5", "spd_lvl": "3"})
    state = parse_state(raw, None, ready=True)
    assert (state.progress, state.bed_temperature) == (42, 60.5)
    assert state.speed_profile is SpeedProfile.SPORT


def test_model_from_serial_prefix() -> None:
    assert model_from_serial("01P00A000000000") is PrinterModel.P1S
    assert model_from_serial("03900A000000000") is PrinterModel.A1
    assert model_from_serial("XYZ") is None


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
KEYS = st.sampled_from(
    [
        *recording("x1c_pushall_finish_multi_ams")["print"],
        "device",
        "vir_slot",
        "msg",
    ]
)


@settings(max_examples=2000, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(KEYS | st.text(max_size=6), JSON, max_size=8))
def test_random_reports_never_break_the_state(report: dict[str, Any]) -> None:
    raw = merge_report({}, recording("x1c_pushall_running_hms")["print"])
    merged = merge_report(raw, report)
    state = parse_state(merged, X1C_VERSION, ready=True)
    json.dumps(merged)  # still plain JSON data
    assert state.gcode_state is None or isinstance(state.gcode_state, GcodeState)
    for value in (state.progress, state.layer, state.remaining_time):
        assert value is None or (isinstance(value, int) and value >= 0)
    assert all(isinstance(unit.ams_id, int) for unit in state.ams_units)
    # A valid delta still applies on top of whatever came before.
    fixed = parse_state(merge_report(merged, {"msg": 1, "mc_percent": 77}), None, ready=True)
    assert fixed.progress == 77


PAYLOADS = (
    st.binary(max_size=64)
    | JSON.map(lambda value: json.dumps(value).encode())
    | st.dictionaries(KEYS, JSON, max_size=6).map(
        lambda body: json.dumps({"print": {"command": "push_status", "msg": 1, **body}}).encode()
    )
)


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(PAYLOADS, min_size=1, max_size=5))
def test_client_survives_any_payload(payloads: list[bytes]) -> None:
    """Whatever arrives on the report topic, no exception escapes and state stays usable."""
    client = BambuClient("127.0.0.1", "01P00A000000001", "12345678", "unused")
    client.handle_payload(json.dumps(recording("p1s_pushall_idle")).encode())
    client.handle_payload(json.dumps(recording("x1c_get_version")).encode())
    for payload in payloads:
        client.handle_payload(payload)
    assert client.state.ready
    client.handle_payload(b'{"print": {"command": "push_status", "msg": 1, "mc_percent": 33}}')
    assert client.state.progress == 33


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.dictionaries(KEYS, JSON, max_size=5), min_size=1, max_size=4))
def test_parsing_only_what_a_delta_touched_gives_the_full_parse(
    deltas: list[dict[str, Any]],
) -> None:
    """The client re-parses only the fields whose raw keys changed: same result as a full parse."""
    raw = merge_report({}, recording("x1c_pushall_finish_multi_ams")["print"])
    state = parse_state(raw, X1C_VERSION, ready=True)
    for delta in deltas:
        merged = merge_report(raw, {"msg": 1, **delta})
        state = parse_state(merged, X1C_VERSION, ready=True, previous=(raw, state))
        assert state == parse_state(merged, X1C_VERSION, ready=True)
        raw = merged


def test_the_report_says_whether_the_printer_has_storage() -> None:
    assert state_of("p1s_pushall_idle").sdcard is True
    assert state_of("p1s_pushall_idle", "p1s_delta_ams").sdcard is True  # a delta keeps it
    raw = merge_report(recording("p1s_pushall_idle")["print"], {"sdcard": False})
    assert parse_state(raw, None, ready=True).sdcard is False
    assert parse_state({"sdcard": "yes"}, None, ready=True).sdcard is None
