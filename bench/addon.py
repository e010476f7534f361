"""Run one of the add-on's benchmarks (``addon/bench/``) in the add-on's own environment.

The add-on is a Python 3.11 project (``addon/.venv``, PyTorch's CPU build), so its benchmarks
live with it; the scripts here only start them from the repository root.
"""

from __future__ import annotations

from pathlib import Path
import subprocess
import sys

ADDON = Path(__file__).resolve().parents[1] / "addon"


def run(module: str) -> int:
    """Run ``addon/bench/<module>.py`` with this script's arguments; return its exit status."""
    command = [str(ADDON / ".venv/bin/python"), "-m", f"bench.{module}", *sys.argv[1:]]
    return subprocess.run(command, cwd=ADDON, check=False).returncode
