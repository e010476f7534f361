"""Config flow of a JARVIS AI task (``ai_task_data`` subentry): add and edit."""

from __future__ import annotations

from homeassistant.components.ai_task import AITaskEntityFeature
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import ATTR_SUPPORTED_FEATURES, CONF_MODEL, CONF_NAME, CONF_TIMEOUT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.jarvis.const import CONF_IMAGE_MODEL, SUBENTRY_AI_TASK


async def test_add_and_edit_an_ai_task(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    entry = init_integration
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_AI_TASK), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    schema = result["data_schema"].schema
    suggested = {str(key): key.description["suggested_value"] for key in schema}
    assert suggested == {
        CONF_NAME: "JARVIS AI Task",
        CONF_MODEL: "gpt-4o-mini",
        CONF_IMAGE_MODEL: "gpt-image-1",
        CONF_TIMEOUT: 180,
    }
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "Drawer",
            CONF_MODEL: "gpt-5-mini",
            CONF_IMAGE_MODEL: " dall-e-3 ",
            CONF_TIMEOUT: 60,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    drawer = next(s for s in entry.subentries.values() if s.title == "Drawer")
    assert drawer.data == {CONF_MODEL: "gpt-5-mini", CONF_IMAGE_MODEL: "dall-e-3", CONF_TIMEOUT: 60}
    state = hass.states.get("ai_task.drawer")
    assert state is not None
    assert state.attributes[ATTR_SUPPORTED_FEATURES] & AITaskEntityFeature.GENERATE_IMAGE

    # A server that draws nothing: the image model is left empty, and the entity draws nothing.
    result = await entry.start_subentry_reconfigure_flow(hass, drawer.subentry_id)
    assert result["step_id"] == "reconfigure"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_MODEL: "gpt-5-mini", CONF_TIMEOUT: 60}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.subentries[drawer.subentry_id].data[CONF_IMAGE_MODEL] == ""
    state = hass.states.get("ai_task.drawer")
    assert state is not None
    assert state.attributes[ATTR_SUPPORTED_FEATURES] == AITaskEntityFeature.GENERATE_DATA
