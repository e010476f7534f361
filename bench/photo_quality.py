"""Photo quality benchmark (not a test): ``.venv/bin/python -m bench.photo_quality [--help]``.

Runs ``addon/bench/photo_quality.py`` in the add-on's environment: segmentation IoU on synthetic
busy-background photos, refusal rates, the thinnest line kept at 80 mm, time per image.
"""

from __future__ import annotations

import sys

from bench.addon import run

if __name__ == "__main__":
    sys.exit(run("photo_quality"))
