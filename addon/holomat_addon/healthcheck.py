"""The image's ``HEALTHCHECK``: ``python -m holomat_addon.healthcheck`` checks BOTH servers.

Exit 0 when the image → STL server answers ``GET /health`` with 200 and the Wyoming voice server
answers ``describe`` with ``info``, each within a second (the Wyoming add-ons' convention);
otherwise exit 1 and say which failed (Docker keeps the output in ``docker inspect``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence

import aiohttp

from .options import STL_PORT, VOICE_PORT
from .voice.health import check as voice_answers

ANSWER_WITHIN = 1.0


async def stl_answers(url: str) -> bool:
    """Return whether ``GET url`` answers 200 within ``ANSWER_WITHIN`` s."""
    timeout = aiohttp.ClientTimeout(total=ANSWER_WITHIN)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url) as resp:
            return resp.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False


async def failures(stl_url: str, voice_uri: str) -> list[str]:
    """Return what is unhealthy (empty when both servers answer)."""
    stl, voice = await asyncio.gather(stl_answers(stl_url), voice_answers(voice_uri))
    problems = []
    if not stl:
        problems.append(f"image to STL server: no answer at {stl_url}")
    if not voice:
        problems.append(f"voice server: no Wyoming info from {voice_uri}")
    return problems


def main(argv: Sequence[str] | None = None) -> None:
    """Exit 0 if both servers are healthy, 1 if not."""
    port = os.environ.get("HOLOMAT_PORT", str(STL_PORT))
    parser = argparse.ArgumentParser(prog="python -m holomat_addon.healthcheck")
    parser.add_argument("--stl-url", default=f"http://127.0.0.1:{port}/health")
    parser.add_argument("--voice-uri", default=f"tcp://127.0.0.1:{VOICE_PORT}")
    args = parser.parse_args(argv)
    problems = asyncio.run(failures(args.stl_url, args.voice_uri))
    for problem in problems:
        print(problem, file=sys.stderr)  # noqa: T201 -- Docker keeps it for docker inspect
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
