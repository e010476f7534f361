"""Benchmark the image → STL server under load: peak memory, time to the first 429, RSS drift.

Not a test: prints figures. Run with the add-on's environment from ``addon/``:

    .venv/bin/python -m bench.server_load [--uploads 12] [--jobs 100] [--side 2048]

It starts the real server (``python -m holomat_addon``, default options: queue of 4, one CPU
worker, 15 MB uploads, 16 MP) in its own process on 127.0.0.1 and reads that process's memory
from ``/proc/<pid>/status``:

1. ``--uploads`` clients post a 16 MP JPEG (4000x4000, ≈ 4 MB) to ``POST /jobs`` at once: the
   server's peak resident memory (``VmHWM``) and the time from the start to the first
   ``429 queue_full`` answer;
2. ``--jobs`` conversions of distinct ``--side`` px photographs through ``POST /image2stl``, four
   clients at a time (retrying on 429), each followed by its preview: resident memory (``VmRSS``)
   after the last one.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import math
import socket
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import numpy as np
from PIL import Image

ADDON = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def photo_jpeg(side: int, seed: int) -> bytes:
    """Return a seeded photograph-like JPEG (gradients and noise), ``side`` px square."""

    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:side, 0:side].astype(np.float32) / side
    base = 128 + 80 * np.sin(6 * xx + seed) * np.cos(4 * yy) + rng.normal(0, 12, (side, side))
    gray = np.clip(base, 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(np.stack([gray, gray // 2 + 60, 255 - gray], axis=-1)).save(
        out, format="JPEG", quality=90
    )
    return out.getvalue()


def memory_mb(pid: int, key: str) -> float:
    """Return ``key`` (``VmRSS`` or ``VmHWM``) of process ``pid`` in MiB."""

    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    raise KeyError(key)


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_healthy(session: aiohttp.ClientSession, url: str) -> None:
    """Wait until ``GET /health`` answers."""

    for _ in range(600):
        try:
            async with session.get(f"{url}/health") as resp:
                if resp.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start")


def form(image: bytes) -> aiohttp.FormData:
    """Return the multipart form of one upload."""

    data = aiohttp.FormData()
    data.add_field("image", image, filename="photo.jpg", content_type="image/jpeg")
    return data


async def burst(session: aiohttp.ClientSession, url: str, uploads: int) -> tuple[float, list[int]]:
    """Post ``uploads`` 16 MP images at once; return seconds to the first 429 and the statuses."""

    big = photo_jpeg(4000, 0)
    started = time.perf_counter()
    first_429 = float("nan")

    async def post(i: int) -> int:
        nonlocal first_429
        body = big + bytes(i)  # distinct bytes: no cache hit, same decoded image
        async with session.post(f"{url}/jobs", data=form(body), headers=AUTH) as resp:
            await resp.read()
            if resp.status == 429 and math.isnan(first_429):
                first_429 = time.perf_counter() - started
            return resp.status

    statuses = await asyncio.gather(*(post(i) for i in range(uploads)))
    return first_429, list(statuses)


async def wait_idle(session: aiohttp.ClientSession, url: str) -> None:
    """Wait until no job is queued or running."""

    while True:
        async with session.get(f"{url}/info", headers=AUTH) as resp:
            if (await resp.json())["queue"]["pending"] == 0:
                return
        await asyncio.sleep(0.2)


async def many_jobs(session: aiohttp.ClientSession, url: str, jobs: int, side: int) -> None:
    """Run ``jobs`` distinct conversions, four clients at a time, with their previews."""

    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(jobs):
        queue.put_nowait(i)

    async def client() -> None:
        while not queue.empty():
            i = queue.get_nowait()
            image = photo_jpeg(side, 1000 + i)
            while True:
                async with session.post(f"{url}/jobs", data=form(image), headers=AUTH) as resp:
                    body = await resp.json()
                if resp.status != 429:
                    break
                await asyncio.sleep(0.2)
            job_url = f"{url}/jobs/{body['job_id']}"
            while body["status"] not in ("done", "failed"):
                await asyncio.sleep(0.1)
                async with session.get(job_url, headers=AUTH) as resp:
                    body = await resp.json()
            async with session.get(f"{job_url}/stl", headers=AUTH) as resp:
                await resp.read()
            async with session.get(f"{job_url}/preview.png", headers=AUTH) as resp:
                await resp.read()

    await asyncio.gather(*(client() for _ in range(4)))


async def bench(uploads: int, jobs: int, side: int) -> None:
    """Start the server, run both phases and print the figures."""

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="holomat-bench-") as data_dir:
        command = [sys.executable, "-m", "holomat_addon", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--token", TOKEN, "--data-dir", data_dir]
        command += ["--log-level", "warning", "--options", str(Path(data_dir) / "none.json")]
        process = await asyncio.create_subprocess_exec(*command, cwd=ADDON)
        try:
            timeout = aiohttp.ClientTimeout(total=None)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                await wait_healthy(session, url)
                idle = memory_mb(process.pid, "VmRSS")
                first_429, statuses = await burst(session, url, uploads)
                await wait_idle(session, url)
                peak = memory_mb(process.pid, "VmHWM")
                print(f"server RSS at start:                 {idle:7.0f} MB")
                print(f"peak RSS, {uploads} concurrent 16 MP uploads: {peak:7.0f} MB")
                print(f"time to the first 429:               {first_429:7.2f} s")
                counts = {s: statuses.count(s) for s in sorted(set(statuses))}
                print(f"answers:                             {counts}")
                started = time.perf_counter()
                await many_jobs(session, url, jobs, side)
                elapsed = time.perf_counter() - started
                print(f"{jobs} jobs of {side}x{side} px:             {elapsed:7.1f} s")
                after, peak = memory_mb(process.pid, "VmRSS"), memory_mb(process.pid, "VmHWM")
                print(f"RSS after {jobs} jobs:                  {after:7.0f} MB")
                print(f"peak RSS over the run:               {peak:7.0f} MB")
        finally:
            process.terminate()
            await process.wait()


def main() -> None:
    """Parse the arguments and run the benchmark."""

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uploads", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--side", type=int, default=2048)
    args = parser.parse_args()
    asyncio.run(bench(args.uploads, args.jobs, args.side))


if __name__ == "__main__":
    main()
