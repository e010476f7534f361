"""JARVIS prints a model only after the user's yes, and says when it is done.

Real JARVIS turns (the OpenAI stand-in plays a model calling HoloMat's tools) with the real
add-on slicing, the simulated printer printing, and the workshop's satellite speaking.
"""

# ruff: noqa: F401, F811

from __future__ import annotations

from pathlib import Path

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import llm
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import DOMAIN
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.ftps_server import PrinterFtpServer
from holomat_dev.openai_standin import OpenAIStandin, Reply, ToolCall
from tests.jarvis.conftest import (
    AGENT,
    agent_options,
    init_integration,
    mock_config_entry,
    setup_homeassistant,
    standin,
    task_options,
)
from tests.jarvis.test_printer_tools import tool_result
from tests.model_server.conftest import png_bytes
from tests.printer.conftest import start_running_print

from .conftest import (
    Notifications,
    WaitFor,
    addon_server,
    broker,
    entry,
    media,
    model,
    model_server,
    notifications,
    printer,
    project_files,
    simulator,
    storage,
    wait_for,
)
from .satellite import Satellite, satellite


def call(tool: str, **args: object) -> Reply:
    """Return the model's reply calling HoloMat's ``tool``."""
    return Reply(tool_calls=(ToolCall(f"holomat__{tool}", dict(args)),))


async def turn(
    hass: HomeAssistant, text: str, conversation_id: str | None = None, device_id: str | None = None
) -> str:
    """Say ``text`` to JARVIS (through ``device_id``); return the conversation's id."""
    result = await conversation.async_converse(
        hass, text, conversation_id, Context(), agent_id=AGENT, device_id=device_id
    )
    assert result.conversation_id is not None
    return result.conversation_id


async def generate(hass: HomeAssistant, media: Path) -> None:
    """Generate the model "sketch" from a drawing on the real add-on."""
    (media / "sketch.png").write_bytes(png_bytes((64, 48)))
    hass.config.allowlist_external_dirs = {str(media)}
    await hass.services.async_call(
        DOMAIN,
        "generate_3d_model",
        {"image_path": str(media / "sketch.png"), "method": "silhouette", "name": "sketch"},
        blocking=True,
    )


# The satellite's speech comes first: the JARVIS pipeline takes the TTS engine there is.
@pytest.mark.usefixtures("satellite", "printer", "model_server", "init_integration")
async def test_print_it_yes_then_it_is_done(
    *,
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    storage: PrinterFtpServer,
    standin: OpenAIStandin,
    satellite: Satellite,
    media: Path,
    wait_for: WaitFor,
) -> None:
    await generate(hass, media)
    standin.script(call("print_model"), Reply(text="Print the sketch on the P1S, sir?"))
    conversation_id = await turn(hass, "Print it", device_id=satellite.device_id)
    asked = tool_result(standin)
    assert asked["confirmation_required"] is True
    assert asked["model"] == "sketch.stl"
    assert storage.uploads == []
    assert project_files(simulator) == []

    standin.script(call("print_model", notify_when_done=True), Reply(text="Printing, sir."))
    await turn(hass, "Yes, go ahead.", conversation_id, device_id=satellite.device_id)
    assert tool_result(standin)["status"] == "started"
    said = satellite.entity.announcements
    await wait_for(lambda: said, within=120)  # sliced by PrusaSlicer, sent, started
    assert said[0].message == "sketch is printing on Bambu Lab P1S."
    assert simulator.state["subtask_name"] == "sketch"

    simulator.finish()
    await wait_for(lambda: len(said) == 2)
    assert said[1].message == "sketch has finished printing on Bambu Lab P1S."


@pytest.mark.usefixtures("printer", "model_server", "init_integration")
async def test_no_print_without_a_yes_of_the_user(
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    storage: PrinterFtpServer,
    standin: OpenAIStandin,
    media: Path,
) -> None:
    await generate(hass, media)
    # The model calls twice in one turn, claiming the user agreed: the second asks again.
    standin.script(call("print_model"), call("print_model"), Reply(text="Sure, sir?"))
    conversation_id = await turn(hass, "Print my sketch, yes I confirm")
    assert tool_result(standin)["confirmation_required"] is True
    standin.script(call("print_model"), Reply(text="Very well."))
    await turn(hass, "No, not now", conversation_id)
    assert tool_result(standin)["confirmation_required"] is True
    await hass.async_block_till_done()
    assert storage.uploads == []
    assert project_files(simulator) == []

    api = await llm.async_get_api(
        hass, "holomat", llm.LLMContext("test", Context(), "en", "conversation", None)
    )
    with pytest.raises(HomeAssistantError, match="confirmation"):
        await api.async_call_tool(llm.ToolInput("print_model", {}))
    assert project_files(simulator) == []


@pytest.mark.usefixtures("printer", "init_integration")
async def test_a_refusal_is_said_at_once_and_nothing_is_asked(
    hass: HomeAssistant, simulator: PrinterSimulator, standin: OpenAIStandin, wait_for: WaitFor
) -> None:
    await start_running_print(simulator, wait_for)
    standin.script(call("print_model"), Reply(text="The printer is busy, sir."))
    await turn(hass, "Print the model")
    result = tool_result(standin)
    assert "error" in result
    assert "running (Benchy)" in str(result)


@pytest.mark.usefixtures("printer", "init_integration")
async def test_tell_me_when_it_is_done_without_a_satellite(
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    standin: OpenAIStandin,
    wait_for: WaitFor,
    notifications: Notifications,
) -> None:
    await start_running_print(simulator, wait_for)
    await wait_for(lambda: simulator.state["subtask_name"] == "Benchy")
    standin.script(call("notify_when_done"), Reply(text="I will, sir."))
    await turn(hass, "Tell me when it's done")
    assert tool_result(standin) == {
        "success": True,
        "printer": "Bambu Lab P1S",
        "task": "Benchy",
        "told_through": "notification",
    }
    simulator.finish()

    def told() -> list[str]:
        return [message for message in notifications.shown.values() if "finished" in message]

    await wait_for(told)
    assert told() == ["Benchy has finished printing on Bambu Lab P1S."]
