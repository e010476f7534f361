"""Reading sliced 3MF files, finding the job's file, and hostile zip shapes."""

# ruff: noqa: DTZ001 - printers' listings carry naive local times

from __future__ import annotations

import datetime as dt
import io
import zipfile

from hypothesis import HealthCheck, given, settings, strategies as st
from PIL import Image
import pytest

from custom_components.holomat.bambu.errors import BambuInvalidFileError
from custom_components.holomat.bambu.remote_files import RemoteFile, parse_listing
from custom_components.holomat.bambu.threemf import (
    MAX_THUMBNAIL_BYTES,
    Filament,
    find_job_file,
    job_file_names,
    plate_of_gcode_file,
    read_project,
    read_thumbnail,
)
from holomat_dev.threemf_files import make_3mf, read_job

NOW = dt.datetime(2026, 3, 10, 12, 0)


def test_read_a_sliced_file() -> None:
    data = make_3mf(
        "Dragon & <keychain>",
        seconds=5400,
        weight_g=20.9,
        filaments=(("PLA", "#000000"), ("PETG", "#FFFFFF")),
        plates=2,
    )
    project = read_project(data)
    assert project.task_name == "Dragon & <keychain>"
    assert project.sliced
    assert [plate.index for plate in project.plates] == [1, 2]
    plate = project.plate(2)
    assert plate is not None
    assert plate.has_gcode
    assert plate.has_thumbnail
    assert plate.prediction_s == 5400
    assert plate.weight_g == pytest.approx(20.9)
    assert plate.filaments == (
        Filament("PLA", "#000000", pytest.approx(10.45)),
        Filament("PETG", "#FFFFFF", pytest.approx(10.45)),
    )
    assert project.plate(3) is None
    thumbnail = read_thumbnail(data, 1)
    assert thumbnail is not None
    assert Image.open(io.BytesIO(thumbnail)).size == (256, 256)
    assert read_thumbnail(data, 7) is None
    assert read_job(data) == read_job(data, 2)
    job = read_job(data)
    assert job is not None
    assert (job.task_name, job.layers, job.seconds) == ("Dragon & <keychain>", 50, 5400)


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_unsliced_project_and_missing_parts() -> None:
    project = read_project(_zip({"3D/3dmodel.model": b"<model/>"}))
    assert project.task_name is None
    assert project.plates == ()
    assert not project.sliced
    bad_numbers = (
        b'<config><plate><metadata key="index" value="1"/><metadata key="prediction" value="x"/>'
        b'<metadata key="weight" value="nan"/><filament type="" used_g="inf"/></plate>'
        b'<plate><metadata key="index" value="?"/></plate></config>'
    )
    plate = read_project(_zip({"Metadata/slice_info.config": bad_numbers})).plates[0]
    assert (plate.prediction_s, plate.weight_g, plate.has_gcode) == (None, None, False)
    assert plate.filaments == (Filament(None, None, None),)


@pytest.mark.parametrize(
    "data",
    [b"", b"not a zip at all", _zip({"Metadata/slice_info.config": b"<config><plate>"})],
)
def test_invalid_files(data: bytes) -> None:
    with pytest.raises(BambuInvalidFileError):
        read_project(data)


def test_thumbnail_that_is_no_png() -> None:
    data = _zip({"Metadata/plate_1.png": b"GIF89a..."})
    assert read_project(data).plates[0].has_thumbnail
    with pytest.raises(BambuInvalidFileError):
        read_thumbnail(data)
    with pytest.raises(BambuInvalidFileError):
        read_thumbnail(b"PK")


def test_zip_bomb_thumbnail_is_bounded() -> None:
    bomb = _zip({"Metadata/plate_1.png": b"\x89PNG\r\n\x1a\n" + bytes(MAX_THUMBNAIL_BYTES)})
    assert len(bomb) < 100_000
    with pytest.raises(BambuInvalidFileError):
        read_thumbnail(bomb)


def test_too_many_members() -> None:
    with pytest.raises(BambuInvalidFileError):
        read_project(_zip({f"junk/{n}": b"" for n in range(10_001)}, zipfile.ZIP_STORED))


names = st.text(
    st.sampled_from("Metadata/plate_123.gcodepngjsonconfig3Dmodel_rels[]x"), max_size=30
)


@given(
    members=st.dictionaries(names, st.binary(max_size=300), max_size=8),
    cut=st.integers(min_value=0, max_value=2000),
    flip=st.integers(min_value=0, max_value=2000),
)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_any_zip_shape_raises_only_our_error(
    members: dict[str, bytes], cut: int, flip: int
) -> None:
    data = bytearray(_zip({name: content for name, content in members.items() if name}))
    if flip < len(data):
        data[flip] ^= 0xFF
    for sample in (bytes(data), bytes(data[:cut])):
        try:
            project = read_project(sample)
            read_thumbnail(sample)
        except BambuInvalidFileError:
            continue
        assert all(plate.index >= 0 for plate in project.plates)


def test_job_file_names() -> None:
    assert job_file_names("Benchy", "") == ("Benchy.3mf", "Benchy.gcode.3mf")
    assert job_file_names("36mm", "36mm.gcode.3mf") == ("36mm.3mf", "36mm.gcode.3mf")
    assert job_file_names("Box", "/data/Metadata/plate_1.gcode") == ("Box.3mf", "Box.gcode.3mf")
    assert job_file_names("", "") == ()
    assert plate_of_gcode_file("/data/Metadata/plate_3.gcode") == 3
    assert plate_of_gcode_file("Cube.3mf") is None


LISTING = {
    "/": parse_listing(
        [
            "drwxr-xr-x    2 1000     1000         4096 Mar 01 10:00 cache",
            "-rw-r--r--    1 1000     1000      1640240 Mar 09 00:27 Clamshell Parts Box.gcode.3mf",
            "-rw-r--r--    1 1000     1000         1000 Oct 18  2025 old.3mf",
        ],
        "/",
        NOW,
    ),
    "/cache": parse_listing(
        [
            "total 8",
            "-rw-r--r--    1 1000     1000       123456 Mar 10 11:59 cube + cube.3mf",
            "-rw-r--r--    1 1000     1000       123456 Mar 10 11:58 notes.txt",
        ],
        "/cache",
        NOW,
    ),
}


def test_find_job_file() -> None:
    found = find_job_file(LISTING, "Clamshell Parts Box", "/data/Metadata/plate_1.gcode")
    assert found is not None
    assert found.path == "/Clamshell Parts Box.gcode.3mf"
    found = find_job_file(LISTING, "CUBE + CUBE", "cube + cube.3mf")
    assert found is not None
    assert found.path == "/cache/cube + cube.3mf"
    assert find_job_file(LISTING, "Unknown", "") is None
    newest = find_job_file(LISTING, "", "")
    assert newest is not None
    assert newest.path == "/cache/cube + cube.3mf"
    assert find_job_file({}, "", "") is None


def test_listing_dates() -> None:
    entries = parse_listing(
        [
            "-rw-r--r--    1 1000     1000     5 Dec 31 23:59 last-year.3mf",
            "-rw-r--r--    1 1000     1000     5 Feb 29  2024 leap.3mf",
            "lrwxrwxrwx    1 1000     1000     5 Mar 01 10:00 link -> cache",
            "-rw-r--r--    1 1000     1000     5 Foo 01 10:00 strange-month",
            "-rw-r--r--    1 1000     1000     5 Feb 31 10:00 no-such-day",
            "drwxr-xr-x    2 1000     1000     4096 Mar 01 10:00 ..",
        ],
        "/",
        NOW,
    )
    assert [(entry.name, entry.modified) for entry in entries] == [
        ("last-year.3mf", dt.datetime(2025, 12, 31, 23, 59)),
        ("leap.3mf", dt.datetime(2024, 2, 29)),
        ("link", dt.datetime(2026, 3, 1, 10, 0)),
        ("strange-month", None),
        ("no-such-day", None),
    ]


@given(st.lists(st.text(max_size=120), max_size=20))
def test_any_listing_parses_without_error(lines: list[str]) -> None:
    for entry in parse_listing(lines, "/cache", NOW):
        assert isinstance(entry, RemoteFile)
        assert entry.path.startswith("/cache/")
