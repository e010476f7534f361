"""Add-on server under load (not a test): ``.venv/bin/python -m bench.server_load [--help]``.

Runs ``addon/bench/server_load.py`` in the add-on's environment: peak RSS with 12 concurrent
16 MP uploads, the time to the first 429, and RSS after 100 jobs.
"""

from __future__ import annotations

import sys

from bench.addon import run

if __name__ == "__main__":
    sys.exit(run("server_load"))
