"""Benchmark image → STL on photos and drawings: segmentation IoU, refusals, thin lines, time.

Not a test: prints figures. Run with the add-on's environment from ``addon/``:

    .venv/bin/python -m bench.photo_quality [--seeds N]

- IoU of the silhouette's subject mask against the truth on N synthetic photos with busy
  backgrounds (``tests/photos.py``: a shaded subject on cluttered, slightly blurred scenes);
- the share of usable photos wrongly refused, and of unusable ones (camouflaged subjects,
  clutter only) refused as they should be;
- the thinnest line of a drawing kept at 80 mm with a 0.4 mm nozzle (every one of the 16
  cells the lines enclose still closed, and at least 90 % of the ink's volume printed);
- time per image for the subject mask and for the whole silhouette job (photo 320x240,
  drawing 800x800).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import cv2
import numpy as np

ADDON = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ADDON))
sys.path.insert(0, str(ADDON / "tests"))

from photos import line_art, synthetic_photo

from holomat_addon.stl.engine import Engine
from holomat_addon.stl.outline import printable_outline
from holomat_addon.stl.params import Params
from holomat_addon.stl.segmentation import USABLE_SCORE, subject_mask

LINE_WIDTHS_MM = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.65, 0.8)


def segmentation(seeds: int) -> None:
    """Print IoU, quality scores, refusal rates and time on the synthetic photo set."""

    ious, scores, times = [], {"distinct": [], "camouflage": [], "no_subject": []}, []
    for kind, kept in scores.items():
        for seed in range(seeds):
            image, truth = synthetic_photo(seed, kind)
            start = time.perf_counter()
            mask, quality = subject_mask(image.convert("RGBA"))
            times.append(time.perf_counter() - start)
            kept.append(quality.score)
            if truth is not None and kind == "distinct":
                ious.append(float((mask & truth).sum() / (mask | truth).sum()))
    print(
        f"segmentation IoU on {seeds} busy-background photos: mean {statistics.mean(ious):.3f}, "
        f"median {statistics.median(ious):.3f}, min {min(ious):.3f}"
    )
    usable = scores["distinct"]
    unusable = scores["camouflage"] + scores["no_subject"]
    wrong = sum(score < USABLE_SCORE for score in usable) / len(usable)
    right = sum(score < USABLE_SCORE for score in unusable) / len(unusable)
    print(
        f"quality score (threshold {USABLE_SCORE}): usable photos min {min(usable):.2f}, "
        f"unusable max {max(unusable):.2f}"
    )
    print(
        f"refusal rate: unusable photos {right:.0%} ({len(unusable)}), "
        f"usable photos {wrong:.0%} ({len(usable)})"
    )
    print(
        f"subject mask time per 320x240 photo: median {statistics.median(times) * 1e3:.0f} ms, "
        f"max {max(times) * 1e3:.0f} ms"
    )


def line_kept(width: float) -> bool:
    """Return whether every line of the drawing survives at 80 mm with a 0.4 mm nozzle."""

    image, _ = line_art(width)
    rgba = image.convert("RGBA")
    mask, _ = subject_mask(rgba)
    grid = printable_outline(mask, 80.0, 0.4)
    count, _ = cv2.connectedComponents((~np.pad(grid, 1)).astype(np.uint8), connectivity=4)
    ink = np.asarray(image.convert("L")) < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    extent = max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1
    area_mm2 = ink.sum() * (80 / extent) ** 2
    params = Params("silhouette", 80.0, 0.0).resolved("silhouette")
    result = Engine().run(rgba, params, lambda _: None, threading.Event())
    return count - 1 >= 17 and result.facts.volume_mm3 >= 0.9 * area_mm2 * 5.0


def thin_lines() -> None:
    """Print the thinnest line width kept (every wider one kept too) and job times."""

    kept = {width: line_kept(width) for width in LINE_WIDTHS_MM}
    thinnest = None
    for width in sorted(kept, reverse=True):
        if not kept[width]:
            break
        thinnest = width
    print(
        "lines kept at 80 mm: "
        + ", ".join(f"{w} mm {'yes' if k else 'no'}" for w, k in kept.items())
    )
    print(f"thinnest line kept at 80 mm (0.4 mm nozzle): {thinnest} mm")


def job_times() -> None:
    """Print the whole silhouette job's time per photo and per drawing (best of 3)."""

    engine = Engine()
    params = Params("silhouette", 80.0, 2.0).resolved("silhouette")
    cases = {
        "photo 320x240": synthetic_photo(0)[0].convert("RGBA"),
        "drawing 800x800": line_art(0.5)[0].convert("RGBA"),
    }
    for name, image in cases.items():
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            engine.run(image, params, lambda _: None, threading.Event())
            best = min(best, time.perf_counter() - start)
        print(f"silhouette job at 80 mm, {name}: {best:.2f} s")


def main() -> None:
    """Run every section."""

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=20, help="synthetic photos of each kind")
    args = parser.parse_args()
    segmentation(args.seeds)
    thin_lines()
    job_times()


if __name__ == "__main__":
    main()
