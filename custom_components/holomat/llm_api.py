"""HoloMat's LLM API: the tools only an LLM agent can use, which no intent could serve.

Registered once as ``holomat`` (name "HoloMat", so merged with Assist its tools are named
``holomat__generate_3d_model``, ...). ``generate_3d_model`` is offered while a 3D model server
(the add-on) is loaded.

Printers are not here: HoloMat's printer intents (``assist/``: status, pause, resume, stop,
chamber light, confirm) reach every LLM agent as tools through Home Assistant's Assist API, the
same handlers the built-in agent runs, so no tool is offered twice and both agents agree on
which printer is meant. A tool here that starts a physical action asks for the user's yes in
the next turn (``llm_confirmation``).
"""

from __future__ import annotations

from typing import Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import llm

from .const import DOMAIN, EntryType, entry_type
from .model_server.llm_tool import Generate3DModelTool
from .printer.llm_tools import NotifyWhenDoneTool, PrintModelTool

API_ID: Final = "holomat"
API_NAME: Final = "HoloMat"
API_PROMPT: Final = (
    "The user's 3D printers are reached through the Holomat tools of Assist (status, pause, "
    "resume, stop, chamber light). Stopping a print only asks: relay the question; the user's "
    "yes in their next message confirms it."
)
MODEL_PROMPT: Final = (
    " To make a 3D model of something the user shows or describes, use generate_3d_model: it "
    "returns at once and the user is notified when the model is ready."
)
PRINT_PROMPT: Final = (
    " To print the model (or a file), use print_model: like stopping, it only asks, and the "
    "user's yes in their next message confirms it. To tell the user when a print ends, use "
    "notify_when_done."
)


def _has_model_server(hass: HomeAssistant) -> bool:
    """Return whether a 3D model server (the HoloMat add-on) is loaded."""
    return any(
        entry_type(entry) is EntryType.MODEL_SERVER
        for entry in hass.config_entries.async_loaded_entries(DOMAIN)
    )


def _tools(with_models: bool) -> list[llm.Tool]:
    """Return HoloMat's tools; ``with_models`` adds 3D generation (a model server is loaded)."""
    tools: list[llm.Tool] = [PrintModelTool(), NotifyWhenDoneTool()]
    if with_models:
        tools.append(Generate3DModelTool())
    return tools


class HolomatAPI(llm.API):
    """HoloMat's tools for any conversation agent."""

    async def async_get_api_instance(self, llm_context: llm.LLMContext) -> llm.APIInstance:
        """Return the tools with their instructions."""
        with_models = _has_model_server(self.hass)
        return llm.APIInstance(
            api=self,
            api_prompt=API_PROMPT + (MODEL_PROMPT if with_models else "") + PRINT_PROMPT,
            llm_context=llm_context,
            tools=_tools(with_models),
        )


@callback
def async_register(hass: HomeAssistant) -> None:
    """Register the ``holomat`` LLM API (once per Home Assistant start)."""
    llm.async_register_api(hass, HolomatAPI(hass=hass, id=API_ID, name=API_NAME))
