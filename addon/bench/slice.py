"""Benchmark STL → .gcode.3mf: time, file size and the slicer's estimates per printer model.

Not a test: prints a table. Run with the add-on's environment from ``addon/``:

    .venv/bin/python bench/slice.py [--shape sphere|box] [--printers X1C "A1 mini" ...]

The model is 80 mm across: an icosphere (5120 triangles) or an 80 mm cube, sliced with the
installed PrusaSlicer, 0.4 mm nozzle, PLA by default. "slicer" is the slicer's own run;
"total" adds reading, checking and placing the mesh, the thumbnail and the package.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import trimesh

ADDON = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ADDON))

from holomat_addon.slicing import PRINTERS, Slicer, find_slicer, slice_model
from holomat_addon.slicing.settings import SliceSettings


@dataclass
class Timed:
    """A slicer that records how long each of its runs took."""

    inner: Slicer
    seconds: list[float] = field(default_factory=list)

    @property
    def label(self) -> str:
        """Return the inner slicer's label."""
        return self.inner.label

    def slice(self, stl: Path, settings: SliceSettings, workdir: Path, timeout: float) -> str:
        """Slice with the inner slicer and record the time it took."""
        started = time.perf_counter()
        try:
            return self.inner.slice(stl, settings, workdir, timeout)
        finally:
            self.seconds.append(time.perf_counter() - started)


def model(shape: str) -> bytes:
    mesh = (
        trimesh.creation.icosphere(subdivisions=4, radius=40.0)
        if shape == "sphere"
        else trimesh.creation.box((80.0, 80.0, 80.0))
    )
    data = mesh.export(file_type="stl")
    assert isinstance(data, bytes)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shape", choices=("sphere", "box"), default="sphere")
    parser.add_argument("--printers", nargs="*", default=list(PRINTERS))
    parser.add_argument("--nozzle", type=float, default=0.4)
    parser.add_argument("--material", default="PLA")
    args = parser.parse_args()
    slicer = Timed(find_slicer())
    data = model(args.shape)
    print(f"{slicer.label}, 80 mm {args.shape}, {args.nozzle:g} mm nozzle, {args.material}")
    print(f"{'printer':<8} {'total s':>8} {'slicer s':>9} {'file kB':>8} {'print h':>8} {'g':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for printer in args.printers:
            started = time.perf_counter()
            result = slice_model(
                data,
                Path(folder) / "plate.gcode.3mf",
                printer=printer,
                nozzle=args.nozzle,
                material=args.material,
                slicer=slicer,
            )
            total = time.perf_counter() - started
            print(
                f"{printer:<8} {total:>8.1f} {slicer.seconds[-1]:>9.1f} "
                f"{result.file_bytes / 1000:>8.0f} {result.seconds / 3600:>8.2f} "
                f"{result.filament_g:>6.1f}"
            )


if __name__ == "__main__":
    main()
