"""Health check: ``python -m holomat_addon.voice.health [uri]`` exits 0 if ``describe`` works.

For the image's ``HEALTHCHECK`` (the Wyoming convention: a server is healthy when it describes
itself within a second).
"""

from __future__ import annotations

import asyncio
import sys

from wyoming.client import AsyncClient
from wyoming.info import Describe, Info

from ..options import VOICE_PORT

ANSWER_WITHIN = 1.0


async def check(uri: str) -> bool:
    """Return whether the server at ``uri`` answers ``describe`` within ``ANSWER_WITHIN`` s."""
    try:
        async with asyncio.timeout(ANSWER_WITHIN), AsyncClient.from_uri(uri) as client:
            await client.write_event(Describe().event())
            while (event := await client.read_event()) is not None:
                if Info.is_type(event.type):
                    return True
    except (OSError, TimeoutError):
        return False
    return False


def main() -> None:
    """Exit 0 if healthy, 1 if not."""
    uri = sys.argv[1] if len(sys.argv) > 1 else f"tcp://127.0.0.1:{VOICE_PORT}"
    sys.exit(0 if asyncio.run(check(uri)) else 1)


if __name__ == "__main__":
    main()
