"""JARVIS's AI Task entity through Home Assistant's own ``ai_task`` actions, on the stand-in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.components import ai_task, media_source
from homeassistant.components.ai_task import AITaskEntityFeature
from homeassistant.const import ATTR_SUPPORTED_FEATURES, CONF_MODEL, CONF_TIMEOUT
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, llm
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.jarvis.const import CONF_IMAGE_MODEL, SUBENTRY_AI_TASK
from holomat_dev.openai_images import draw_subject
from holomat_dev.openai_standin import OpenAIStandin, Refusal, Reply, ToolCall

from .conftest import API_KEY

TASK = "ai_task.jarvis_ai_task"
STRUCTURE = {
    "name": {"selector": {"text": {}}, "required": True},
    "copies": {"selector": {"number": {"min": 1, "max": 10}}},
}


@pytest.fixture(autouse=True)
def media_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Give Home Assistant a media folder before the entry loads.

    ``ai_task`` keeps its pictures in the first one, read when it loads.
    """
    hass.config.media_dirs = {"local": str(tmp_path)}
    return tmp_path


@pytest.fixture
def with_task(init_integration: MockConfigEntry) -> MockConfigEntry:
    """Return the loaded JARVIS entry: an agent and an AI task (``TASK``)."""
    return init_integration


async def _data(hass: HomeAssistant, **data: Any) -> Any:
    """Run ``ai_task.generate_data`` on JARVIS's task and return the data."""
    response = await hass.services.async_call(
        "ai_task",
        "generate_data",
        {"task_name": "Print plan", "entity_id": TASK, **data},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return response["data"]


async def _image(hass: HomeAssistant, instructions: str) -> dict[str, Any]:
    """Run ``ai_task.generate_image`` on JARVIS's task and return the answer."""
    response = await hass.services.async_call(
        "ai_task",
        "generate_image",
        {"task_name": "Keychain", "entity_id": TASK, "instructions": instructions},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


async def _saved(hass: HomeAssistant, answer: dict[str, Any]) -> bytes:
    """Return the picture Home Assistant saved for an image answer."""
    media = await media_source.async_resolve_media(hass, answer["media_source_id"], None)
    assert media.path is not None
    return await hass.async_add_executor_job(media.path.read_bytes)


async def test_the_task_is_an_entity_of_its_own_device(
    hass: HomeAssistant, with_task: MockConfigEntry
) -> None:
    state = hass.states.get(TASK)
    assert state is not None
    features = AITaskEntityFeature(state.attributes[ATTR_SUPPORTED_FEATURES])
    assert features == AITaskEntityFeature.GENERATE_DATA | AITaskEntityFeature.GENERATE_IMAGE
    task = next(s for s in with_task.subentries.values() if s.subentry_type == SUBENTRY_AI_TASK)
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, task.subentry_id)})
    assert device is not None
    assert (device.name, device.model) == ("JARVIS AI Task", "gpt-4o-mini")


@pytest.mark.parametrize(
    "task_options", [{CONF_MODEL: "gpt-4o-mini", CONF_IMAGE_MODEL: "", CONF_TIMEOUT: 30}]
)
@pytest.mark.usefixtures("with_task")
async def test_without_an_image_model_it_draws_nothing(hass: HomeAssistant) -> None:
    state = hass.states.get(TASK)
    assert state is not None
    assert state.attributes[ATTR_SUPPORTED_FEATURES] == AITaskEntityFeature.GENERATE_DATA
    with pytest.raises(HomeAssistantError, match="does not support generating images"):
        await _image(hass, "a dragon")


@pytest.mark.usefixtures("with_task")
async def test_generate_text(hass: HomeAssistant, standin: OpenAIStandin) -> None:
    standin.script(Reply(text="Print the dragon in PLA."))
    assert await _data(hass, instructions="How should I print a dragon?") == (
        "Print the dragon in PLA."
    )
    [request] = standin.requests
    assert "response_format" not in request
    assert request["messages"][-1] == {"role": "user", "content": "How should I print a dragon?"}
    assert "stream" not in request


@pytest.mark.usefixtures("with_task")
async def test_generate_structured_data(hass: HomeAssistant, standin: OpenAIStandin) -> None:
    """The schema goes as response_format and in the prompt; the answer is validated."""
    fenced = '```json\n{"name": "dragon", "copies": "3", "colour": "green"}\n```'
    standin.script(Reply(text=fenced))
    data = await _data(hass, instructions="Plan a dragon print", structure=STRUCTURE)
    assert data == {"name": "dragon", "copies": 3.0}  # coerced, unknown keys dropped
    [request] = standin.requests
    wire = request["response_format"]
    assert wire["type"] == "json_schema"
    assert wire["json_schema"]["name"] == "print_plan"
    assert set(wire["json_schema"]["schema"]["properties"]) == {"name", "copies"}
    assert wire["json_schema"]["schema"]["required"] == ["name"]
    assert json.dumps(wire["json_schema"]["schema"]) in request["messages"][0]["content"]


@pytest.mark.usefixtures("with_task")
async def test_a_server_refusing_response_format_is_asked_again_without(
    hass: HomeAssistant, standin: OpenAIStandin
) -> None:
    standin.refusals = (
        Refusal(
            "response_format",
            400,
            {"error": {"message": "Unrecognized request argument supplied: response_format"}},
        ),
    )
    standin.script(Reply(text='{"name": "rocket"}'))
    assert await _data(hass, instructions="Plan", structure=STRUCTURE) == {"name": "rocket"}
    refused, asked = standin.requests
    assert "response_format" in refused
    assert "response_format" not in asked
    assert "JSON schema" in asked["messages"][0]["content"]


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        ("Sure! A dragon.", "jarvis_task_not_json"),
        ('["dragon"]', "jarvis_task_not_json"),
        ('{"copies": 2}', "jarvis_task_wrong_structure"),
        ('{"name": "dragon", "copies": 40}', "jarvis_task_wrong_structure"),
    ],
)
@pytest.mark.usefixtures("with_task")
async def test_an_answer_that_does_not_fit_the_structure_is_an_error(
    hass: HomeAssistant, standin: OpenAIStandin, answer: str, key: str
) -> None:
    standin.script(Reply(text=answer))
    with pytest.raises(HomeAssistantError) as err:
        await _data(hass, instructions="Plan", structure=STRUCTURE)
    assert err.value.translation_key == key


@pytest.mark.usefixtures("with_task")
async def test_server_failures_are_errors_naming_the_server(
    hass: HomeAssistant, standin: OpenAIStandin
) -> None:
    standin.script(Reply(status=500, text="The server had an error.", error_type="server_error"))
    with pytest.raises(HomeAssistantError) as err:
        await _data(hass, instructions="Plan")
    assert err.value.translation_key == "jarvis_task_failed"
    assert standin.base_url in str(err.value)
    assert "The server had an error." in str(err.value)
    standin.script(Reply(text=""))
    with pytest.raises(HomeAssistantError) as err:
        await _data(hass, instructions="Plan")
    assert err.value.translation_key == "jarvis_task_no_answer"


@pytest.mark.usefixtures("with_task")
async def test_tools_of_the_task_api_are_run(hass: HomeAssistant, standin: OpenAIStandin) -> None:
    standin.script(
        Reply(tool_calls=(ToolCall("HolomatPrinterStatus", {}),)),
        Reply(text='{"name": "no printer"}'),
    )
    assist = next(api for api in llm.async_get_apis(hass) if api.id == llm.LLM_API_ASSIST)
    result = await ai_task.async_generate_data(
        hass,
        task_name="Printers",
        entity_id=TASK,
        instructions="Which printers are free?",
        structure=None,
        llm_api=assist,
    )
    assert result.data == '{"name": "no printer"}'
    first, second = standin.requests
    assert "HolomatPrinterStatus" in [tool["function"]["name"] for tool in first["tools"]]
    assert second["messages"][-1]["role"] == "tool"
    assert '"printers": []' in second["messages"][-1]["content"]  # the intent answered


@pytest.mark.usefixtures("with_task")
async def test_gpt_image_answers_base64(hass: HomeAssistant, standin: OpenAIStandin) -> None:
    answer = await _image(hass, "a small dragon keychain")
    assert await _saved(hass, answer) == draw_subject("a small dragon keychain")
    assert (answer["mime_type"], answer["width"], answer["height"]) == ("image/png", 256, 256)
    assert answer["model"] == "gpt-image-1"
    [request] = standin.images.requests
    assert request == {"model": "gpt-image-1", "prompt": "a small dragon keychain"}
    assert standin.images.fetches == []


@pytest.mark.parametrize(
    "task_options", [{CONF_MODEL: "gpt-4o-mini", CONF_IMAGE_MODEL: "dall-e-3", CONF_TIMEOUT: 30}]
)
@pytest.mark.parametrize(("elsewhere", "key_sent"), [(False, True), (True, False)])
@pytest.mark.usefixtures("with_task")
async def test_url_answers_are_fetched_with_the_key_only_from_the_server(
    hass: HomeAssistant, standin: OpenAIStandin, elsewhere: bool, key_sent: bool
) -> None:
    standin.images.elsewhere = elsewhere
    answer = await _image(hass, "a rocket")
    assert await _saved(hass, answer) == draw_subject("a rocket")
    assert answer["revised_prompt"] == "A picture of a rocket"
    [headers] = standin.images.fetches
    assert (headers.get("Authorization") == f"Bearer {API_KEY}") is key_sent
    assert key_sent or "Authorization" not in headers


@pytest.mark.parametrize(
    "task_options",
    [{CONF_MODEL: "gpt-4o-mini", CONF_IMAGE_MODEL: "stablediffusion", CONF_TIMEOUT: 30}],
)
@pytest.mark.parametrize(
    ("fault", "key"), [("huge", "image_download_failed"), ("not_image", "jarvis_image_invalid")]
)
@pytest.mark.usefixtures("with_task")
async def test_a_url_that_gives_no_picture_is_an_error(
    hass: HomeAssistant, standin: OpenAIStandin, fault: str, key: str
) -> None:
    standin.images.fault = fault
    with pytest.raises(HomeAssistantError) as err:
        await _image(hass, "a rocket")
    assert err.value.translation_key == key


@pytest.mark.parametrize(
    "case",
    [
        ("gpt-image-1", "a forbidden thing", True, "jarvis_image_refused"),
        ("dall-e-3", "a forbidden thing", True, "jarvis_image_refused"),
        ("flux-schnell", "a rocket", True, "jarvis_image_model_missing"),
        ("gpt-image-1", "a rocket", False, "jarvis_image_unsupported"),
    ],
)
async def test_image_refusals_say_why(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    task_options: dict[str, Any],
    with_task: MockConfigEntry,
    case: tuple[str, str, bool, str],
) -> None:
    """Image model, prompt, whether the server has the endpoint, and the error the user reads."""
    image_model, prompt, available, key = case
    subentry = next(s for s in with_task.subentries.values() if s.subentry_type == SUBENTRY_AI_TASK)
    hass.config_entries.async_update_subentry(
        with_task, subentry, data=task_options | {CONF_IMAGE_MODEL: image_model}
    )
    await hass.async_block_till_done()
    standin.images.available = available
    with pytest.raises(HomeAssistantError) as err:
        await _image(hass, prompt)
    assert err.value.translation_key == key
    assert standin.base_url in str(err.value)


@pytest.mark.usefixtures("with_task")
async def test_an_unreachable_server_is_an_error(
    hass: HomeAssistant, standin: OpenAIStandin
) -> None:
    await standin.stop()
    with pytest.raises(HomeAssistantError) as err:
        await _image(hass, "a rocket")
    assert err.value.translation_key == "jarvis_task_failed"
