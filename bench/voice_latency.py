"""Voice latency benchmark (not a test): runs addon/bench/voice_latency.py in the add-on's env.

The Wyoming server is the add-on's (Python 3.11, ``addon/.venv``), so the measurement lives in
``addon/bench/``; this wrapper only starts it: ``python bench/voice_latency.py [--runs 20]``.
HoloMat's integration adds nothing per utterance (it only builds the pipeline), so the server's
share is HoloMat's whole share.
"""

from __future__ import annotations

from pathlib import Path
import subprocess
import sys

ADDON = Path(__file__).resolve().parents[1] / "addon"


def main() -> int:
    """Run the add-on's benchmark with this script's arguments; return its exit status."""
    command = [str(ADDON / ".venv/bin/python"), "-m", "bench.voice_latency", *sys.argv[1:]]
    return subprocess.run(command, cwd=ADDON, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
