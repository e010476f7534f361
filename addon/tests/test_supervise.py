"""The container's main process: both servers started, crashed ones restarted, SIGTERM passed on."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from holomat_addon.healthcheck import failures
from holomat_addon.supervise import Child, RestartPolicy, Supervisor

FAST = RestartPolicy(first_delay=0.05, max_delay=0.2, max_restarts=3, window=60, grace=2)


def script(code: str) -> tuple[str, ...]:
    """Return the command line running ``code`` in a fresh Python."""
    return (sys.executable, "-c", code)


def lines(path: Path) -> list[str]:
    """Return the lines written so far (none if the file is not there yet)."""
    return path.read_text().splitlines() if path.exists() else []


def alive(pid: int) -> bool:
    """Return whether ``pid`` runs (a zombie waiting for its reaper counts as dead)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


async def wait_for(condition: Callable[[], bool], within: float = 30) -> None:
    """Wait until ``condition()`` is true."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 -- polls files and /proc
            await asyncio.sleep(0.05)


async def test_child_that_keeps_dying_ends_with_status_1(tmp_path: Path) -> None:
    """A child exiting at once is restarted with backoff, then the supervisor gives up with 1."""
    runs = tmp_path / "runs"
    dying = Child("dying", script(f"open({str(runs)!r}, 'a').write('run\\n'); raise SystemExit(3)"))
    steady = Child("steady", script("import time; time.sleep(60)"))
    status = await Supervisor([dying, steady], FAST).run()
    assert status == 1
    assert len(lines(runs)) == FAST.max_restarts + 1


async def test_crashed_child_restarted_and_sigterm_forwarded(tmp_path: Path) -> None:
    """A child that crashes twice runs again; stop() sends SIGTERM to every child and ends 0."""
    runs, terms = tmp_path / "runs", tmp_path / "terms"
    code = f"""
import signal, sys, time
runs = open({str(runs)!r}, 'a'); runs.write('run\\n'); runs.close()
def term(*_):
    open({str(terms)!r}, 'a').write('term\\n'); sys.exit(0)
signal.signal(signal.SIGTERM, term)
if len(open({str(runs)!r}).read().splitlines()) < 3:
    raise SystemExit(1)
time.sleep(60)
"""
    supervisor = Supervisor([Child("flaky", script(code))], FAST)
    task = asyncio.create_task(supervisor.run())
    await wait_for(lambda: len(lines(runs)) == 3)
    await asyncio.sleep(0.3)  # installed its SIGTERM handler
    supervisor.stop()
    assert await task == 0
    assert lines(terms) == ["term"]


async def test_child_ignoring_sigterm_killed_after_grace(tmp_path: Path) -> None:
    """A child that ignores SIGTERM is killed once the grace period is over."""
    ready = tmp_path / "ready"
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        f"open({str(ready)!r}, 'w').close(); time.sleep(60)"
    )
    policy = RestartPolicy(grace=0.3)
    supervisor = Supervisor([Child("stubborn", script(code))], policy)
    task = asyncio.create_task(supervisor.run())
    await wait_for(ready.exists)
    supervisor.stop()
    assert await asyncio.wait_for(task, 10) == 0


async def test_what_a_dead_child_started_is_killed(tmp_path: Path) -> None:
    """A crashed child's own children (an espeak-ng, say) do not outlive it."""
    pids = tmp_path / "pids"
    code = (
        "import subprocess; "
        "p = subprocess.Popen(['sleep', '60']); "
        f"open({str(pids)!r}, 'a').write(f'{{p.pid}}\\n'); raise SystemExit(1)"
    )
    policy = RestartPolicy(first_delay=5, max_restarts=3, window=60)
    supervisor = Supervisor([Child("leaky", script(code))], policy)
    task = asyncio.create_task(supervisor.run())
    await wait_for(lambda: len(lines(pids)) == 1)
    grandchild = int(lines(pids)[0])
    await wait_for(lambda: not alive(grandchild), within=5)
    supervisor.stop()
    assert await task == 0


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children_of(pid: int, module: str) -> list[int]:
    """Return the processes started by ``pid`` whose command line runs ``module``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            cmdline = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(text[text.rindex(")") + 2 :].split()[1]) == pid and module.encode() in cmdline:
            found.append(int(stat.parent.name))
    return found


async def healthy(stl_url: str, voice_uri: str) -> bool:
    """Run the image's HEALTHCHECK command; return whether it passed."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "holomat_addon.healthcheck",
        "--stl-url",
        stl_url,
        "--voice-uri",
        voice_uri,
        stderr=asyncio.subprocess.DEVNULL,
    )
    return await process.wait() == 0


async def wait_healthy(stl_url: str, voice_uri: str) -> None:
    """Wait until the health check passes."""
    async with asyncio.timeout(60):
        while not await healthy(stl_url, voice_uri):  # noqa: ASYNC110 -- polls the servers
            await asyncio.sleep(0.2)


async def test_addon_supervised_end_to_end(tmp_path: Path) -> None:
    """The real entry point runs both servers; a killed voice server comes back; SIGTERM ends 0."""
    stl_port, voice_port = free_port(), free_port()
    stl_url = f"http://127.0.0.1:{stl_port}/health"
    voice_uri = f"tcp://127.0.0.1:{voice_port}"
    env = {
        **os.environ,
        "HOLOMAT_HOST": "127.0.0.1",
        "HOLOMAT_PORT": str(stl_port),
        "HOLOMAT_DATA_DIR": str(tmp_path),
        "HOLOMAT_OPTIONS": str(tmp_path / "options.json"),
    }
    env.pop("SUPERVISOR_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "holomat_addon.supervise",
        "--voice-uri",
        voice_uri,
        "--no-discovery",
        "--first-delay",
        "0.2",
        env=env,
    )
    try:
        await wait_healthy(stl_url, voice_uri)
        assert not await failures(stl_url, voice_uri)
        (voice,) = children_of(process.pid, "holomat_addon.voice")
        os.kill(voice, signal.SIGKILL)
        await wait_for(lambda: children_of(process.pid, "holomat_addon.voice") not in ([], [voice]))
        await wait_healthy(stl_url, voice_uri)
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 30) == 0
        assert children_of(process.pid, "holomat_addon") == []
        assert await failures(stl_url, voice_uri) == [
            f"image to STL server: no answer at {stl_url}",
            f"voice server: no Wyoming info from {voice_uri}",
        ]
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_healthcheck_needs_both(tmp_path: Path) -> None:
    """An answering image to STL server is not enough: the voice port must answer too."""

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_get("/health", health)
    runner = web.AppRunner(app)
    await runner.setup()
    port, voice_port = free_port(), free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        stl_url, voice_uri = f"http://127.0.0.1:{port}/health", f"tcp://127.0.0.1:{voice_port}"
        assert await failures(stl_url, voice_uri) == [
            f"voice server: no Wyoming info from {voice_uri}"
        ]
        assert not await healthy(stl_url, voice_uri)
    finally:
        await runner.cleanup()
