"""Announce one of the add-on's services to the Home Assistant Supervisor (add-on discovery).

Wire format from the Supervisor's add-on communication docs: ``POST {supervisor}/discovery`` with
``Authorization: Bearer $SUPERVISOR_TOKEN`` and ``{"service": <name>, "config": {...}}``, answered
``{"result": "ok", "data": {"uuid": ...}}``; the service must be listed under ``discovery:`` in
config.yaml or the Supervisor answers 403. Home Assistant then offers the matching integration:
``holomat`` (config ``{host, port, token}``: HoloMat's 3D model server) or ``wyoming`` (config
``{uri: "tcp://<host>:<port>"}``: HA's core Wyoming integration). Announce only once the port
answers: HA connects as soon as it hears.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import aiohttp

_LOGGER = logging.getLogger(__name__)
ANSWER_WITHIN = 15.0


async def announce(
    supervisor_url: str, supervisor_token: str, service: str, config: Mapping[str, Any]
) -> bool:
    """Announce ``service`` with ``config``; return whether the Supervisor accepted it.

    A refusal or an unreachable Supervisor (no answer within ``ANSWER_WITHIN`` s) is logged as a
    warning, never raised: the server keeps serving clients that know its address.
    """

    payload = {"service": service, "config": dict(config)}
    headers = {"Authorization": f"Bearer {supervisor_token}"}
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=ANSWER_WITHIN)) as session,
            session.post(f"{supervisor_url}/discovery", json=payload, headers=headers) as resp,
        ):
            body = await resp.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as err:
        _LOGGER.warning("Could not announce service %s to the Supervisor: %s", service, err)
        return False
    if resp.status != 200 or not isinstance(body, dict) or body.get("result") != "ok":
        _LOGGER.warning("Supervisor refused service %s (HTTP %s): %s", service, resp.status, body)
        return False
    _LOGGER.info("Announced service %s to the Supervisor", service)
    return True
