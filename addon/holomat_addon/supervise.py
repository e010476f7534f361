"""Run the add-on's two servers and keep them up: ``python -m holomat_addon.supervise``.

The container runs the image → STL HTTP server (``python -m holomat_addon``, port 8099) and the
Wyoming voice server (``python -m holomat_addon.voice``, port 10300). This is the container's
main process: it starts both, restarts one that exits with a growing delay (1 s, 2 s, 4 s, ...
up to 30 s; back to 1 s once it has run for ``window`` seconds), forwards SIGTERM/SIGINT to
both (SIGKILL after ``grace`` seconds), and exits 1 when a child exits more than
``max_restarts`` times within ``window`` seconds, so Docker's restart policy or the Supervisor's
watchdog takes over. Each child runs in its own process group, killed when the child ends, so
no ``espeak-ng`` outlives a crashed voice server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from .options import VOICE_PORT, options_path

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Child:
    """A server to keep running: a ``name`` for the log and its command line."""

    name: str
    argv: tuple[str, ...]


@dataclass(frozen=True)
class RestartPolicy:
    """Restart delays and limits, in seconds."""

    first_delay: float = 1.0
    max_delay: float = 30.0
    max_restarts: int = 5
    window: float = 300.0
    grace: float = 10.0


class ChildKeepsDyingError(Exception):
    """A child exited more often than the policy allows."""


class Supervisor:
    """Keep ``children`` running until stopped or until one keeps dying."""

    def __init__(self, children: Sequence[Child], policy: RestartPolicy) -> None:
        """Supervise ``children`` (started in order) with ``policy``."""
        self._children = tuple(children)
        self._policy = policy
        self._stopping = asyncio.Event()
        self._running: dict[str, asyncio.subprocess.Process] = {}

    def stop(self) -> None:
        """Ask every child to stop (SIGTERM) and end ``run``."""
        self._stopping.set()

    async def run(self) -> int:
        """Run until ``stop`` (return 0) or until a child keeps dying (return 1)."""
        keepers = [asyncio.create_task(self._keep(child)) for child in self._children]
        stopping = asyncio.create_task(self._stopping.wait())
        await asyncio.wait([*keepers, stopping], return_when=asyncio.FIRST_COMPLETED)
        self._stopping.set()
        await self._terminate()
        results = await asyncio.gather(*keepers, stopping, return_exceptions=True)
        failed = [err for err in results if isinstance(err, BaseException)]
        for err in failed:
            _LOGGER.error("Giving up: %s", err)
        return 1 if failed else 0

    async def _keep(self, child: Child) -> None:
        """Run ``child`` again each time it exits; raise ``ChildKeepsDyingError`` past the limit."""
        policy = self._policy
        loop = asyncio.get_running_loop()
        exits: deque[float] = deque()
        delay = policy.first_delay
        while not self._stopping.is_set():
            started = loop.time()
            status = await self._run_once(child)
            if self._stopping.is_set():
                return
            now = loop.time()
            if now - started >= policy.window:
                delay = policy.first_delay
            exits.append(now)
            while exits and now - exits[0] > policy.window:
                exits.popleft()
            if len(exits) > policy.max_restarts:
                raise ChildKeepsDyingError(
                    f"{child.name} exited {len(exits)} times in {policy.window:.0f} s "
                    f"(last status {status})"
                )
            _LOGGER.warning("%s exited (%s); restarting in %.1f s", child.name, status, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)
            delay = min(delay * 2, policy.max_delay)

    async def _run_once(self, child: Child) -> str:
        """Start ``child``, wait for it to exit, kill what it left; return how it ended."""
        try:
            process = await asyncio.create_subprocess_exec(*child.argv, start_new_session=True)
        except OSError as err:
            return f"cannot start: {err}"
        self._running[child.name] = process
        _LOGGER.info("Started %s (pid %d)", child.name, process.pid)
        if self._stopping.is_set():
            # Stopped while this child was starting: _terminate did not see it.
            process.send_signal(signal.SIGTERM)
        try:
            code = await process.wait()
        finally:
            del self._running[child.name]
            # The child led its own process group: whatever it started goes with it.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        return f"signal {-code}" if code < 0 else f"exit code {code}"

    async def _terminate(self) -> None:
        """Send SIGTERM to every running child; SIGKILL those still running after ``grace``."""
        processes = list(self._running.values())
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        waits = [asyncio.create_task(process.wait()) for process in processes]
        if not waits:
            return
        _, late = await asyncio.wait(waits, timeout=self._policy.grace)
        for process, wait in zip(processes, waits, strict=True):
            if wait in late:
                _LOGGER.warning("pid %d ignored SIGTERM; killing it", process.pid)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        await asyncio.gather(*waits)


def addon_children(voice_uri: str, discovery: bool) -> list[Child]:
    """Return the add-on's two servers, run with this interpreter.

    The image → STL server reads its options itself (``/data/options.json``, ``HOLOMAT_*``);
    the voice server is given the same options file.
    """
    options = str(options_path(os.environ))
    voice = [sys.executable, "-m", "holomat_addon.voice", "--uri", voice_uri, "--options", options]
    if discovery:
        voice.append("--discovery")
    return [
        Child("image-to-stl", (sys.executable, "-m", "holomat_addon")),
        Child("voice", tuple(voice)),
    ]


def _parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    parser = argparse.ArgumentParser(prog="python -m holomat_addon.supervise", description=__doc__)
    parser.add_argument("--voice-uri", default=f"tcp://0.0.0.0:{VOICE_PORT}")
    parser.add_argument(
        "--no-discovery", action="store_true", help="do not announce the voice server"
    )
    defaults = RestartPolicy()
    parser.add_argument("--first-delay", type=float, default=defaults.first_delay)
    parser.add_argument("--max-delay", type=float, default=defaults.max_delay)
    parser.add_argument("--max-restarts", type=int, default=defaults.max_restarts)
    parser.add_argument("--window", type=float, default=defaults.window)
    parser.add_argument("--grace", type=float, default=defaults.grace)
    return parser


async def supervise(children: Sequence[Child], policy: RestartPolicy) -> int:
    """Run a ``Supervisor`` that SIGTERM and SIGINT stop; return its exit status."""
    supervisor = Supervisor(children, policy)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, supervisor.stop)
    return await supervisor.run()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: exit 0 after SIGTERM, 1 when a server keeps dying."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    policy = RestartPolicy(
        first_delay=args.first_delay,
        max_delay=args.max_delay,
        max_restarts=args.max_restarts,
        window=args.window,
        grace=args.grace,
    )
    sys.exit(asyncio.run(supervise(addon_children(args.voice_uri, not args.no_discovery), policy)))


if __name__ == "__main__":
    main()
