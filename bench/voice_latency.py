"""Voice latency benchmark (not a test): ``.venv/bin/python -m bench.voice_latency [--runs 20]``.

Runs ``addon/bench/voice_latency.py`` in the add-on's environment. HoloMat's integration adds
nothing per utterance (it only builds the pipeline), so the Wyoming server's share is HoloMat's
whole share.
"""

from __future__ import annotations

import sys

from bench.addon import run

if __name__ == "__main__":
    sys.exit(run("voice_latency"))
