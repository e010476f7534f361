"""Benchmark: how ``scripts/develop`` stops on Ctrl-C.

Run from the repository root (not a test; it prints figures)::

    .venv/bin/python -m bench.develop_stop [--runs 2]

Starts ``scripts/develop`` in its own process group, as a shell starts a foreground job, waits
until it says HoloMat is running, then sends one SIGINT to that whole group, which is what a
terminal does on Ctrl-C. Printed per run: the seconds from Ctrl-C until the script exits, its
exit status, the tracebacks and KeyboardInterrupts it printed (a second SIGINT interrupts Home
Assistant's stop), and whether Home Assistant saved its state on the way out
(``.dev/config/.storage/core.restore_state`` written after Ctrl-C). Uses port 8123 and
``.dev/`` like ``scripts/develop`` itself: run it while no other ``scripts/develop`` runs.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
import signal
import subprocess
import sys
import tempfile
import time
from typing import IO

READY = "HoloMat is running"
RESTORE_STATE = Path(".dev/config/.storage/core.restore_state")


def run_once(timeout_s: float = 600.0) -> dict[str, object]:
    """Start scripts/develop, press Ctrl-C once it runs; return what the stop looked like."""
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            ["scripts/develop"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout_s
        while READY not in _read(log):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"scripts/develop did not start:\n{_read(log)[-3000:]}")
            time.sleep(0.5)
        time.sleep(5)  # let the printers report and HA settle, as after a real start
        pressed = time.time()
        os.killpg(process.pid, signal.SIGINT)
        try:
            status = process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            status = process.wait()
        stop_s = time.time() - pressed
        output = _read(log)
    saved = RESTORE_STATE.exists() and RESTORE_STATE.stat().st_mtime >= pressed
    return {
        "stop_s": round(stop_s, 2),
        "exit_status": status,
        "tracebacks": output.count("Traceback (most recent call last)"),
        "KeyboardInterrupt": output.count("KeyboardInterrupt"),
        "state_saved": saved,
    }


def _read(log: IO[str]) -> str:
    """Return everything written to ``log`` so far."""
    log.seek(0)
    return log.read()


def main() -> None:
    """Run the benchmark and print one line per run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    for run in range(1, args.runs + 1):
        result = run_once()
        print(f"run {run}: " + ", ".join(f"{k} {v}" for k, v in result.items()))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
