"""The ``project_file`` command's fields, url forms and the default AMS trays (pure)."""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from custom_components.holomat.bambu import (
    PrinterModel,
    PrinterState,
    PrintOptions,
    UrlForm,
    default_ams_mapping,
    project_file_fields,
    url_form,
)
from custom_components.holomat.bambu.models import EXTERNAL_SPOOL_ID, AmsTray, AmsUnit, tray_now

from .test_state import state_of


def test_the_command_carries_openbambuapis_fields() -> None:
    options = PrintOptions(plate=3, timelapse=True, use_ams=True, ams_mapping=(2, 5))
    fields = project_file_fields("/dragon.gcode.3mf", "Dragon", options, UrlForm.FTP)
    assert fields["param"] == "Metadata/plate_3.gcode"
    assert fields["url"] == "ftp:///dragon.gcode.3mf"
    assert fields["subtask_name"] == "Dragon"
    assert [fields[key] for key in ("project_id", "profile_id", "task_id", "subtask_id")] == [
        "0"
    ] * 4
    assert fields["bed_levelling"] is fields["bed_leveling"] is True  # both spellings
    assert (fields["timelapse"], fields["use_ams"], fields["ams_mapping"]) == (True, True, [2, 5])
    assert fields["bed_type"] == "auto"
    spool = project_file_fields("/x.3mf", "X", PrintOptions(ams_mapping=(1,)), UrlForm.SDCARD)
    assert (spool["use_ams"], spool["ams_mapping"], spool["url"]) == (
        False,
        "",
        "file:///sdcard/x.3mf",
    )


@pytest.mark.parametrize(
    ("model", "override", "form"),
    [
        (PrinterModel.X1C, None, UrlForm.SDCARD),
        (PrinterModel.P1S, None, UrlForm.FTP),
        (PrinterModel.A1_MINI, None, UrlForm.FTP),
        (None, None, UrlForm.FTP),
        (PrinterModel.UNKNOWN, None, UrlForm.FTP),
        (PrinterModel.P1S, UrlForm.MNT_SDCARD, UrlForm.MNT_SDCARD),
    ],
)
def test_the_url_form_per_model_and_its_override(
    model: PrinterModel | None, override: UrlForm | None, form: UrlForm
) -> None:
    assert url_form(model, override) is form


def test_recorded_printers_feed_from_their_loaded_trays() -> None:
    no_ams = state_of("p1p_pushall_finish_no_ams", model=PrinterModel.P1P)
    assert default_ams_mapping(["PLA"], no_ams) is None
    x1c = state_of("x1c_pushall_running_hms", model=PrinterModel.X1C)
    assert default_ams_mapping(["PLA"], x1c) == (128,)  # its one AMS HT tray, in use


FILAMENTS = ("PLA", "PETG", "TPU", None)
trays = st.builds(
    AmsTray,
    tray_id=st.integers(0, 3),
    empty=st.booleans(),
    filament_type=st.sampled_from(FILAMENTS),
)
units = st.builds(
    AmsUnit,
    ams_id=st.sampled_from([0, 1, 2, 3, 128, 129]),
    kind=st.just("ams"),
    trays=st.lists(trays, max_size=4, unique_by=lambda tray: tray.tray_id).map(tuple),
)


def _normal(tray: AmsTray) -> AmsTray:
    """Return a tray whose emptiness agrees with its filament, as parsed trays do."""
    return AmsTray(tray.tray_id, tray.filament_type is None or tray.empty, tray.filament_type)


@given(
    st.lists(units, max_size=4, unique_by=lambda unit: unit.ams_id),
    st.lists(st.sampled_from(FILAMENTS), max_size=5),
    st.one_of(st.none(), st.integers(0, 255)),
)
def test_the_default_mapping_names_a_loaded_tray_per_filament(
    ams: list[AmsUnit], filaments: list[str | None], active: int | None
) -> None:
    units_ = tuple(
        AmsUnit(unit.ams_id, unit.kind, trays=tuple(_normal(tray) for tray in unit.trays))
        for unit in ams
    )
    state = PrinterState(ams_units=units_, active_tray=active)
    loaded = {
        tray_now(unit.ams_id, tray.tray_id): tray.filament_type
        for unit in units_
        for tray in unit.trays
        if not tray.empty
    }
    mapping = default_ams_mapping(filaments, state)
    if not loaded or active == EXTERNAL_SPOOL_ID:
        assert mapping is None
        return
    assert mapping is not None
    assert len(mapping) == max(1, len(filaments))
    assert set(mapping) <= set(loaded)
    for wanted, tray in zip(filaments, mapping, strict=False):
        if wanted is not None and wanted in loaded.values():
            # A tray of the right filament is used whenever one is left for it.
            same = [t for t, kind in loaded.items() if kind == wanted]
            assert loaded[tray] == wanted or len(same) < filaments.count(wanted)
