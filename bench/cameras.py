"""Benchmark: Home Assistant's CPU and memory with three printer cameras watched, first frames.

Run from the repository root (not a test; it prints figures)::

    .venv/bin/python -m bench.cameras [--minutes 10] [--idle-minutes 1]

Starts a whole workshop (``holomat_dev.workshop``: a real Home Assistant with ``stream``, the
simulated X1C, P1S and A1 printing, each serving its camera: RTSPS from GStreamer for the X1C,
JPEG frames over TLS for the P1S and A1). Then:

- time to first frame, each camera cold (no connection open): a still
  (``/api/camera_proxy``), the first frame of the MJPEG stream (P1/A1), the first HLS segment
  (X1C, through Home Assistant's ``stream``);
- Home Assistant's CPU (its process's user + system time) and RSS (``/proc``), sampled every
  10 s: ``--idle-minutes`` with nobody watching, then ``--minutes`` with all three watched at
  once as a dashboard does (MJPEG for the P1S and A1, HLS playlist and segments for the X1C).
  RSS is reported at the start, the end and its highest, to show it stays flat.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
import os
from pathlib import Path
import re
import tempfile
import time

import aiohttp

from holomat_dev.workshop import Workshop, running_workshop
from holomat_dev.workshop_setup import websocket_commands

SAMPLE_S = 10.0
IDLE_OUT_S = 70.0  # s: HA's stream ends 30 s after its last request (60 s after a still)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SEGMENT = re.compile(r"^(?!#)(\S+)$", re.MULTILINE)


@dataclass
class Usage:
    """CPU seconds and RSS (MiB) samples of one process."""

    pid: int
    samples: list[tuple[float, float, float]] = field(default_factory=list)  # t, cpu s, rss

    def sample(self) -> None:
        """Read the process's CPU time and RSS now."""
        stat = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(stat[11]) + int(stat[12])) / CLOCK_TICKS  # utime + stime
        status = Path(f"/proc/{self.pid}/status").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+) kB", status)[1]) / 1024  # type: ignore[index]
        self.samples.append((time.monotonic(), cpu, rss))

    def report(self, label: str) -> str:
        """Return the average CPU (% of one core) and RSS start / end / max of the samples."""
        (t0, cpu0, rss0), (t1, cpu1, rss1) = self.samples[0], self.samples[-1]
        peak = max(rss for _, _, rss in self.samples)
        minutes = [rss for t, _, rss in self.samples if (t - t0) % 60 < SAMPLE_S]
        return (
            f"{label}: {t1 - t0:.0f} s, CPU {100 * (cpu1 - cpu0) / (t1 - t0):.1f} % of a core, "
            f"RSS {rss0:.1f} MiB at start, {rss1:.1f} at end, {peak:.1f} at most; "
            f"each minute: {', '.join(f'{rss:.0f}' for rss in minutes)} MiB"
        )


async def sample_for(usage: Usage, seconds: float) -> None:
    """Sample ``usage`` every ``SAMPLE_S`` for ``seconds``."""
    deadline = time.monotonic() + seconds
    usage.sample()
    while time.monotonic() < deadline:
        await asyncio.sleep(min(SAMPLE_S, max(0.0, deadline - time.monotonic())))
        usage.sample()


async def cameras(session: aiohttp.ClientSession, workshop: Workshop) -> dict[str, str]:
    """Return the camera entity of each printer model (X1C, P1S, A1)."""
    [entities] = await websocket_commands(
        session, workshop.url, workshop.token, [{"type": "config/entity_registry/list"}]
    )
    found = {}
    for entity in entities:
        if entity["platform"] == "holomat" and entity["entity_id"].startswith("camera."):
            model = next(
                p["model"] for p in workshop.printers if entity["unique_id"].startswith(p["serial"])
            )
            found[model] = entity["entity_id"]
    return found


async def read_mjpeg(response: aiohttp.ClientResponse) -> bytes:
    """Read one part of an MJPEG stream; return its JPEG."""
    head = await response.content.readuntil(b"\r\n\r\n")
    length = int(re.search(rb"Content-Length: (\d+)", head)[1])  # type: ignore[index]
    jpeg = await response.content.readexactly(length)
    await response.content.readexactly(2)
    return jpeg


async def hls_url(session: aiohttp.ClientSession, workshop: Workshop, entity_id: str) -> str:
    """Ask Home Assistant for the camera's HLS stream, as the frontend does."""
    [answer] = await websocket_commands(
        session, workshop.url, workshop.token, [{"type": "camera/stream", "entity_id": entity_id}]
    )
    return f"{workshop.url}{answer['url']}"


async def watch_hls(session: aiohttp.ClientSession, master: str, until: float) -> int:
    """Play an HLS stream like a player (playlist each second, each new segment); return them.

    Plays at least until the first segment came, then until ``until``.
    """
    async with session.get(master) as response:
        playlist_path = SEGMENT.findall(await response.text())[0]
    playlist = master.rsplit("/", 1)[0] + "/" + playlist_path
    fetched: set[str] = set()
    while not fetched or time.monotonic() < until:
        async with session.get(playlist) as response:
            text = await response.text()
        for segment in SEGMENT.findall(text):
            if segment not in fetched:
                fetched.add(segment)
                async with session.get(playlist.rsplit("/", 1)[0] + "/" + segment) as part:
                    await part.read()
        if not fetched or time.monotonic() < until:
            await asyncio.sleep(0.2 if not fetched else 1)
    return len(fetched)


async def watch_mjpeg(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str], until: float
) -> int:
    """Watch an MJPEG stream until ``until``; return the frames received."""
    frames = 0
    async with session.get(url, headers=headers) as response:
        while time.monotonic() < until:
            await read_mjpeg(response)
            frames += 1
    return frames


async def timed(label: str, action: Callable[[], Awaitable[object]]) -> None:
    """Print how long ``action`` took."""
    started = time.perf_counter()
    await action()
    print(f"{label}: {time.perf_counter() - started:.2f} s")


async def first_frames(
    session: aiohttp.ClientSession, workshop: Workshop, ids: dict[str, str]
) -> None:
    """Print the time to the first still, MJPEG frame and HLS segment of each cold camera."""
    headers = {"Authorization": f"Bearer {workshop.token}"}
    for model, entity_id in sorted(ids.items()):

        async def still(entity_id: str = entity_id) -> None:
            async with session.get(
                f"{workshop.url}/api/camera_proxy/{entity_id}", headers=headers
            ) as response:
                assert response.status == 200, response.status
                await response.read()

        await timed(f"{model} still, camera cold", still)
        await asyncio.sleep(IDLE_OUT_S)  # the connection (JPEG) or stream (HLS) idles out
        if model == "X1C":

            async def first_segment(entity_id: str = entity_id) -> None:
                await watch_hls(
                    session, await hls_url(session, workshop, entity_id), time.monotonic()
                )

            await timed(f"{model} first HLS segment, camera cold", first_segment)
        else:

            async def first_mjpeg(entity_id: str = entity_id) -> None:
                url = f"{workshop.url}/api/camera_proxy_stream/{entity_id}"
                async with session.get(url, headers=headers) as response:
                    await read_mjpeg(response)

            await timed(f"{model} first MJPEG frame, camera cold", first_mjpeg)


async def run(workshop: Workshop, minutes: float, idle_minutes: float) -> None:
    """Measure first frames, then Home Assistant idle and with the three cameras watched."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None)) as session:
        ids = await cameras(session, workshop)
        await first_frames(session, workshop, ids)
        await asyncio.sleep(IDLE_OUT_S)
        idle = Usage(workshop.hass_pid)
        await sample_for(idle, idle_minutes * 60)
        print(idle.report("nobody watching"))
        headers = {"Authorization": f"Bearer {workshop.token}"}
        watched = Usage(workshop.hass_pid)
        until = time.monotonic() + minutes * 60
        viewers = [
            watch_hls(session, await hls_url(session, workshop, ids["X1C"]), until),
            *(
                watch_mjpeg(
                    session, f"{workshop.url}/api/camera_proxy_stream/{ids[model]}", headers, until
                )
                for model in ("P1S", "A1")
            ),
        ]
        counts = await asyncio.gather(sample_for(watched, minutes * 60), *viewers)
        print(watched.report("three cameras watched"))
        x1c, p1s, a1 = counts[1:]
        print(f"received: X1C {x1c} HLS segments, P1S {p1s} and A1 {a1} JPEG frames")


def main() -> None:
    """Start the workshop, measure, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--idle-minutes", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, running_workshop(Path(folder)) as workshop:
        print(f"workshop started in {workshop.timings['start_s']:.1f} s")
        asyncio.run(run(workshop, args.minutes, args.idle_minutes))


if __name__ == "__main__":
    main()
