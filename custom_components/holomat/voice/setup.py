"""Keep the JARVIS pipeline in step with the agent and the add-on's speech entities."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED, EVENT_STATE_CHANGED
from homeassistant.core import CoreState, Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.util.hass_dict import HassKey

from .pipeline import PIPELINE_NAME, async_ensure_jarvis_pipeline, async_remove_jarvis_pipeline

# Suggested option key (agent settings) for "make JARVIS the preferred pipeline".
CONF_PREFER_PIPELINE = "prefer_pipeline"
# Agents whose pipelines HoloMat keeps; their removal from the entity registry removes them.
_AGENTS: HassKey[set[str]] = HassKey("holomat_voice_agents")


@callback
def async_setup_jarvis_voice(
    hass: HomeAssistant,
    entry: ConfigEntry,
    agent_entity_id: str,
    *,
    prefer: bool = False,
    name: str = PIPELINE_NAME,
) -> None:
    """Maintain the pipeline of the agent ``agent_entity_id`` while ``entry`` is loaded.

    Call after the conversation platform is set up. The pipeline (called ``name`` when made) is
    made once HA has started and updated whenever ``stt``/``tts``/``wake_word`` entities appear
    or go (the add-on discovered later). It is removed when the agent's entity leaves the entity
    registry (the entry or the agent deleted), which happens after the entry is unloaded, so
    that watch lives as long as HA. With ``prefer`` it becomes the preferred pipeline.
    """
    _async_watch_agents(hass).add(agent_entity_id)

    async def ensure() -> None:
        await async_ensure_jarvis_pipeline(hass, agent_entity_id, prefer=prefer, name=name)

    @callback
    def schedule(*_: object) -> None:
        entry.async_create_task(hass, ensure(), "holomat jarvis pipeline")

    @callback
    def engine_added_or_removed(data: EventStateChangedData) -> bool:
        # An entity's first (or last) state is written once it is usable (or gone).
        return data["entity_id"].split(".")[0] in ("stt", "tts", "wake_word") and (
            data["old_state"] is None or data["new_state"] is None
        )

    entry.async_on_unload(
        hass.bus.async_listen(EVENT_STATE_CHANGED, schedule, event_filter=engine_added_or_removed)
    )
    if hass.state is CoreState.running:
        schedule()
    else:
        entry.async_on_unload(hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STARTED, schedule))


@callback
def _async_watch_agents(hass: HomeAssistant) -> set[str]:
    """Return the watched agents, listening for their removal the first time."""
    if _AGENTS in hass.data:
        return hass.data[_AGENTS]
    agents = hass.data[_AGENTS] = set()

    @callback
    def agent_removed(data: er.EventEntityRegistryUpdatedData) -> bool:
        return data["action"] == "remove" and data["entity_id"] in agents

    @callback
    def remove(event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        agents.discard(event.data["entity_id"])
        hass.async_create_task(async_remove_jarvis_pipeline(hass, event.data["entity_id"]))

    hass.bus.async_listen(er.EVENT_ENTITY_REGISTRY_UPDATED, remove, event_filter=agent_removed)
    return agents
