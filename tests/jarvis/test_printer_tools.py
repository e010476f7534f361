"""JARVIS's printer tools are HoloMat's intents, offered by Assist, on a simulated printer.

The printer is ``holomat_dev``'s simulator on a real mosquitto (fixtures of ``tests/printer``);
the model is the OpenAI stand-in. The same intents serve Home Assistant's built-in agent, so
both agents answer alike.
"""

# The printer fixtures are imported by name from tests/printer, then requested by name.
# ruff: noqa: F811

from __future__ import annotations

import json
from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.openai_standin import OpenAIStandin, Reply, ToolCall
from tests.assist.conftest import sentences_written
from tests.printer.conftest import WaitFor, broker, entry, model, printer, simulator, wait_for  # noqa: F401 - fixtures used by name
from tests.printer.test_actions import start_print

from .conftest import AGENT

PRINTER_TOOLS = {
    "assist__HolomatPrinterStatus",
    "assist__HolomatPausePrint",
    "assist__HolomatResumePrint",
    "assist__HolomatStopPrint",
    "assist__HolomatChamberLight",
    "assist__HolomatConfirm",
}


async def converse(hass: HomeAssistant, text: str, agent_id: str | None = AGENT) -> str:
    """Say ``text`` to JARVIS (``agent_id`` None: the built-in agent); return its answer."""
    result = await conversation.async_converse(hass, text, None, Context(), agent_id=agent_id)
    return str(result.response.speech["plain"]["speech"])


def tool_result(standin: OpenAIStandin, request: int = -1) -> dict[str, Any]:
    """Return the last tool result sent to the model in ``request``."""
    message = standin.requests[request]["messages"][-1]
    assert message["role"] == "tool"
    result: dict[str, Any] = json.loads(message["content"])
    return result


def said(result: dict[str, Any]) -> str:
    """Return the speech of an intent tool's result."""
    return str(result["speech"]["plain"]["speech"])


@pytest.mark.usefixtures("printer", "init_integration")
async def test_printer_tools_are_the_intent_tools(
    hass: HomeAssistant, standin: OpenAIStandin
) -> None:
    standin.script(Reply(text="Hello."))
    await converse(hass, "Hello")
    tools = {tool["function"]["name"]: tool["function"] for tool in standin.requests[0]["tools"]}
    assert set(tools) >= PRINTER_TOOLS
    # Nothing twice: HoloMat's own tools only do what no intent does.
    assert [name for name in tools if name.startswith("holomat__")] == [
        "holomat__print_model",
        "holomat__notify_when_done",
    ]
    status = tools["assist__HolomatPrinterStatus"]
    assert "printer" in status["parameters"]["properties"]
    assert "model such as X1C" in status["parameters"]["properties"]["printer"]["description"]
    assert status["parameters"]["properties"]["detail"]["enum"] == [
        "status",
        "time_left",
        "job",
        "temperature",
        "filament",
    ]
    assert "preferred_area_id" not in status["parameters"]["properties"]  # filled by HA
    assert "only asks" in tools["assist__HolomatStopPrint"]["description"]


@pytest.mark.usefixtures("printer", "init_integration")
async def test_tool_turn_pauses_a_simulated_printer(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor, standin: OpenAIStandin
) -> None:
    await start_print(hass, simulator, wait_for)
    standin.script(
        Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", {"printer": "p one s"}),)),
        Reply(tool_calls=(ToolCall("assist__HolomatPausePrint", {}),)),
        Reply(text="The Benchy print is paused, sir."),
    )
    assert await converse(hass, "Pause my print") == "The Benchy print is paused, sir."
    assert simulator.gcode_state == "PAUSE"
    status = tool_result(standin, 1)
    assert said(status).startswith("The P1S is ")
    (printer_data,) = status["speech_slots"]["printers"]
    assert printer_data["name"] == "P1S"
    assert printer_data["online"] is True
    assert printer_data["state"] == "running"
    assert printer_data["task"] == "Benchy"
    assert printer_data["total_layers"] == 100
    paused = tool_result(standin)
    assert said(paused) == "The P1S is paused."
    assert paused["data"]["success"][0]["name"] == "P1S"

    standin.script(
        Reply(tool_calls=(ToolCall("assist__HolomatResumePrint", {"printer": "Bambu"}),)),
        Reply(text="Resumed."),
        Reply(tool_calls=(ToolCall("assist__HolomatStopPrint", {"printer": "X1C"}),)),
        Reply(text="You have no X1C, sir."),
    )
    assert await converse(hass, "Resume it") == "Resumed."
    assert simulator.gcode_state == "RUNNING"
    assert await converse(hass, "Stop the X1C") == "You have no X1C, sir."
    assert said(tool_result(standin)) == (
        "I don't know a printer called X1C. Your printers: the P1S."
    )
    assert simulator.gcode_state == "RUNNING"


@pytest.mark.usefixtures("printer", "init_integration")
async def test_pause_while_idle_reaches_the_model_as_a_failure(
    hass: HomeAssistant, standin: OpenAIStandin
) -> None:
    standin.script(
        Reply(tool_calls=(ToolCall("assist__HolomatPausePrint", {}),)),
        Reply(text="Nothing is printing, sir."),
    )
    assert await converse(hass, "Pause") == "Nothing is printing, sir."
    result = tool_result(standin)
    assert result["response_type"] == "error"
    assert result["data"]["code"] == "failed_to_handle"
    assert said(result) == "The P1S is not printing."


@pytest.mark.usefixtures("printer", "init_integration")
async def test_both_agents_answer_alike(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor, standin: OpenAIStandin
) -> None:
    await start_print(hass, simulator, wait_for)
    standin.script(
        Reply(
            tool_calls=(
                ToolCall("assist__HolomatPrinterStatus", {"printer": "P1S", "detail": "job"}),
            )
        ),
        Reply(text="Noted."),
    )
    await converse(hass, "What is the P1S printing?")
    await sentences_written(hass)
    built_in = await converse(hass, "what is the p one s printing", agent_id=None)
    assert said(tool_result(standin)) == built_in
    assert built_in.startswith("The P1S is printing Benchy, layer ")


async def test_holomat_api_keeps_only_what_intents_cannot_do(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    api = await llm.async_get_api(hass, "holomat", llm.LLMContext("test", None, "en", None, None))
    assert [tool.name for tool in api.tools] == ["print_model", "notify_when_done"]
    assert "Holomat tools of Assist" in api.api_prompt
