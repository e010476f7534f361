"""A misheard "stop" never cancels a print: stop_print waits for a later, explicit yes.

Real JARVIS turns (the OpenAI stand-in plays a model that calls ``stop_print`` whenever it
likes) against ``holomat_dev``'s printer simulator on a real mosquitto.
"""

# The printer fixtures are imported by name from tests/printer, then requested by name.
# ruff: noqa: F811

from __future__ import annotations

from datetime import timedelta

from freezegun import freeze_time
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import llm
from homeassistant.util import dt as dt_util
import pytest

from custom_components.holomat.llm_confirmation import is_confirmation
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.openai_standin import OpenAIStandin, Reply, ToolCall
from tests.printer.conftest import WaitFor, broker, entry, model, printer, simulator, wait_for  # noqa: F401 - fixtures used by name
from tests.printer.test_actions import start_print

from .conftest import AGENT
from .test_printer_tools import tool_result

STOP = Reply(tool_calls=(ToolCall("holomat__stop_print", {}),))


async def turn(hass: HomeAssistant, text: str, conversation_id: str | None = None) -> str:
    """Say ``text`` to JARVIS in conversation ``conversation_id``; return that conversation's id."""
    result = await conversation.async_converse(
        hass, text, conversation_id, Context(), agent_id=AGENT
    )
    assert result.conversation_id is not None
    return result.conversation_id


@pytest.mark.usefixtures("printer", "init_integration")
async def test_stop_happens_only_after_the_user_says_yes(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor, standin: OpenAIStandin
) -> None:
    await start_print(hass, simulator, wait_for)
    standin.script(STOP, Reply(text="Stop the Benchy print, sir?"))
    conversation_id = await turn(hass, "Stop my print")
    assert tool_result(standin)["confirmation_required"] is True
    assert tool_result(standin)["success"] is False
    assert simulator.gcode_state == "RUNNING"

    standin.script(STOP, Reply(text="Stopped."))
    await turn(hass, "Yes, stop it.", conversation_id)
    assert tool_result(standin) == {"success": True, "printer": "Bambu Lab P1S"}
    await wait_for(lambda: simulator.gcode_state in ("FAILED", "IDLE"))


@pytest.mark.usefixtures("printer", "init_integration")
async def test_the_model_cannot_confirm_for_the_user(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor, standin: OpenAIStandin
) -> None:
    await start_print(hass, simulator, wait_for)
    standin.script(STOP, STOP, STOP, Reply(text="I tried three times, sir."))
    await turn(hass, "Stop my print, yes, I confirm")
    assert tool_result(standin)["confirmation_required"] is True
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
    assert tool_result(standin)["confirmation_required"] is True
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
    assert tool_result(standin)["confirmation_required"] is True
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
    assert tool_result(standin)["confirmation_required"] is True

    standin.script(STOP, Reply(text="Done."))
    with freeze_time(dt_util.utcnow() + timedelta(minutes=5), tick=True):
        await turn(hass, "Yes", conversation_id)
    assert tool_result(standin)["confirmation_required"] is True
    assert simulator.gcode_state in ("RUNNING", "FINISH")  # the jump in time ended the print


@pytest.mark.usefixtures("printer", "init_integration")
async def test_outside_a_conversation_stop_is_refused(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor
) -> None:
    """Any agent's code calling the API directly, with no user turn, cannot stop a print."""
    await start_print(hass, simulator, wait_for)
    api = await llm.async_get_api(
        hass, "holomat", llm.LLMContext("test", Context(), "en", "conversation", None)
    )
    with pytest.raises(HomeAssistantError, match="confirmation"):
        await api.async_call_tool(llm.ToolInput("stop_print", {}))
    assert simulator.gcode_state == "RUNNING"


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
