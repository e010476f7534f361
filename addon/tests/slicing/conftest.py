"""Shared pieces of the slicing tests: generated meshes and the real PrusaSlicer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import trimesh

from holomat_addon.slicing import PrusaSlicer


def stl(mesh: trimesh.Trimesh) -> bytes:
    """Return ``mesh`` as binary STL bytes."""

    data = mesh.export(file_type="stl")
    assert isinstance(data, bytes)
    return data


def box(x: float, y: float, z: float) -> bytes:
    """Return an x x y x z mm box as STL bytes."""

    return stl(trimesh.creation.box((x, y, z)))


@pytest.fixture(scope="session")
def prusa() -> PrusaSlicer:
    """Return the real PrusaSlicer on this host (scripts/setup installs Debian's)."""

    found = shutil.which("prusa-slicer")
    if found is None:
        pytest.fail("prusa-slicer is not installed: run scripts/setup")
    return PrusaSlicer(Path(found))
