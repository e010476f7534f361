"""``scripts/develop`` on Ctrl-C: each child gets exactly one SIGINT, then the script exits.

The real script runs in a copy of the repository's layout whose ``.venv/bin/python`` is a
stand-in child (this file's ``CHILD``): it plays the printer simulators, the add-on, Home
Assistant and the bootstraps just enough for the script to start them, and records every SIGINT
it receives. The Ctrl-C is what a terminal sends: one SIGINT to the script's whole process group.
"""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import signal
import subprocess
import sys
import time

import pytest

REPOSITORY = Path(__file__).parents[2]
CHILD = """
import os, signal, sys, time
from pathlib import Path

role = "hass" if "scripts/hass.py" in sys.argv else sys.argv[2].rsplit(".", 1)[-1]
record = Path(".dev") / f"{role}.signals"
record.write_text("")

def on_sigint(signum, frame):
    with record.open("a") as signals:
        signals.write("INT\\n")
    global stopping
    stopping = stopping or time.monotonic()

stopping = 0.0
signal.signal(signal.SIGINT, on_sigint)
if role == "devstack":
    Path(".dev/printers.json").write_text("[]")
if role == "addon":
    Path(".dev/addon-ready.json").write_text("{}")
if role in ("ha_bootstrap", "ha_voice"):
    sys.exit(0)
# Stop like Home Assistant: take a while after the first SIGINT (a second one would land here).
while not stopping or time.monotonic() - stopping < 1.0:
    time.sleep(0.05)
"""


def _layout(root: Path) -> None:
    """Copy scripts/develop into ``root`` with stand-ins for everything it starts."""
    (root / "scripts").mkdir()
    shutil.copy(REPOSITORY / "scripts" / "develop", root / "scripts" / "develop")
    (root / "scripts" / "setup").write_text("#!/bin/sh\nexit 0\n")
    (root / "scripts" / "setup").chmod(0o755)
    (root / "holomat_dev").mkdir()
    (root / "holomat_dev" / "ha_configuration.yaml").write_text("")
    (root / "custom_components" / "holomat").mkdir(parents=True)
    (root / ".venv" / "bin").mkdir(parents=True)
    python = root / ".venv" / "bin" / "python"
    python.write_text(f"#!{sys.executable}\n{CHILD}")
    python.chmod(0o755)


@pytest.mark.usefixtures("ctrl_c_reaches_children")
def test_ctrl_c_reaches_each_child_once(tmp_path: Path) -> None:
    _layout(tmp_path)
    log = tmp_path / "develop.log"
    with log.open("w") as output:
        script = subprocess.Popen(
            ["bash", str(tmp_path / "scripts" / "develop")],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a shell's foreground job
        )
    deadline = time.monotonic() + 30
    while "HoloMat is running" not in log.read_text():
        assert script.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)

    os.killpg(script.pid, signal.SIGINT)  # Ctrl-C
    assert script.wait(timeout=30) == 130
    dev = tmp_path / ".dev"
    assert (dev / "hass.signals").read_text() == "INT\n"
    assert (dev / "devstack.signals").read_text() == "INT\n"
    assert (dev / "addon.signals").read_text() == "INT\n"
    assert "Stopped in" in log.read_text()
