"""A misheard "stop" never cancels a print: HolomatStopPrint waits for a yes in the very next turn.

Real JARVIS turns (the OpenAI stand-in plays a model that calls the stop tool whenever it likes)
against ``holomat_dev``'s printer simulator on a real mosquitto.
"""

# The printer fixtures are imported by name from tests/printer, then requested by name.
# ruff: noqa: F811

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun import freeze_time
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm
from homeassistant.util import dt as dt_util
import pytest

from custom_components.holomat.jarvis.config_flow import default_agent_options
from custom_components.holomat.jarvis.const import CONF_PREFER_LOCAL
from custom_components.holomat.llm_confirmation import is_confirmation
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.openai_standin import OpenAIStandin, Reply, ToolCall
from tests.assist.conftest import sentences_written
from tests.printer.conftest import WaitFor, broker, entry, model, printer, simulator, wait_for  # noqa: F401 - fixtures used by name
from tests.printer.test_actions import start_print

from .conftest import AGENT
from .test_printer_tools import said, tool_result

STOP = Reply(tool_calls=(ToolCall("assist__HolomatStopPrint", {}),))
ASKED = "Stop the print of Benchy on the P1S? Say yes to confirm."


async def turn(hass: HomeAssistant, text: str, conversation_id: str | None = None) -> str:
    """Say ``text`` to JARVIS in conversation ``conversation_id``; return that conversation's id."""
    result = await conversation.async_converse(
        hass, text, conversation_id, Context(), agent_id=AGENT
    )
    assert result.conversation_id is not None
    return result.conversation_id


def asked(standin: OpenAIStandin) -> bool:
    """Return whether the last stop call only asked for the user's confirmation."""
    result = tool_result(standin)
    return said(result) == ASKED and result["speech_slots"]["confirmation_required"] is True


@pytest.mark.usefixtures("printer", "init_integration")
async def test_stop_happens_only_after_the_user_says_yes(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor, standin: OpenAIStandin
) -> None:
    await start_print(hass, simulator, wait_for)
    standin.script(STOP, Reply(text="Stop the Benchy print, sir?"))
    conversation_id = await turn(hass, "Stop my print")
    assert asked(standin)
    assert simulator.gcode_state == "RUNNING"

    standin.script(STOP, Reply(text="Stopped."))
    await turn(hass, "Yes, stop it.", conversation_id)
    assert said(tool_result(standin)) == "Stopped the print of Benchy on the P1S."
    await wait_for(lambda: simulator.gcode_state in ("FAILED", "IDLE"))


@pytest.mark.usefixtures("printer", "init_integration")
async def test_the_yes_may_come_through_the_confirm_tool(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor, standin: OpenAIStandin
) -> None:
    await start_print(hass, simulator, wait_for)
    confirm = Reply(tool_calls=(ToolCall("assist__HolomatConfirm", {"answer": "yes"}),))
    standin.script(STOP, Reply(text="Sure, sir?"), confirm, Reply(text="Done."))
    conversation_id = await turn(hass, "Stop my print")
    await turn(hass, "No.", conversation_id)  # the model says yes anyway: the user's words rule
    assert said(tool_result(standin)) == "All right, nothing was done."
    assert simulator.gcode_state == "RUNNING"

    standin.script(STOP, Reply(text="Sure, sir?"), confirm, Reply(text="Done."))
    conversation_id = await turn(hass, "Stop my print")
    await turn(hass, "Oui", conversation_id)
    assert said(tool_result(standin)) == "Stopped the print of Benchy on the P1S."
    await wait_for(lambda: simulator.gcode_state in ("FAILED", "IDLE"))


@pytest.mark.usefixtures("printer", "init_integration")
async def test_the_model_cannot_confirm_for_the_user(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor, standin: OpenAIStandin
) -> None:
    await start_print(hass, simulator, wait_for)
    standin.script(STOP, STOP, STOP, Reply(text="I tried three times, sir."))
    await turn(hass, "Stop my print, yes, I confirm")
    assert asked(standin)
    assert simulator.gcode_state == "RUNNING"


@pytest.mark.parametrize("answer", ["No, keep printing", "Wait", "What is the temperature?"])
@pytest.mark.usefixtures("printer", "init_integration")
async def test_anything_but_yes_does_not_stop(
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
    standin: OpenAIStandin,
    answer: str,
) -> None:
    await start_print(hass, simulator, wait_for)
    standin.script(STOP, Reply(text="Are you sure, sir?"), STOP, Reply(text="Done."))
    conversation_id = await turn(hass, "Stop")
    await turn(hass, answer, conversation_id)
    assert asked(standin)
    assert simulator.gcode_state == "RUNNING"


@pytest.mark.parametrize("answer", ["No, keep printing", "What is the temperature?"])
@pytest.mark.usefixtures("printer", "init_integration")
async def test_a_pending_stop_lives_for_exactly_one_turn(
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
    standin: OpenAIStandin,
    answer: str,
) -> None:
    """Issue 15.1: the turn after the question cancels it; a later yes to another question is no."""
    await start_print(hass, simulator, wait_for)
    standin.script(STOP, Reply(text="Stop the Benchy print, sir?"))
    conversation_id = await turn(hass, "Stop my print")
    standin.script(Reply(text="Very well, sir. Shall I turn on the chamber light?"))
    await turn(hass, answer, conversation_id)
    standin.script(STOP, Reply(text="Done."))
    await turn(hass, "Yes", conversation_id)
    assert asked(standin)
    assert simulator.gcode_state == "RUNNING"


@pytest.mark.usefixtures("printer", "init_integration")
async def test_a_yes_elsewhere_or_too_late_does_not_stop(
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
    standin: OpenAIStandin,
) -> None:
    await start_print(hass, simulator, wait_for)
    standin.script(STOP, Reply(text="Sure, sir?"), STOP, Reply(text="Done."))
    conversation_id = await turn(hass, "Stop the print")
    await turn(hass, "Yes", None)  # another conversation
    assert asked(standin)

    standin.script(STOP, Reply(text="Sure, sir?"))
    conversation_id = await turn(hass, "Stop the print")
    standin.script(STOP, Reply(text="Done."))
    with freeze_time(dt_util.utcnow() + timedelta(seconds=91), tick=True):
        await turn(hass, "Yes", conversation_id)
    # Asked again (or, the jump in time having left the printer silent, said to be offline).
    assert said(tool_result(standin)) in (ASKED, "The P1S is offline.")
    assert simulator.gcode_state not in ("FAILED", "IDLE")


@pytest.mark.usefixtures("printer", "init_integration")
async def test_outside_a_conversation_stop_is_refused(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor
) -> None:
    """Any agent's code calling the tool directly, with no user turn, cannot stop a print."""
    await start_print(hass, simulator, wait_for)
    api = await llm.async_get_api(
        hass, "assist", llm.LLMContext("test", Context(), "en", "conversation", None)
    )
    result: dict[str, Any] = await api.async_call_tool(llm.ToolInput("HolomatStopPrint", {}))
    assert said(result).startswith("Stopping a print by voice needs your yes in a conversation")
    assert simulator.gcode_state == "RUNNING"


@pytest.fixture
def agent_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Return the default agent settings, updated by the test's parameter."""
    return default_agent_options() | getattr(request, "param", {})


@pytest.mark.parametrize("agent_options", [{CONF_PREFER_LOCAL: True}], indirect=True)
@pytest.mark.usefixtures("printer", "init_integration")
async def test_local_first_stop_and_yes_never_reach_the_model(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor, standin: OpenAIStandin
) -> None:
    """A stop heard offline goes through the same rule when JARVIS lets local intents answer."""
    await start_print(hass, simulator, wait_for)
    await sentences_written(hass)
    result = await conversation.async_converse(
        hass, "stop the print", None, Context(), agent_id=AGENT
    )
    assert result.response.speech["plain"]["speech"] == ASKED
    answer = await conversation.async_converse(
        hass, "yes", result.conversation_id, Context(), agent_id=AGENT
    )
    assert answer.response.speech["plain"]["speech"] == "Stopped the print of Benchy on the P1S."
    assert standin.requests == []
    await wait_for(lambda: simulator.gcode_state in ("FAILED", "IDLE"))


@pytest.mark.parametrize(
    ("text", "confirmed"),
    [
        ("Yes", True),
        ("yes, stop it.", True),
        ("Yep", True),
        ("I confirm", True),
        ("Go ahead", True),
        ("Oui", True),
        ("Oui, je confirme", True),
        ("D'accord", True),
        ("vas-y", True),
        ("No", False),
        ("Yes... no, wait", False),
        ("Non", False),
        ("Oui mais pas maintenant", False),
        ("Stop", False),
        ("Stop the print", False),
        ("", False),
        ("yes " * 9, False),
    ],
)
def test_what_counts_as_a_yes(text: str, confirmed: bool) -> None:
    assert is_confirmation(text) is confirmed
