"""Finish onboarding of a development Home Assistant and add HoloMat printers, over HTTP only.

``scripts/develop`` runs this once Home Assistant answers: it creates the ``dev`` / ``dev`` owner
(the same REST calls the onboarding pages make), then adds each simulated printer through the
integration's real config flow (``/api/config/config_entries/flow``), exactly as a user would.
It is idempotent: a finished onboarding logs in instead, and a printer already set up is skipped.

Run: ``python -m holomat_dev.ha_bootstrap --printers .dev/printers.json [--url URL]`` where the
JSON file is a list of ``{"host", "port", "serial", "access_code"}`` objects, with the ports of
the printer's storage and camera when the simulator serves them (``ftps_port``, ``camera_port``
or ``rtsps_port``): the flow then runs in advanced mode, whose form asks for them.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Coroutine
from http import HTTPStatus
import json
from pathlib import Path
import sys
from typing import Any

import aiohttp

USERNAME = "dev"
PASSWORD = "dev"  # noqa: S105 - the documented password of the local development instance
PRINTER_FIELDS = frozenset({"host", "port", "serial", "access_code"})


class BootstrapError(Exception):
    """Home Assistant answered something the bootstrap cannot continue from."""


async def _json(response: aiohttp.ClientResponse) -> Any:
    """Return a response's JSON, or raise with its status and text."""
    if response.status >= 400:
        raise BootstrapError(
            f"{response.method} {response.url}: {response.status} {await response.text()}"
        )
    return await response.json()


async def wait_until_up(session: aiohttp.ClientSession, url: str, within: float = 300.0) -> None:
    """Wait until HA's onboarding API answers; raise ``BootstrapError`` after ``within`` s.

    Once onboarding is finished HA no longer serves that API: 404 means up and onboarded.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        try:
            async with session.get(f"{url}/api/onboarding") as response:
                if response.status in (HTTPStatus.OK, HTTPStatus.NOT_FOUND):
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(1)
    raise BootstrapError(f"Home Assistant did not answer at {url} within {within:.0f} s")


async def _token(session: aiohttp.ClientSession, url: str, client_id: str, code: str) -> str:
    """Exchange an authorization code for an access token."""
    data = {"grant_type": "authorization_code", "code": code, "client_id": client_id}
    async with session.post(f"{url}/auth/token", data=data) as response:
        token: str = (await _json(response))["access_token"]
    return token


async def _login(session: aiohttp.ClientSession, url: str, client_id: str) -> str:
    """Log in as ``dev`` through the login flow the frontend uses; return an access token."""
    start = {"client_id": client_id, "handler": ["homeassistant", None], "redirect_uri": client_id}
    async with session.post(f"{url}/auth/login_flow", json=start) as response:
        flow = await _json(response)
    credentials = {"username": USERNAME, "password": PASSWORD, "client_id": client_id}
    async with session.post(
        f"{url}/auth/login_flow/{flow['flow_id']}", json=credentials
    ) as response:
        result = await _json(response)
    if result.get("type") != "create_entry":
        raise BootstrapError(f"cannot log in as {USERNAME}/{PASSWORD}: {result.get('errors')}")
    return await _token(session, url, client_id, result["result"])


async def onboard(session: aiohttp.ClientSession, url: str) -> str:
    """Finish onboarding as the ``dev`` owner if needed; return an access token."""
    client_id = f"{url}/"
    async with session.get(f"{url}/api/onboarding") as response:
        if response.status == HTTPStatus.NOT_FOUND:  # onboarding finished on an earlier run
            return await _login(session, url, client_id)
        done = {step["step"] for step in await _json(response) if step["done"]}
    if "user" in done:
        token = await _login(session, url, client_id)
    else:
        user = {
            "name": "Developer",
            "username": USERNAME,
            "password": PASSWORD,
            "client_id": client_id,
            "language": "en",
        }
        async with session.post(f"{url}/api/onboarding/users", json=user) as response:
            token = await _token(session, url, client_id, (await _json(response))["auth_code"])
    headers = {"Authorization": f"Bearer {token}"}
    steps = {
        "core_config": {},
        "analytics": {},
        "integration": {"client_id": client_id, "redirect_uri": f"{url}/?auth_callback=1"},
    }
    for step, body in steps.items():
        if step not in done:
            async with session.post(
                f"{url}/api/onboarding/{step}", json=body, headers=headers
            ) as response:
                await _json(response)
    if "core_config" not in done:
        await _remove_online_only_entries(session, url, headers)
    return token


# Finishing onboarding adds these; they need the internet (and packages the development
# environment does not install), so they would only fail here.
ONLINE_ONLY_DOMAINS = frozenset({"google_translate", "met", "radio_browser"})


async def _remove_online_only_entries(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str]
) -> None:
    """Remove the entries onboarding made for integrations that need the internet."""
    await asyncio.sleep(2)  # onboarding starts their flows in the background
    entries = f"{url}/api/config/config_entries/entry"
    async with session.get(entries, headers=headers) as response:
        for entry in await _json(response):
            if entry["domain"] in ONLINE_ONLY_DOMAINS:
                async with session.delete(
                    f"{entries}/{entry['entry_id']}", headers=headers
                ) as deleted:
                    await _json(deleted)


async def add_printer(
    session: aiohttp.ClientSession, url: str, token: str, printer: dict[str, Any]
) -> str:
    """Add a printer through HoloMat's config flow; return the flow's outcome for the log."""
    headers = {"Authorization": f"Bearer {token}"}
    flows = f"{url}/api/config/config_entries/flow"
    service_ports = {
        "ftps_port": printer.get("ftps_port"),
        "camera_port": printer.get("camera_port") or printer.get("rtsps_port"),
    }
    form = {key: printer[key] for key in PRINTER_FIELDS}
    form |= {key: port for key, port in service_ports.items() if port}
    start = {"handler": "holomat", "show_advanced_options": form.keys() > PRINTER_FIELDS}
    async with session.post(flows, json=start, headers=headers) as response:
        menu = await _json(response)
    async with session.post(
        f"{flows}/{menu['flow_id']}", json={"next_step_id": "printer"}, headers=headers
    ) as response:
        await _json(response)
    async with session.post(f"{flows}/{menu['flow_id']}", json=form, headers=headers) as response:
        result = await _json(response)
    if result["type"] == "create_entry":
        return f"added {result['title']} ({printer['serial']})"
    if result["type"] == "abort" and result["reason"] == "printer_already_configured":
        return f"{printer['serial']} is already set up (as it was: delete .dev/ for a fresh one)"
    raise BootstrapError(f"adding {printer['serial']} failed: {result}")


async def bootstrap(url: str, printers: list[dict[str, Any]]) -> None:
    """Onboard Home Assistant at ``url`` and add ``printers``; print what was done."""
    async with aiohttp.ClientSession() as session:
        await wait_until_up(session, url)
        token = await onboard(session, url)
        print(f"Home Assistant is ready at {url}: log in as {USERNAME} / {PASSWORD}")  # noqa: T201
        for printer in printers:
            print(await add_printer(session, url, token, printer))  # noqa: T201


def run_step(step: Coroutine[Any, Any, None]) -> int:
    """Run a bootstrap step; return 1 after a ``BootstrapError`` (said on stderr), 130 on Ctrl-C."""
    try:
        asyncio.run(step)
    except BootstrapError as err:
        print(f"bootstrap: {err}", file=sys.stderr)  # noqa: T201
        return 1
    except KeyboardInterrupt:  # Ctrl-C before Home Assistant was ready: nothing to report
        return 130
    return 0


def main() -> int:
    """Run the bootstrap from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--printers", type=Path, required=True)
    args = parser.parse_args()
    return run_step(bootstrap(args.url, json.loads(args.printers.read_text())))


if __name__ == "__main__":
    sys.exit(main())
