"""HoloMat serves its cards and adds them to the dashboard resources, once, in storage mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.frontend import (
    BUNDLE,
    BUNDLE_URL,
    DIST,
    async_setup_frontend,
    bundle_version,
)

RESOURCES_KEY = "lovelace_resources"
USERS_CARD = {"id": "users", "type": "module", "url": "/local/my-card.js"}


def _stored(items: list[dict[str, str]]) -> dict[str, Any]:
    """Return the resources store as HA writes it."""
    return {"version": 1, "minor_version": 1, "key": RESOURCES_KEY, "data": {"items": items}}


async def _start(hass: HomeAssistant, lovelace: dict[str, Any] | None = None) -> None:
    """Start the web server, the dashboards and HoloMat, as Home Assistant does."""
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "lovelace", {"lovelace": lovelace or {}})
    assert await async_setup_component(hass, DOMAIN, {})
    await hass.async_block_till_done()


async def _resources(hass: HomeAssistant, client: Any) -> list[dict[str, Any]]:
    """Return the resources the front end gets (``lovelace/resources``)."""
    await client.send_json_auto_id({"type": "lovelace/resources"})
    answer = await client.receive_json()
    assert answer["success"], answer
    items: list[dict[str, Any]] = answer["result"]
    return items


@pytest.fixture
def version() -> str:
    """Return the committed bundle's version."""
    return bundle_version()


async def test_cards_are_served_and_added_as_a_module(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, hass_ws_client: Any, version: str
) -> None:
    await _start(hass)
    items = await _resources(hass, await hass_ws_client(hass))
    assert [(item["type"], item["url"]) for item in items] == [
        ("module", f"{BUNDLE_URL}?v={version}")
    ]
    client = await hass_client()
    answer = await client.get(items[0]["url"])
    assert answer.status == 200
    assert answer.content_type == "text/javascript"
    assert await answer.read() == (DIST / BUNDLE).read_bytes()
    chunk = next(path for path in DIST.iterdir() if path.name != BUNDLE)
    assert (await client.get(f"/holomat_frontend/{chunk.name}")).status == 200


async def test_an_old_entry_is_updated_and_the_users_are_kept(
    hass: HomeAssistant, hass_ws_client: Any, hass_storage: dict[str, Any], version: str
) -> None:
    old = {"id": "ours", "type": "js", "url": f"{BUNDLE_URL}?v=0123456789ab"}
    hass_storage[RESOURCES_KEY] = _stored([USERS_CARD, old])
    await _start(hass)
    items = await _resources(hass, await hass_ws_client(hass))
    assert items == [USERS_CARD, {**old, "type": "module", "url": f"{BUNDLE_URL}?v={version}"}]


async def test_a_current_entry_is_left_as_it_is(
    hass: HomeAssistant, hass_ws_client: Any, hass_storage: dict[str, Any], version: str
) -> None:
    current = {"id": "ours", "type": "module", "url": f"{BUNDLE_URL}?v={version}"}
    hass_storage[RESOURCES_KEY] = _stored([current, USERS_CARD])
    await _start(hass)
    assert await _resources(hass, await hass_ws_client(hass)) == [current, USERS_CARD]


async def test_yaml_mode_resources_are_the_users_file(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, hass_ws_client: Any
) -> None:
    await _start(
        hass, {"resource_mode": "yaml", "resources": [{"url": "/local/a.js", "type": "module"}]}
    )
    assert await _resources(hass, await hass_ws_client(hass)) == [
        {"url": "/local/a.js", "type": "module"}
    ]
    # The bundle is served all the same, for the line the README gives.
    assert (await (await hass_client()).get(BUNDLE_URL)).status == 200


async def test_without_a_web_server_there_is_nothing_to_serve(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, DOMAIN, {})
    assert "http" not in hass.config.components
    assert "lovelace" not in hass.config.components


async def test_a_missing_bundle_is_reported_and_nothing_is_added(
    hass: HomeAssistant,
    hass_ws_client: Any,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "lovelace", {})
    await async_setup_frontend(hass, tmp_path)
    assert "dashboard cards are missing" in caplog.text
    assert await _resources(hass, await hass_ws_client(hass)) == []
