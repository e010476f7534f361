"""The simulated printer state on its own: deltas, the fun bit, packed temperatures."""

from __future__ import annotations

import pytest

from holomat_dev.bambu_printer_state import SIGNING_FUN_BIT, CommandRejectedError, PrinterState
from holomat_dev.bambu_recordings import MODELS, load_recording, printer_model, version_report


def test_deltas_hold_only_changed_keys() -> None:
    """After a full report, a delta carries only what changed."""
    state = PrinterState(MODELS["P1S"])
    state.full_body()

    state.set_speed("4")

    assert state.take_delta() == {"spd_lvl": 4, "spd_mag": 166}
    assert state.take_delta() is None


def test_fun_bit_follows_authorization_control() -> None:
    """The X1C recording's signing bit is cleared in Developer mode and set otherwise."""
    recorded = int(load_recording("x1c_pushall_finish_multi_ams")["print"]["fun"], 16)
    developer = PrinterState(MODELS["X1C"])
    signing = PrinterState(MODELS["X1C"], authorization_control=True)
    p1s = PrinterState(MODELS["P1S"])

    assert int(developer.body["fun"], 16) == recorded & ~SIGNING_FUN_BIT
    assert int(signing.body["fun"], 16) == recorded
    assert "fun" not in p1s.body
    p1s.set_authorization_control(True)
    assert int(p1s.body["fun"], 16) & SIGNING_FUN_BIT


def test_packed_temperatures_follow_legacy_fields() -> None:
    """Newer firmware's packed ``device`` temperatures hold target << 16 | current."""
    state = PrinterState(MODELS["X1C"])
    state.start_print("Cube", duration_s=600, layers=10)

    state.advance(600 * 0.5)

    bed = state.body["device"]["bed"]["info"]["temp"]
    assert bed >> 16 == 60
    assert bed & 0xFFFF == round(state.body["bed_temper"])
    nozzle = state.body["device"]["extruder"]["info"][0]["temp"]
    assert nozzle >> 16 == 220


def test_commands_gated_by_state() -> None:
    """Pause, resume and stop are refused outside the states firmware accepts them in."""
    state = PrinterState(MODELS["A1"])

    for command in (state.pause, state.resume, state.stop):
        with pytest.raises(CommandRejectedError):
            command()
    with pytest.raises(CommandRejectedError):
        state.set_light("chamber_light", "disco")
    with pytest.raises(ValueError):
        state.start_print("Nothing", duration_s=0, layers=1)


def test_merge_keeps_nested_fields() -> None:
    """A recorded AMS delta merges into the AMS block without losing ``vt_tray``."""
    state = PrinterState(MODELS["P1S"])
    delta = load_recording("p1s_delta_ams")["print"]

    state.merge({"ams": delta["ams"]})

    assert state.body["vt_tray"]
    assert state.body["ams"]["ams"] == delta["ams"]["ams"]


def test_version_report_per_model() -> None:
    """get_version answers name the model's product, firmware, serial and AMS units."""
    a1 = version_report(MODELS["A1"], "03900A000000001", "7")["info"]
    names = [module["name"] for module in a1["module"]]

    assert a1["sequence_id"] == "7"
    assert names[:2] == ["ota", "ams_f1/0"]
    assert a1["module"][0]["sn"] == "03900A000000001"
    assert [m["name"] for m in version_report(MODELS["P1P"], "X", "1")["info"]["module"]] == [
        "ota",
        "mc",
        "th",
    ]
    with pytest.raises(ValueError, match="Unknown printer model"):
        printer_model("H2D")
