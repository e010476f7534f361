"""Set a development Home Assistant up as a user would, over its HTTP and websocket APIs.

Used by ``holomat_dev.workshop`` once ``ha_bootstrap`` has onboarded it, added the printers
and ``holomat_dev.addon`` the 3D model server: make a model from a picture with
``holomat.generate_3d_model``, and create dashboards the way Settings → Dashboards does
(``lovelace/dashboards/create``, then ``lovelace/config/save``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import aiohttp
from PIL import Image, ImageDraw

from .addon import checked_json
from .ha_bootstrap import BootstrapError


def draw_star(path: Path) -> Path:
    """Draw a dark five-pointed star on white, 240 px square (a picture to make a model of)."""
    points = []
    for index in range(10):
        radius = 110 if index % 2 == 0 else 45
        angle = math.pi * (index / 5 - 0.5)
        points.append((120 + radius * math.cos(angle), 125 + radius * math.sin(angle)))
    image = Image.new("RGB", (240, 240), "white")
    ImageDraw.Draw(image).polygon(points, fill=(25, 25, 25))
    image.save(path)
    return path


async def generate_model(
    session: aiohttp.ClientSession, url: str, token: str, picture: Path
) -> dict[str, Any]:
    """Make a model of ``picture`` with ``holomat.generate_3d_model``; return its response."""
    async with session.post(
        f"{url}/api/services/holomat/generate_3d_model?return_response",
        json={"image_path": str(picture), "method": "silhouette", "size_mm": 60, "name": "star"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=aiohttp.ClientTimeout(total=300),
    ) as response:
        answer: dict[str, Any] = (await checked_json(response))["service_response"]
    return answer


async def websocket_commands(
    session: aiohttp.ClientSession, url: str, token: str, commands: list[dict[str, Any]]
) -> list[Any]:
    """Send ``commands`` one by one over HA's websocket API; return their results."""
    results = []
    async with session.ws_connect(f"{url}/api/websocket") as socket:
        await socket.receive_json()  # auth_required
        await socket.send_json({"type": "auth", "access_token": token})
        if (await socket.receive_json())["type"] != "auth_ok":
            raise BootstrapError("the websocket API refused the token")
        for number, command in enumerate(commands, start=1):
            await socket.send_json({"id": number, **command})
            answer = await socket.receive_json()
            while answer.get("id") != number:
                answer = await socket.receive_json()
            if not answer["success"]:
                raise BootstrapError(f"{command['type']} failed: {answer['error']}")
            results.append(answer["result"])
    return results


async def create_dashboard(
    session: aiohttp.ClientSession,
    url: str,
    token: str,
    url_path: str,
    *,
    title: str,
    config: dict[str, Any],
) -> None:
    """Create a dashboard (as Settings → Dashboards → Add dashboard does) showing ``config``."""
    await websocket_commands(
        session,
        url,
        token,
        [
            {
                "type": "lovelace/dashboards/create",
                "url_path": url_path,
                "title": title,
                "icon": "mdi:printer-3d",
                "show_in_sidebar": True,
                "require_admin": False,
                "mode": "storage",
            },
            {"type": "lovelace/config/save", "url_path": url_path, "config": config},
        ],
    )


def cards_dashboard(devices: dict[str, list[str]]) -> dict[str, Any]:
    """Return a dashboard with each HoloMat card, given the printer and model server devices."""
    cards: list[dict[str, Any]] = [
        {"type": "custom:holomat-printer-card", "device_id": device}
        for device in devices["printers"]
    ]
    cards += [
        {"type": "custom:holomat-model-card", "device_id": device}
        for device in devices["model_servers"]
    ]
    cards.append({"type": "custom:holomat-assist-card"})
    return {"views": [{"title": "Cards", "path": "cards", "cards": cards}]}


async def holomat_devices(
    session: aiohttp.ClientSession, url: str, token: str
) -> dict[str, list[str]]:
    """Return the device ids of the printers and of the model servers, by name."""
    [devices] = await websocket_commands(
        session, url, token, [{"type": "config/device_registry/list"}]
    )
    found: dict[str, list[str]] = {"printers": [], "model_servers": []}
    for device in sorted(devices, key=lambda device: device["name"] or ""):
        identifiers = [value for domain, value in device["identifiers"] if domain == "holomat"]
        if not identifiers or device["via_device_id"]:
            continue  # another integration's, or an AMS unit
        kind = "model_servers" if identifiers[0].startswith("model_server_") else "printers"
        found[kind].append(device["id"])
    return found
