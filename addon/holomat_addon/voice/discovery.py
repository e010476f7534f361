"""Announce the Wyoming server to the Home Assistant Supervisor (add-on discovery).

Wire format from the Supervisor's add-on communication docs: ``POST {supervisor}/discovery`` with
``Authorization: Bearer $SUPERVISOR_TOKEN`` and ``{"service": "wyoming", "config": {"uri":
"tcp://<hostname>:<port>"}}``; the service must be listed under ``discovery:`` in config.yaml or
the Supervisor answers 403. HA's core ``wyoming`` integration then offers to add the server.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

import aiohttp

_LOGGER = logging.getLogger(__name__)
SUPERVISOR_URL = "http://supervisor"


async def announce(
    session: aiohttp.ClientSession,
    token: str,
    port: int,
    *,
    supervisor_url: str = SUPERVISOR_URL,
    hostname: str | None = None,
) -> bool:
    """Announce ``tcp://<hostname>:<port>`` as a ``wyoming`` service; return whether it worked.

    Failures are logged, never raised: the server keeps serving clients that know its address.
    """
    config: dict[str, Any] = {"uri": f"tcp://{hostname or socket.gethostname()}:{port}"}
    try:
        async with session.post(
            f"{supervisor_url}/discovery",
            json={"service": "wyoming", "config": config},
            headers={"Authorization": f"Bearer {token}"},
            timeout=aiohttp.ClientTimeout(total=10),
        ) as response:
            if response.status >= 400:
                _LOGGER.error(
                    "Supervisor refused the Wyoming discovery (HTTP %s): %s",
                    response.status,
                    await response.text(),
                )
                return False
    except (aiohttp.ClientError, TimeoutError) as err:
        _LOGGER.error("Cannot announce the Wyoming server to the Supervisor: %s", err)
        return False
    _LOGGER.info("Announced Wyoming server %s to the Supervisor", config["uri"])
    return True
