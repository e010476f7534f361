"""A compact view of the exposed entities: an index in the prompt and a lookup tool.

Home Assistant's Assist API puts every exposed entity in the system prompt ("Static Context"),
about 15 tokens each: 12,000 tokens for 800 entities, paid at every request. Above
``COMPACT_ABOVE`` exposed entities JARVIS replaces that list with a count per area and domain
and offers ``find_entities``, which returns the names (and states) the intent tools need, so any
exposed entity can still be acted on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Final

from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    llm,
)
from homeassistant.util.json import JsonObjectType
import voluptuous as vol

COMPACT_ABOVE: Final = 100
STATIC_CONTEXT: Final = "Static Context:"
NEXT_SECTION: Final = "\n\nFollow these instructions for tools from"
FIND_LIMIT: Final = 25


@dataclass(frozen=True, slots=True)
class ExposedEntity:
    """An exposed entity as the model sees it."""

    entity_id: str
    names: tuple[str, ...]
    area: str | None
    state: State


def exposed_entities(hass: HomeAssistant, assistant: str) -> list[ExposedEntity]:
    """Return the entities exposed to ``assistant`` with their names, aliases and area."""
    areas, devices, entities = ar.async_get(hass), dr.async_get(hass), er.async_get(hass)
    found: list[ExposedEntity] = []
    for state in hass.states.async_all():
        if not async_should_expose(hass, assistant, state.entity_id):
            continue
        names = [state.name]
        area_id: str | None = None
        if (entry := entities.async_get(state.entity_id)) is not None:
            names.extend(sorted(entry.aliases))
            area_id = entry.area_id
            if (
                area_id is None
                and entry.device_id
                and (device := devices.async_get(entry.device_id))
            ):
                area_id = device.area_id
        area = areas.async_get_area(area_id) if area_id else None
        found.append(
            ExposedEntity(state.entity_id, tuple(names), area.name if area else None, state)
        )
    return found


def entity_index(entities: list[ExposedEntity]) -> str:
    """Return the prompt's index: how many exposed entities of each domain each area holds."""
    by_area: dict[str, Counter[str]] = {}
    for entity in entities:
        by_area.setdefault(entity.area or "no area", Counter())[entity.state.domain] += 1
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

    def __init__(self, entities: list[ExposedEntity]) -> None:
        """Search ``entities``."""
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
            entity
            for entity in self.entities
            if (not domain or entity.state.domain == domain)
            and (not area or area in (entity.area or "").casefold())
            and all(
                any(word in name.casefold() for name in (*entity.names, entity.entity_id))
                for word in words
            )
        ]
        return {
            "entities": [
                {
                    "name": entity.names[0],
                    "aliases": list(entity.names[1:]),
                    "domain": entity.state.domain,
                    "area": entity.area,
                    "state": entity.state.state,
                }
                for entity in matches[:FIND_LIMIT]
            ],
            "more": max(0, len(matches) - FIND_LIMIT),
        }


@dataclass(slots=True, kw_only=True)
class CompactAPI(llm.API):
    """The agent's chosen LLM APIs, merged, with the exposed entities indexed when they are many."""

    api_ids: list[str]

    async def async_get_api_instance(self, llm_context: llm.LLMContext) -> llm.APIInstance:
        """Return the merged APIs' instance, its entity list replaced by an index if long."""
        inner = await llm.async_get_api(
            self.hass, self.api_ids if len(self.api_ids) > 1 else self.api_ids[0], llm_context
        )
        prompt, tools = inner.api_prompt, list(inner.tools)
        start = prompt.find(STATIC_CONTEXT)
        if start >= 0 and llm_context.assistant:
            entities = exposed_entities(self.hass, llm_context.assistant)
            if len(entities) > COMPACT_ABOVE:
                end = prompt.find(NEXT_SECTION, start)
                rest = prompt[end:] if end >= 0 else ""
                prompt = f"{prompt[:start]}{entity_index(entities)}{rest}"
                tools.append(FindEntitiesTool(entities))
        return llm.APIInstance(
            api=self,
            api_prompt=prompt,
            llm_context=llm_context,
            tools=tools,
            custom_serializer=inner.custom_serializer,
        )
