"""Failures: a clear error with a code, and never a half-written file at the destination."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import trimesh

from holomat_addon.slicing import (
    ModelTooBigError,
    NotManifoldError,
    PrusaSlicer,
    SlicerRefusedError,
    SlicerTimeoutError,
    SlicingError,
    UnreadableModelError,
    slice_model,
)
from holomat_addon.slicing.settings import SliceSettings

from .conftest import box, stl


@dataclass(frozen=True)
class WithoutExtruderReset:
    """PrusaSlicer given a layer G-code without ``G92 E0``, which it rightly refuses."""

    prusa: PrusaSlicer

    @property
    def label(self) -> str:
        """Return the real slicer's label."""

        return self.prusa.label

    def slice(self, stl: Path, settings: SliceSettings, workdir: Path, timeout: float) -> str:
        """Slice with the extruder reset taken out of the layer G-code."""

        values = dict(settings.values)
        values["layer_gcode"] = values["layer_gcode"].replace("G92 E0\n", "")
        return self.prusa.slice(stl, replace(settings, values=values), workdir, timeout)


@dataclass(frozen=True)
class Unreadable:
    """A slicer that answers with G-code holding no statistics."""

    label: str = "Stub slicer"

    def slice(self, stl: Path, settings: SliceSettings, workdir: Path, timeout: float) -> str:
        """Return G-code a reader cannot take statistics from."""

        return "G28\nG1 X10 Y10\n"


def _assert_nothing_left(folder: Path, kept: bytes | None = None) -> None:
    """Check the folder holds no partial file and a file that was there is unchanged."""

    names = [path.name for path in folder.iterdir()]
    if kept is None:
        assert names == []
    else:
        assert names == ["plate.gcode.3mf"]
        assert (folder / "plate.gcode.3mf").read_bytes() == kept


def _open_cube() -> bytes:
    cube = trimesh.creation.box((10, 10, 10))
    cube.update_faces(list(range(10)))
    return stl(cube)


@pytest.mark.parametrize(
    ("data", "error", "code"),
    [
        (box(200, 200, 10), ModelTooBigError, "model_too_big"),
        (_open_cube(), NotManifoldError, "not_manifold"),
        (b"solid nothing\nendsolid nothing\n", UnreadableModelError, "unreadable_model"),
    ],
)
@pytest.mark.parametrize("existing", [None, b"the previous plate"])
def test_bad_model_leaves_no_file(
    tmp_path: Path,
    prusa: PrusaSlicer,
    data: bytes,
    error: type[SlicingError],
    code: str,
    existing: bytes | None,
) -> None:
    destination = tmp_path / "plate.gcode.3mf"
    if existing is not None:
        destination.write_bytes(existing)
    with pytest.raises(error) as caught:
        slice_model(data, destination, printer="A1 mini", slicer=prusa)
    assert caught.value.code == code
    assert "." in str(caught.value)
    _assert_nothing_left(tmp_path, existing)


def test_slicer_refusal_carries_its_words(tmp_path: Path, prusa: PrusaSlicer) -> None:
    with pytest.raises(SlicerRefusedError, match="G92 E0") as caught:
        slice_model(
            box(10, 10, 10),
            tmp_path / "plate.gcode.3mf",
            printer="P1S",
            slicer=WithoutExtruderReset(prusa),
        )
    assert "PrusaSlicer" in str(caught.value)
    assert "Relative extruder addressing" in caught.value.slicer_message
    assert "[trace]" not in caught.value.slicer_message
    _assert_nothing_left(tmp_path)


def test_unreadable_gcode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SlicerRefusedError, match="Stub slicer wrote G-code HoloMat cannot read"):
        slice_model(
            box(10, 10, 10), tmp_path / "plate.gcode.3mf", printer="A1", slicer=Unreadable()
        )
    _assert_nothing_left(tmp_path)


def test_slicer_timeout_stops_it(tmp_path: Path, prusa: PrusaSlicer) -> None:
    sphere = stl(trimesh.creation.icosphere(3, radius=30.0))
    with pytest.raises(SlicerTimeoutError, match=r"within 0\.05 s") as caught:
        slice_model(sphere, tmp_path / "plate.gcode.3mf", printer="X1C", slicer=prusa, timeout=0.05)
    assert caught.value.status == 504
    _assert_nothing_left(tmp_path)


def test_success_replaces_an_older_file(tmp_path: Path, prusa: PrusaSlicer) -> None:
    destination = tmp_path / "plate.gcode.3mf"
    destination.write_bytes(b"old")
    result = slice_model(box(8, 8, 4), destination, printer="A1 mini", slicer=prusa)
    assert destination.read_bytes()[:2] == b"PK"
    assert result.file_bytes == destination.stat().st_size
    assert [path.name for path in tmp_path.iterdir()] == ["plate.gcode.3mf"]


def test_model_from_a_path(tmp_path: Path, prusa: PrusaSlicer) -> None:
    source = tmp_path / "part.stl"
    source.write_bytes(box(12, 6, 3))
    result = slice_model(source, tmp_path / "part.gcode.3mf", printer="X1E", slicer=prusa)
    assert result.size_mm == pytest.approx((12.0, 6.0, 3.0))
