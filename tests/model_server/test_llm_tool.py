"""Tests of JARVIS's generate_3d_model tool, called as an LLM API would call it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.components import persistent_notification
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import llm
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
)
from voluptuous_openapi import convert

from custom_components.holomat.model_server.const import EVENT_MODEL_FAILED, EVENT_MODEL_GENERATED
from custom_components.holomat.model_server.llm_tool import Generate3DModelTool

from .conftest import RunningServer


def _context(language: str = "en", user_id: str | None = None) -> llm.LLMContext:
    """Return the context a conversation agent passes to its tools (for ``user_id``)."""
    return llm.LLMContext(
        platform="holomat",
        context=Context(user_id=user_id),
        language=language,
        assistant="conversation",
        device_id=None,
    )


@pytest.fixture
async def notifications(hass: HomeAssistant) -> dict[str, Any]:
    """Collect the persistent notifications shown to the user."""
    assert await async_setup_component(hass, "homeassistant", {})
    shown: dict[str, Any] = {}

    @callback
    def _updated(update_type: Any, changed: dict[str, Any]) -> None:
        shown.update(changed)

    persistent_notification.async_register_callback(hass, _updated)
    return shown


async def _call(
    hass: HomeAssistant, language: str = "en", user: MockUser | None = None, **args: Any
) -> dict[str, Any]:
    """Call the tool with ``args`` for ``user``, validated as the LLM API does."""
    tool = Generate3DModelTool()
    tool_input = llm.ToolInput(tool_name=tool.name, tool_args=tool.parameters(args))
    context = _context(language, user.id if user else None)
    return dict(await tool.async_call(hass, tool_input, context))


@pytest.mark.usefixtures("init_integration")
async def test_camera_snapshot_started_then_notified(
    hass: HomeAssistant, workbench_camera: str, notifications: dict[str, Any]
) -> None:
    generated = async_capture_events(hass, EVENT_MODEL_GENERATED)
    async_expose_entity(hass, "conversation", workbench_camera, True)
    answer = await _call(hass, camera=workbench_camera, method="relief", size_mm=30)
    assert answer["status"] == "started"
    assert (answer["source"], answer["method"], answer["size_mm"]) == (
        workbench_camera,
        "relief",
        30.0,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    [event] = generated
    assert max(event.data["size_mm"]) == pytest.approx(30)
    assert event.data["source"] == workbench_camera
    [notification] = notifications.values()
    assert notification["title"] == "3D model ready"
    assert event.data["path"] in notification["message"]
    assert "30 x 30 x " in notification["message"]


@pytest.mark.usefixtures("init_integration")
async def test_camera_by_name(
    hass: HomeAssistant, workbench_camera: str, notifications: dict[str, Any]
) -> None:
    async_expose_entity(hass, "conversation", workbench_camera, True)
    answer = await _call(hass, camera="workbench")
    assert answer["source"] == workbench_camera
    await hass.async_block_till_done(wait_background_tasks=True)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, camera="Garage")
    assert err.value.translation_key == "camera_not_found"


@pytest.mark.usefixtures("init_integration")
async def test_unexposed_camera_is_refused(
    hass: HomeAssistant, workbench_camera: str, notifications: dict[str, Any]
) -> None:
    async_expose_entity(hass, "conversation", workbench_camera, False)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, camera=workbench_camera)
    assert err.value.translation_key == "camera_not_exposed"


@pytest.mark.usefixtures("init_standin")
async def test_failure_is_notified_in_the_user_language(
    hass: HomeAssistant,
    hass_admin_user: MockUser,
    pictures: Path,
    standin: RunningServer,
    notifications: dict[str, Any],
) -> None:
    failed = async_capture_events(hass, EVENT_MODEL_FAILED)
    standin.standin.fail_jobs = {"error": "unprintable_mesh", "message": "The mesh is open."}
    answer = await _call(hass, "fr", hass_admin_user, path=str(pictures / "drawing.png"))
    assert answer["status"] == "started"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert failed[0].data["reason"] == "model_rejected"
    [notification] = notifications.values()
    assert notification["title"] == "Échec du modèle 3D"
    assert "The mesh is open." in notification["message"]


@pytest.mark.usefixtures("init_integration")
async def test_bad_input(
    hass: HomeAssistant, hass_admin_user: MockUser, notifications: dict[str, Any]
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass)
    assert err.value.translation_key == "no_image_given"
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, user=hass_admin_user, path="/etc/passwd")
    assert err.value.translation_key == "path_not_allowed"
    assert not notifications


@pytest.mark.usefixtures("init_integration")
async def test_image_path_needs_an_admin(
    hass: HomeAssistant,
    hass_read_only_user: MockUser,
    pictures: Path,
    notifications: dict[str, Any],
) -> None:
    """A path is the admin action's input: a user who is not an admin, or no user, is refused."""
    path = str(pictures / "drawing.png")
    for user in (hass_read_only_user, None):
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, user=user, path=path)
        assert err.value.translation_key == "image_path_admin_only"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not notifications


def test_parameters_convert_to_a_json_schema() -> None:
    schema = convert(Generate3DModelTool().parameters, custom_serializer=llm.selector_serializer)
    assert json.loads(json.dumps(schema))["properties"]["method"]["enum"] == [
        "auto",
        "relief",
        "silhouette",
        "hunyuan3d",
    ]


async def test_offered_in_holomat_api_only_with_a_server(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """JARVIS (and any agent using the ``holomat`` LLM API) gets the tool while a server runs."""

    async def offered() -> bool:
        api = await llm.async_get_api(hass, "holomat", _context())
        return "generate_3d_model" in [tool.name for tool in api.tools] and (
            "generate_3d_model" in api.api_prompt
        )

    assert await offered()
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert not await offered()
