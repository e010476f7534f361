"""Offline STT accuracy benchmark (not a test): ``.venv/bin/python -m bench.stt_accuracy``.

Runs ``addon/bench/stt_accuracy.py`` in the add-on's environment: exact intent on grammar
sentences at each lead-in, right action on paraphrases, wrong control commands on out-of-grammar
speech and on JARVIS replies, decode time per utterance, on an espeak-ng corpus in 10 dB noise.
"""

from __future__ import annotations

import sys

from bench.addon import run

if __name__ == "__main__":
    sys.exit(run("stt_accuracy"))
