"""From words to a model: an AI Task entity draws the prompt, the real add-on makes the model.

The AI Task entity is JARVIS's, on the OpenAI stand-in; the picture is kept beside the model and
shown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from homeassistant.components.image import async_get_image
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import CONF_MODEL, CONF_TIMEOUT
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import llm
from homeassistant.setup import async_setup_component
from hypothesis import given, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
import voluptuous as vol

from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN, EntryType
from custom_components.holomat.jarvis.config_flow import default_agent_options
from custom_components.holomat.jarvis.const import (
    CONF_BASE_URL,
    CONF_IMAGE_MODEL,
    SUBENTRY_AGENT,
    SUBENTRY_AI_TASK,
)
from custom_components.holomat.model_server.const import (
    EVENT_MODEL_FAILED,
    EVENT_MODEL_GENERATED,
    SERVICE_GENERATE_3D_MODEL,
)
from custom_components.holomat.model_server.llm_tool import Generate3DModelTool
from custom_components.holomat.model_server.text_image import (
    MAX_SUBJECT_CHARS,
    PRINTABLE_PROMPT,
    printable_prompt,
)
from holomat_dev.openai_images import draw_subject
from holomat_dev.openai_standin import OpenAIStandin

PREVIEW_ENTITY = "image.holomat_add_on_last_model"
PICTURE_ENTITY = "image.holomat_add_on_last_model_picture"
PROMPT = "a small dragon keychain"


def _task(title: str, image_model: str) -> ConfigSubentryData:
    """Return an AI task subentry drawing with ``image_model``."""
    return ConfigSubentryData(
        data={CONF_MODEL: "gpt-4o-mini", CONF_IMAGE_MODEL: image_model, CONF_TIMEOUT: 30},
        subentry_type=SUBENTRY_AI_TASK,
        title=title,
        unique_id=None,
    )


@pytest.fixture
async def drawing_server() -> AsyncIterator[OpenAIStandin]:
    """Serve an OpenAI-compatible stand-in that draws (no key)."""
    server = OpenAIStandin()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def tasks() -> list[ConfigSubentryData]:
    """Return the JARVIS server's AI tasks (tests override this fixture)."""
    return [_task("JARVIS AI Task", "gpt-image-1")]


@pytest.fixture
async def jarvis(
    hass: HomeAssistant, drawing_server: OpenAIStandin, tasks: list[ConfigSubentryData]
) -> AsyncIterator[MockConfigEntry]:
    """Load a JARVIS server with an agent and ``tasks`` (and Home Assistant's core, as Assist)."""
    assert await async_setup_component(hass, "homeassistant", {})
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="JARVIS (127.0.0.1)",
        data={CONF_ENTRY_TYPE: EntryType.JARVIS, CONF_BASE_URL: drawing_server.base_url},
        subentries_data=[
            ConfigSubentryData(
                data=default_agent_options(),
                subentry_type=SUBENTRY_AGENT,
                title="JARVIS",
                unique_id=None,
            ),
            *tasks,
        ],
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    await hass.config_entries.async_unload(entry.entry_id)


async def _generate(hass: HomeAssistant, **data: Any) -> dict[str, Any]:
    """Call the action and return its response."""
    response = await hass.services.async_call(
        DOMAIN, SERVICE_GENERATE_3D_MODEL, data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


async def _tool(hass: HomeAssistant, **args: Any) -> dict[str, Any]:
    """Call JARVIS's tool with ``args``, validated as the LLM API does, for a voice turn."""
    tool = Generate3DModelTool()
    tool_input = llm.ToolInput(tool_name=tool.name, tool_args=tool.parameters(args))
    context = llm.LLMContext(
        platform=DOMAIN, context=None, language="en", assistant="conversation", device_id=None
    )
    return dict(await tool.async_call(hass, tool_input, context))


@pytest.mark.usefixtures("init_integration", "jarvis")
async def test_a_prompt_becomes_a_model_beside_its_picture(
    hass: HomeAssistant, drawing_server: OpenAIStandin, media_dir: Path
) -> None:
    generated = async_capture_events(hass, EVENT_MODEL_GENERATED)
    response = await _generate(hass, prompt=PROMPT, size_mm=40, name="dragon")
    # The image model was asked for a printable object, in the documented template.
    [request] = drawing_server.images.requests
    assert request == {"model": "gpt-image-1", "prompt": printable_prompt(PROMPT)}
    drawn = draw_subject(printable_prompt(PROMPT))
    # The model: from the real add-on, made from the drawn picture.
    folder = media_dir / "holomat"
    assert response["path"] == str(folder / "dragon.stl")
    assert response["triangles"] > 0
    assert response["watertight"]
    assert max(response["size_mm"]) == pytest.approx(40)
    assert response["method"] == "silhouette"  # a drawing on white: its outline
    # The picture: kept beside it under the same name, and answered.
    assert response["picture_path"] == str(folder / "dragon.picture.png")
    assert await hass.async_add_executor_job(Path(response["picture_path"]).read_bytes) == drawn
    assert response["picture_url"] == "/media/local/holomat/dragon.picture.png"
    assert response["picture_media_content_id"] == (
        "media-source://media_source/local/holomat/dragon.picture.png"
    )
    assert (response["prompt"], response["source"]) == (PROMPT, PROMPT)
    [event] = generated
    assert event.data["prompt"] == PROMPT
    # Shown: the picture entity shows it; the model's preview names it and the words.
    picture = await async_get_image(hass, PICTURE_ENTITY)
    assert (picture.content, picture.content_type) == (drawn, "image/png")
    state = hass.states.get(PICTURE_ENTITY)
    assert state.attributes["prompt"] == PROMPT
    assert state.attributes["picture_url"] == response["picture_url"]
    preview = hass.states.get(PREVIEW_ENTITY)
    assert preview.attributes["prompt"] == PROMPT
    assert preview.attributes["picture_url"] == response["picture_url"]


@pytest.mark.parametrize(
    "tasks", [[_task("Sketcher", "dall-e-3"), _task("JARVIS AI Task", "gpt-image-1")]]
)
@pytest.mark.usefixtures("init_integration", "jarvis")
async def test_the_ai_task_entity_drawing_the_prompt(
    hass: HomeAssistant, drawing_server: OpenAIStandin, hass_ws_client: Any
) -> None:
    """The one named, else the preferred one for images, else HoloMat's first."""
    await _generate(hass, prompt="a rocket", size_mm=20)
    await _generate(hass, prompt="a rocket", size_mm=20, ai_task_entity_id="ai_task.jarvis_ai_task")
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {"type": "ai_task/preferences/set", "gen_image_entity_id": "ai_task.jarvis_ai_task"}
    )
    assert (await client.receive_json())["success"]
    await _generate(hass, prompt="a rocket", size_mm=20)
    models = [request["model"] for request in drawing_server.images.requests]
    assert models == ["dall-e-3", "gpt-image-1", "gpt-image-1"]


@pytest.mark.parametrize("tasks", [[_task("Writer", "")]])
@pytest.mark.usefixtures("init_integration", "jarvis")
async def test_bad_prompt_input_is_refused_before_anything_starts(
    hass: HomeAssistant, drawing_server: OpenAIStandin
) -> None:
    failed = async_capture_events(hass, EVENT_MODEL_FAILED)
    with pytest.raises(ServiceValidationError) as err:
        await _generate(hass, prompt=PROMPT)
    assert err.value.translation_key == "no_image_generator"  # Writer does not draw
    with pytest.raises(ServiceValidationError) as err:
        await _generate(hass, prompt=PROMPT, ai_task_entity_id="ai_task.writer")
    assert err.value.translation_key == "ai_task_cannot_draw"
    with pytest.raises(vol.Invalid):
        await _generate(hass, prompt="x" * (MAX_SUBJECT_CHARS + 1))
    with pytest.raises(vol.Invalid):  # an AI Task entity but no words: it would go unused
        await _generate(hass, image_url="http://127.0.0.1/a.png", ai_task_entity_id="ai_task.x")
    assert drawing_server.images.requests == []
    assert failed == []


@pytest.mark.usefixtures("init_integration", "jarvis")
async def test_a_drawing_refused_is_a_failed_model(
    hass: HomeAssistant, drawing_server: OpenAIStandin
) -> None:
    failed = async_capture_events(hass, EVENT_MODEL_FAILED)
    with pytest.raises(HomeAssistantError) as err:
        await _generate(hass, prompt="a forbidden thing")
    assert err.value.translation_key == "image_generation_failed"
    assert "refused to draw" in str(err.value)
    [event] = failed
    assert (event.data["source"], event.data["reason"]) == (
        "a forbidden thing",
        "image_generation_failed",
    )
    with pytest.raises(ServiceValidationError) as err:
        await _generate(hass, prompt=" \n ")
    assert err.value.translation_key == "prompt_empty"


@pytest.mark.usefixtures("init_integration", "jarvis")
async def test_jarvis_makes_a_model_from_words(
    hass: HomeAssistant, drawing_server: OpenAIStandin
) -> None:
    generated = async_capture_events(hass, EVENT_MODEL_GENERATED)
    answer = await _tool(hass, prompt=PROMPT)
    assert (answer["status"], answer["source"]) == ("started", PROMPT)
    await hass.async_block_till_done(wait_background_tasks=True)
    [event] = generated
    assert event.data["prompt"] == PROMPT
    kept = await hass.async_add_executor_job(Path(event.data["picture_path"]).read_bytes)
    assert kept == draw_subject(printable_prompt(PROMPT))


@pytest.mark.usefixtures("init_integration")
async def test_jarvis_says_when_nothing_can_draw(hass: HomeAssistant) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _tool(hass, prompt=PROMPT)
    assert err.value.translation_key == "no_image_generator"


@given(st.text(max_size=2 * MAX_SUBJECT_CHARS).filter(lambda text: text.strip()))
def test_any_words_become_one_line_prompt_of_the_template(subject: str) -> None:
    prompt = printable_prompt(subject)
    words = " ".join(subject.split())[:MAX_SUBJECT_CHARS]
    assert prompt == PRINTABLE_PROMPT.format(subject=words)
    assert prompt.startswith(words)
    assert "\n" not in prompt.removeprefix(words)
    assert len(prompt) <= len(PRINTABLE_PROMPT) + MAX_SUBJECT_CHARS
    for requirement in ("one object", "centred", "plain pure white background", "No text"):
        assert requirement in prompt
