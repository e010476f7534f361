"""HoloMat's printer tools, end to end: a JARVIS turn pauses a simulated printer.

The printer is ``holomat_dev``'s simulator on a real mosquitto (fixtures of ``tests/printer``);
the model is the OpenAI stand-in.
"""

# The printer fixtures are imported by name from tests/printer, then requested by name.
# ruff: noqa: F811

from __future__ import annotations

import json

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.openai_standin import OpenAIStandin, Reply, ToolCall
from tests.printer.conftest import WaitFor, broker, entry, model, printer, simulator, wait_for  # noqa: F401 - fixtures used by name
from tests.printer.test_actions import start_print

from .conftest import AGENT


async def converse(hass: HomeAssistant, text: str) -> str:
    """Say ``text`` to JARVIS and return its answer."""
    result = await conversation.async_converse(hass, text, None, Context(), agent_id=AGENT)
    return str(result.response.speech["plain"]["speech"])


def tool_result(standin: OpenAIStandin, request: int = -1) -> dict[str, object]:
    """Return the last tool result sent to the model in ``request``."""
    message = standin.requests[request]["messages"][-1]
    assert message["role"] == "tool"
    result: dict[str, object] = json.loads(message["content"])
    return result


@pytest.mark.usefixtures("printer", "init_integration")
async def test_tool_turn_pauses_a_simulated_printer(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor, standin: OpenAIStandin
) -> None:
    await start_print(hass, simulator, wait_for)
    standin.script(
        Reply(tool_calls=(ToolCall("holomat__printer_status", {"name": "p1s"}),)),
        Reply(tool_calls=(ToolCall("holomat__pause_print", {}),)),
        Reply(text="The Benchy print is paused, sir."),
    )
    assert await converse(hass, "Pause my print") == "The Benchy print is paused, sir."
    assert simulator.gcode_state == "PAUSE"
    (status,) = tool_result(standin, 1)["printers"]  # type: ignore[misc]
    assert status["name"] == "Bambu Lab P1S"
    assert status["online"] is True
    assert status["state"] == "running"
    assert status["task"] == "Benchy"
    assert status["total_layers"] == 100
    assert tool_result(standin) == {"success": True, "printer": "Bambu Lab P1S"}

    standin.script(
        Reply(tool_calls=(ToolCall("holomat__resume_print", {"name": "Bambu"}),)),
        Reply(text="Resumed."),
        Reply(tool_calls=(ToolCall("holomat__stop_print", {"name": "X1C"}),)),
        Reply(text="You have no X1C, sir."),
    )
    assert await converse(hass, "Resume it") == "Resumed."
    assert simulator.gcode_state == "RUNNING"
    assert await converse(hass, "Stop the X1C") == "You have no X1C, sir."
    assert "No printer named 'X1C'" in str(tool_result(standin)["error_text"])
    assert simulator.gcode_state == "RUNNING"


@pytest.mark.usefixtures("printer", "init_integration")
async def test_pause_while_idle_reaches_the_model_as_an_error(
    hass: HomeAssistant, standin: OpenAIStandin
) -> None:
    standin.script(
        Reply(tool_calls=(ToolCall("holomat__pause_print", {}),)),
        Reply(text="Nothing is printing, sir."),
    )
    assert await converse(hass, "Pause") == "Nothing is printing, sir."
    assert tool_result(standin)["error"] == "ServiceValidationError"


async def test_holomat_api_for_any_agent(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    api = await llm.async_get_api(hass, "holomat", llm.LLMContext("test", None, "en", None, None))
    assert [tool.name for tool in api.tools] == [
        "printer_status",
        "pause_print",
        "resume_print",
        "stop_print",
        "print_model",
        "notify_when_done",
    ]
    assert "printers" in api.api_prompt
