"""A compact view of the exposed entities: an index in the prompt and a lookup tool.

Home Assistant's Assist API puts every exposed entity in the system prompt ("Static Context", a
YAML list), about 15 tokens each: 12,000 tokens for 800 entities, sent at every request, and a
YAML dump that costs Home Assistant tens of milliseconds per turn. Above ``COMPACT_ABOVE``
exposed entities JARVIS's Assist API replaces that list with a count per area and domain and
offers ``find_entities``, which returns the names (and states) the intent tools need, so any
exposed entity can still be acted on.

``CompactAssistAPI`` overrides two hooks of Home Assistant's ``AssistAPI`` (2026.2.3):
``_async_get_exposed_entities_prompt`` and ``_async_get_tools``; both receive the exposed
entities Assist has already gathered, so nothing is computed twice.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import llm
from homeassistant.util.json import JsonObjectType
import voluptuous as vol

COMPACT_ABOVE: Final = 100
FIND_LIMIT: Final = 25

type Entities = dict[str, dict[str, Any]]


def entity_index(entities: Entities) -> str:
    """Return the prompt's index: how many exposed entities of each domain each area holds.

    ``entities`` maps entity ids to Assist's ``{"names", "domain", "areas"}`` (comma-separated
    names and aliases; the area's name first).
    """
    by_area: dict[str, Counter[str]] = {}
    for info in entities.values():
        area = str(info.get("areas") or "no area").split(", ", 1)[0]
        by_area.setdefault(area, Counter())[info["domain"]] += 1
    lines = [
        (
            f"Index: {len(entities)} exposed entities, counted by area and domain. "
            "Their names are not listed here: call find_entities (by words of the name, "
            "area or domain) to get the exact names before controlling or asking about a device."
        )
    ]
    for area in sorted(by_area):
        counts = ", ".join(f"{domain} {n}" for domain, n in sorted(by_area[area].items()))
        lines.append(f"- {area}: {counts}")
    return "\n".join(lines)


class FindEntitiesTool(llm.Tool):
    """Look up exposed entities by words of their name, their area or their domain."""

    name = "find_entities"
    description = (
        "Find exposed devices and entities by words of their name, area or domain; returns "
        "their names, areas and current states."
    )
    parameters = vol.Schema(
        {
            vol.Optional("query"): str,
            vol.Optional("area"): str,
            vol.Optional("domain"): str,
        }
    )

    def __init__(self, entities: Entities) -> None:
        """Search ``entities`` (Assist's exposed entities, by entity id)."""
        self.entities = entities

    async def async_call(
        self, hass: HomeAssistant, tool_input: llm.ToolInput, llm_context: llm.LLMContext
    ) -> JsonObjectType:
        """Return the exposed entities matching every given word, at most ``FIND_LIMIT``."""
        args: dict[str, Any] = tool_input.tool_args
        words = str(args.get("query", "")).casefold().split()
        area = str(args.get("area", "")).casefold()
        domain = str(args.get("domain", "")).casefold()
        matches = [
            (entity_id, info)
            for entity_id, info in self.entities.items()
            if (not domain or info["domain"] == domain)
            and (not area or area in str(info.get("areas", "")).casefold())
            and all(word in f"{info['names']} {entity_id}".casefold() for word in words)
        ]
        found: list[JsonObjectType] = []
        for entity_id, info in matches[:FIND_LIMIT]:
            state = hass.states.get(entity_id)
            found.append(
                {
                    "names": info["names"],
                    "domain": info["domain"],
                    "areas": info.get("areas"),
                    "state": state.state if state else None,
                }
            )
        return {"entities": found, "more": max(0, len(matches) - FIND_LIMIT)}  # type: ignore[dict-item]


def _too_many(exposed_entities: dict[str, Any] | None) -> Entities | None:
    """Return the exposed entities when they are too many to list in the prompt, else None."""
    if not exposed_entities:
        return None
    entities: Entities = exposed_entities["entities"]
    return entities if len(entities) > COMPACT_ABOVE else None


class CompactAssistAPI(llm.AssistAPI):
    """Home Assistant's Assist API, with an entity index and a lookup tool for large homes."""

    @callback
    def _async_get_exposed_entities_prompt(
        self, llm_context: llm.LLMContext, exposed_entities: dict[str, Any] | None
    ) -> list[str]:
        """Return the index instead of the list when the exposed entities are many."""
        if (entities := _too_many(exposed_entities)) is not None:
            return [entity_index(entities)]
        return super()._async_get_exposed_entities_prompt(llm_context, exposed_entities)

    @callback
    def _async_get_tools(
        self, llm_context: llm.LLMContext, exposed_entities: dict[str, Any] | None
    ) -> list[llm.Tool]:
        """Return Assist's tools, plus ``find_entities`` when the prompt holds only the index."""
        tools = super()._async_get_tools(llm_context, exposed_entities)
        if (entities := _too_many(exposed_entities)) is not None:
            tools.append(FindEntitiesTool(entities))
        return tools


def agent_api(hass: HomeAssistant, api_ids: list[str]) -> llm.API | None:
    """Return the LLM API for an agent's chosen ids (unknown ones skipped; Assist compacted)."""
    registered = {api.id: api for api in llm.async_get_apis(hass)}
    apis = [
        CompactAssistAPI(hass) if api_id == llm.LLM_API_ASSIST else registered[api_id]
        for api_id in api_ids
        if api_id in registered
    ]
    if not apis:
        return None
    return apis[0] if len(apis) == 1 else llm.MergedAPI(apis)
