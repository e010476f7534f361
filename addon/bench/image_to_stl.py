"""Benchmark image → STL: time, peak memory, triangles and STL size per method and input size.

Not a test: prints a table. Run with the add-on's environment from ``addon/``:

    .venv/bin/python bench/image_to_stl.py [--hunyuan MODELS_DIR MODEL_PATH SUBFOLDER | --tiny]

``--hunyuan`` times real weights (octree 128, 256, 384 by default; meant for a GPU host);
``--tiny`` builds the tests' tiny random-weight checkpoint and times the pipeline's own cost
on CPU (2 steps; sampling, volume decoding, marching cubes, repair), not a real model's.

Each case runs in a fresh process so that its peak resident memory (``ru_maxrss``) is its own;
the "RSS" figure includes the interpreter and libraries, the "job" column is the peak of the
conversion alone (Python heap via tracemalloc, numpy included; not torch's). Inputs are a seeded
photograph-like image (smooth gradients + noise), with a cut-out subject for ``silhouette``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ADDON = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ADDON))

from holomat_addon.stl.engine import Engine
from holomat_addon.stl.params import Params

SIDES = (256, 512, 1024)
REPEATS = 5


def make_image(side: int, cut_out: bool) -> Image.Image:
    """Return a seeded test image: gradients and noise, or a disc and bar on transparency."""

    rng = np.random.default_rng(side)
    yy, xx = np.mgrid[0:side, 0:side] / side
    base = 128 + 80 * np.sin(6 * xx) * np.cos(4 * yy) + rng.normal(0, 20, (side, side))
    gray = np.clip(base, 0, 255).astype(np.uint8)
    image = Image.fromarray(np.stack([gray] * 3, axis=-1)).convert("RGBA")
    if cut_out:
        mask = Image.new("L", (side, side), 0)
        draw = ImageDraw.Draw(mask)
        draw.ellipse((side * 0.1, side * 0.1, side * 0.6, side * 0.6), fill=255)
        draw.rectangle((side * 0.5, side * 0.3, side * 0.9, side * 0.45), fill=255)
        image.putalpha(mask)
    return image


def peak_rss_mb() -> float:
    """Return this process's peak resident memory (VmHWM; ru_maxrss survives exec on Linux)."""

    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(method: str, side: int, engine: Engine) -> dict[str, float | int | str]:
    """Time one method on one input size (best of REPEATS) and measure its peak heap."""

    image = make_image(side, cut_out=method in ("silhouette", "hunyuan3d"))
    params = Params(method=method).resolved(method)
    cancel = threading.Event()
    repeats = REPEATS if method != "hunyuan3d" else 1
    engine.run(image, params, lambda _: None, cancel)  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = engine.run(image, params, lambda _: None, cancel)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    if method != "hunyuan3d":  # torch's memory is outside tracemalloc's view anyway
        engine.run(image, params, lambda _: None, cancel)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "method": method,
        "side": side,
        "best_s": min(times),
        "median_s": sorted(times)[len(times) // 2],
        "job_peak_mb": peak / 2**20,
        "rss_peak_mb": peak_rss_mb(),
        "triangles": result.facts.triangles,
        "stl_mb": len(result.stl) / 2**20,
    }


def child(method: str, side: int, hunyuan: list[str] | None) -> None:
    """Run one case in this process and print it as JSON."""

    engine = Engine()
    if hunyuan:
        import os

        from holomat_addon.options import Options
        from holomat_addon.stl.hunyuan import HunyuanShapeModel

        os.environ["HY3DGEN_MODELS"] = hunyuan[0]
        octree = int(hunyuan[3])
        model = HunyuanShapeModel.load(
            Options(
                hunyuan3d_accept_license=True,
                hunyuan3d_model_path=hunyuan[1],
                hunyuan3d_subfolder=hunyuan[2],
                hunyuan3d_octree_resolution=octree,
                hunyuan3d_steps=2 if "tiny" in hunyuan[1] else Options().hunyuan3d_steps,
            )
        )
        engine = Engine(model)
    print(json.dumps(run_case(method, side, engine)))


def main() -> None:
    """Run every case in its own process and print the table."""

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", nargs=2, metavar=("METHOD", "SIDE"), help=argparse.SUPPRESS)
    parser.add_argument("--hunyuan", nargs=3, metavar=("MODELS_DIR", "MODEL_PATH", "SUBFOLDER"))
    parser.add_argument("--octree", type=int, nargs="*", default=[128, 256, 384])
    parser.add_argument("--tiny", action="store_true", help="time the tiny random checkpoint")
    args = parser.parse_args()
    if args.tiny and not args.case:
        sys.path.insert(0, str(ADDON / "tests"))
        from tiny_hunyuan import MODEL_PATH, SUBFOLDER, build_tiny_checkpoint

        models = Path(tempfile.mkdtemp(prefix="holomat-tiny-"))
        build_tiny_checkpoint(models)
        args.hunyuan = [str(models), MODEL_PATH, SUBFOLDER]
        if args.octree == [128, 256, 384]:
            args.octree = [32, 64, 128]
    if args.case:
        extra = [*args.hunyuan, str(args.octree[0])] if args.hunyuan else None
        child(args.case[0], int(args.case[1]), extra)
        return
    cases: list[tuple[str, int, list[str]]] = [
        (method, side, []) for method in ("relief", "silhouette") for side in SIDES
    ]
    if args.hunyuan:
        cases += [
            ("hunyuan3d", 512, ["--hunyuan", *args.hunyuan, "--octree", str(octree)])
            for octree in args.octree
        ]
    print(
        f"{'method':<14} {'input':>9} {'best s':>7} {'median s':>8} {'job MB':>7} "
        f"{'RSS MB':>7} {'triangles':>10} {'STL MB':>7}"
    )
    for method, side, extra in cases:
        out = subprocess.run(
            [sys.executable, __file__, "--case", method, str(side), *extra],
            check=True,
            capture_output=True,
            text=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        label = row["method"] + (f"@{extra[-1]}" if extra else "")
        print(
            f"{label:<14} {side:>4}x{side:<4} {row['best_s']:>7.3f} {row['median_s']:>8.3f} "
            f"{row['job_peak_mb']:>7.1f} {row['rss_peak_mb']:>7.1f} {row['triangles']:>10} "
            f"{row['stl_mb']:>7.2f}"
        )


if __name__ == "__main__":
    main()
