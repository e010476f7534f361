"""Many exposed entities: an index in the prompt and a lookup tool instead of the full list."""

from __future__ import annotations

import json

from homeassistant.components import conversation
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import area_registry as ar, device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.jarvis.compact import COMPACT_ABOVE
from holomat_dev.openai_standin import OpenAIStandin, Reply, ToolCall

from .conftest import AGENT

OFFICE_LAMPS = {"area": "office", "domain": "input_boolean"}


async def add_lamps(hass: HomeAssistant, count: int) -> None:
    """Expose ``count`` switchable lamps spread over three areas (one through its device)."""
    config = {f"lamp_{i}": {"name": f"Lamp {i}"} for i in range(count)}
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": config})
    areas = [ar.async_get(hass).async_create(name).id for name in ("Kitchen", "Office")]
    entities = er.async_get(hass)
    for i in range(count):
        entity_id = f"input_boolean.lamp_{i}"
        async_expose_entity(hass, conversation.DOMAIN, entity_id, True)
        if i % 3 < 2:
            entities.async_update_entity(entity_id, area_id=areas[i % 3])
    entities.async_update_entity("input_boolean.lamp_0", aliases={"big light"})
    owner = MockConfigEntry(domain="test")
    owner.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=owner.entry_id, identifiers={("test", "lamp")}, name="Lamp device"
    )
    dr.async_get(hass).async_update_device(device.id, area_id=areas[1])
    entities.async_update_entity("input_boolean.lamp_2", device_id=device.id)


async def test_few_entities_keep_the_full_list(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    await add_lamps(hass, 5)
    await conversation.async_converse(hass, "Hello", None, Context(), agent_id=AGENT)
    (request,) = standin.requests
    assert "Static Context:" in request["messages"][0]["content"]
    assert "assist__find_entities" not in {tool["function"]["name"] for tool in request["tools"]}


async def test_many_entities_get_an_index_and_a_lookup_tool(
    hass: HomeAssistant, standin: OpenAIStandin, init_integration: MockConfigEntry
) -> None:
    count = COMPACT_ABOVE + 50
    await add_lamps(hass, count)
    standin.script(
        Reply(tool_calls=(ToolCall("assist__find_entities", {"query": "big"}),)),
        Reply(tool_calls=(ToolCall("assist__find_entities", OFFICE_LAMPS),)),
        Reply(tool_calls=(ToolCall("assist__HassTurnOn", {"name": "Lamp 148"}),)),
        Reply(text="Lamp 148 is on, sir."),
    )
    result = await conversation.async_converse(
        hass, "Turn on lamp 148", None, Context(), agent_id=AGENT
    )
    assert result.response.speech["plain"]["speech"] == "Lamp 148 is on, sir."
    assert hass.states.get("input_boolean.lamp_148").state == "on"
    first = standin.requests[0]
    prompt = first["messages"][0]["content"]
    assert "Static Context:" not in prompt
    assert "Lamp 148" not in prompt
    assert f"Index: {count} exposed entities" in prompt
    assert "- Kitchen: input_boolean 50" in prompt
    assert 'Follow these instructions for tools from "holomat"' in prompt
    assert "assist__find_entities" in {tool["function"]["name"] for tool in first["tools"]}
    found = json.loads(standin.requests[1]["messages"][-1]["content"])
    assert found["entities"] == [
        {
            "names": "Lamp 0, big light",
            "domain": "input_boolean",
            "areas": "Kitchen",
            "state": "off",
        }
    ]
    found = json.loads(standin.requests[2]["messages"][-1]["content"])
    names = [entity["names"] for entity in found["entities"]]
    assert "Lamp 2" in names  # in the office through its device
    assert all(entity["areas"] == "Office" for entity in found["entities"])
    office = sum(1 for i in range(count) if i % 3 == 1) + 1
    assert len(names) == 25
    assert found["more"] == office - 25
