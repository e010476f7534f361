"""Image → STL benchmark (not a test): ``.venv/bin/python -m bench.image_to_stl [--help]``.

Runs ``addon/bench/image_to_stl.py`` in the add-on's environment: time and peak memory per method
for 256², 512² and 1024² inputs, triangle counts and STL sizes.
"""

from __future__ import annotations

import sys

from bench.addon import run

if __name__ == "__main__":
    sys.exit(run("image_to_stl"))
