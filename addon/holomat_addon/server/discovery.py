"""Announce the server to the Home Assistant Supervisor (service ``holomat``)."""

from __future__ import annotations

import logging
import socket

import aiohttp

_LOGGER = logging.getLogger(__name__)


async def announce(supervisor_url: str, supervisor_token: str, port: int, token: str) -> bool:
    """POST ``{"service": "holomat", "config": {host, port, token}}`` to ``/discovery``.

    ``host`` is the container's hostname, which Core resolves on the add-on network.
    Returns whether the Supervisor accepted it; a failure is logged, never raised.
    """

    payload = {
        "service": "holomat",
        "config": {"host": socket.gethostname(), "port": port, "token": token},
    }
    headers = {"Authorization": f"Bearer {supervisor_token}"}
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session,
            session.post(f"{supervisor_url}/discovery", json=payload, headers=headers) as resp,
        ):
            body = await resp.json(content_type=None)
            if resp.status != 200 or body.get("result") != "ok":
                _LOGGER.warning("Supervisor refused the discovery (%s): %s", resp.status, body)
                return False
    except (aiohttp.ClientError, TimeoutError, ValueError) as err:
        _LOGGER.warning("Could not announce the add-on to the Supervisor: %s", err)
        return False
    _LOGGER.info("Announced service holomat to the Supervisor")
    return True
