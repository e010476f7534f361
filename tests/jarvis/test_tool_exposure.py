"""HoloMat's printer intents act only on printers exposed to the assistant that calls them.

Real JARVIS turns (the OpenAI stand-in as the model) against ``holomat_dev``'s printer simulator.
"""

# The printer fixtures are imported by name from tests/printer, then requested by name.
# ruff: noqa: F811

from __future__ import annotations

from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.openai_standin import OpenAIStandin, Reply, ToolCall
from tests.printer.conftest import WaitFor, broker, entry, model, printer, simulator, wait_for  # noqa: F401 - fixtures used by name
from tests.printer.test_actions import start_print

from .test_printer_tools import converse, said, tool_result


def expose_printer(hass: HomeAssistant, printer: PrinterCoordinator, exposed: bool) -> None:
    """Expose (or hide) every entity of ``printer`` to conversation agents."""
    entries = er.async_entries_for_config_entry(er.async_get(hass), printer.config_entry.entry_id)
    assert entries
    for registry_entry in entries:
        async_expose_entity(hass, "conversation", registry_entry.entity_id, exposed)


@pytest.mark.usefixtures("init_integration")
async def test_unexposed_printer_is_not_seen_nor_commanded(
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    wait_for: WaitFor,
    standin: OpenAIStandin,
) -> None:
    await start_print(hass, simulator, wait_for)
    expose_printer(hass, printer, False)
    standin.script(
        Reply(tool_calls=(ToolCall("assist__HolomatPrinterStatus", {}),)),
        Reply(tool_calls=(ToolCall("assist__HolomatPausePrint", {"printer": "P1S"}),)),
        Reply(tool_calls=(ToolCall("assist__HolomatPausePrint", {}),)),
        Reply(text="I cannot reach that printer, sir."),
    )
    assert await converse(hass, "Pause my print") == "I cannot reach that printer, sir."
    status = tool_result(standin, 1)
    assert status["speech_slots"] == {"printers": []}
    assert said(status) == "No printer is exposed to the assistant."
    assert said(tool_result(standin, 2)) == "P1S is not exposed to the assistant."
    assert said(tool_result(standin)) == "No printer is exposed to the assistant."
    assert simulator.gcode_state == "RUNNING"

    expose_printer(hass, printer, True)
    standin.script(
        Reply(tool_calls=(ToolCall("assist__HolomatPausePrint", {"printer": "P1S"}),)),
        Reply(text="Paused."),
    )
    assert await converse(hass, "Pause my print") == "Paused."
    assert simulator.gcode_state == "PAUSE"
