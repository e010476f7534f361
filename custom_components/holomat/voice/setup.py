"""Keep the JARVIS pipeline in step with the agent and the add-on's speech entities."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED, EVENT_STATE_CHANGED
from homeassistant.core import CoreState, Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er

from .pipeline import PIPELINE_NAME, async_ensure_jarvis_pipeline, async_remove_jarvis_pipeline

# Suggested option key (agent settings) for "make JARVIS the preferred pipeline".
CONF_PREFER_PIPELINE = "prefer_pipeline"


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
    made once HA has started, updated whenever ``stt``/``tts`` entities appear or go (the add-on
    discovered later), and removed when the agent's entity is removed (the entry deleted). With
    ``prefer`` it becomes the preferred pipeline.
    """

    async def ensure() -> None:
        await async_ensure_jarvis_pipeline(hass, agent_entity_id, prefer=prefer, name=name)

    @callback
    def schedule(*_: object) -> None:
        entry.async_create_task(hass, ensure(), "holomat jarvis pipeline")

    @callback
    def agent_removed(data: er.EventEntityRegistryUpdatedData) -> bool:
        return data["entity_id"] == agent_entity_id and data["action"] == "remove"

    @callback
    def remove(_: Event[er.EventEntityRegistryUpdatedData]) -> None:
        hass.async_create_task(async_remove_jarvis_pipeline(hass, agent_entity_id))

    @callback
    def engine_added_or_removed(data: EventStateChangedData) -> bool:
        # An entity's first (or last) state is written once it is usable (or gone).
        return data["entity_id"].split(".")[0] in ("stt", "tts") and (
            data["old_state"] is None or data["new_state"] is None
        )

    entry.async_on_unload(
        hass.bus.async_listen(er.EVENT_ENTITY_REGISTRY_UPDATED, remove, event_filter=agent_removed)
    )
    entry.async_on_unload(
        hass.bus.async_listen(EVENT_STATE_CHANGED, schedule, event_filter=engine_added_or_removed)
    )
    if hass.state is CoreState.running:
        schedule()
    else:
        entry.async_on_unload(hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STARTED, schedule))
