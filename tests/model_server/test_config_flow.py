"""Tests of the model server's config flows: discovery, by URL, reauth, reconfigure."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_HASSIO, SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.hassio import HassioServiceInfo
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from yarl import URL

from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN, EntryType

from .conftest import AddonServer, RunningServer

CLOSED_PORT_URL = "http://127.0.0.1:9"


def _discovery(url: str, token: str) -> HassioServiceInfo:
    """Return what the Supervisor sends when the add-on announces itself."""
    parsed = URL(url)
    return HassioServiceInfo(
        config={"host": parsed.host, "port": parsed.port, "token": token},
        name="HoloMat",
        slug="local_holomat",
        uuid="0123456789abcdef",
    )


async def test_manual_flow_recovers_from_each_error(
    hass: HomeAssistant, addon_server: AddonServer
) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert "model_server" in result["menu_options"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "model_server"}
    )
    assert result["step_id"] == "model_server"
    flow_id = result["flow_id"]
    for url, token, error in (
        ("ftp://example.com", addon_server.token, {CONF_URL: "model_server_invalid_url"}),
        (CLOSED_PORT_URL, addon_server.token, {"base": "model_server_cannot_connect"}),
        (addon_server.url, "wrong", {"base": "model_server_invalid_auth"}),
        (addon_server.url + "/not-the-api", addon_server.token, {"base": "unknown"}),
    ):
        result = await hass.config_entries.flow.async_configure(
            flow_id, {CONF_URL: url, CONF_TOKEN: token}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == error
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: f" {addon_server.url}/ ", CONF_TOKEN: f" {addon_server.token} "}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "HoloMat 3D model server"
    assert result["data"] == {
        CONF_ENTRY_TYPE: EntryType.MODEL_SERVER,
        CONF_URL: addon_server.url,
        CONF_TOKEN: addon_server.token,
    }
    assert result["result"].unique_id == URL(addon_server.url).authority
    assert result["result"].state is ConfigEntryState.LOADED


@pytest.mark.parametrize(
    ("unique_id", "host", "reason"),
    [
        # Added by URL before: the same host and (default) port.
        ("model-server.lan:8099", "model-server.lan", "model_server_already_configured"),
        # The add-on, discovered before: another unique id, the same URL.
        ("local_holomat", "local-holomat", "already_configured"),
    ],
)
async def test_manual_flow_defaults_the_port_and_refuses_duplicates(
    hass: HomeAssistant, unique_id: str, host: str, reason: str
) -> None:
    MockConfigEntry(
        domain=DOMAIN,
        unique_id=unique_id,
        data={CONF_ENTRY_TYPE: EntryType.MODEL_SERVER, CONF_URL: f"http://{host}:8099"},
    ).add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "model_server"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: f"http://{host}", CONF_TOKEN: "t"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason


async def test_discovery_confirm_then_add(hass: HomeAssistant, standin: RunningServer) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HASSIO}, data=_discovery(standin.url, "old-token")
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "model_server_hassio_confirm"
    assert result["description_placeholders"] == {"name": "HoloMat"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "model_server_invalid_auth"}
    # The add-on restarted with the token it announced.
    standin.standin.token = "old-token"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "HoloMat"
    assert result["data"] == {
        CONF_ENTRY_TYPE: EntryType.MODEL_SERVER,
        CONF_URL: standin.url,
        CONF_TOKEN: "old-token",
    }
    assert result["result"].unique_id == "local_holomat"


async def test_discovery_with_server_down(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HASSIO}, data=_discovery(CLOSED_PORT_URL, "t")
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "model_server_cannot_connect"}


async def test_discovery_of_the_real_addon(hass: HomeAssistant, addon_server: AddonServer) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_HASSIO},
        data=_discovery(addon_server.url, addon_server.token),
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].state is ConfigEntryState.LOADED


async def test_rediscovery_updates_the_entry(
    hass: HomeAssistant, standin_entry: MockConfigEntry, standin: RunningServer
) -> None:
    standin_entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HASSIO}, data=_discovery(standin.url, "new-token")
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "model_server_already_configured"
    assert standin_entry.data[CONF_TOKEN] == "new-token"


async def test_discovery_of_a_server_added_by_url(
    hass: HomeAssistant, standin: RunningServer
) -> None:
    MockConfigEntry(
        domain=DOMAIN, unique_id="01S00A123456789", data={CONF_ENTRY_TYPE: EntryType.PRINTER}
    ).add_to_hass(hass)
    MockConfigEntry(
        domain=DOMAIN,
        unique_id=URL(standin.url).authority,
        data={CONF_ENTRY_TYPE: EntryType.MODEL_SERVER, CONF_URL: standin.url},
    ).add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HASSIO}, data=_discovery(standin.url, "t")
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure(
    hass: HomeAssistant, init_standin: MockConfigEntry, standin: RunningServer
) -> None:
    result = await init_standin.start_reconfigure_flow(hass)
    assert result["step_id"] == "model_server_reconfigure"
    for url, token, error in (
        ("not a url", standin.token, {CONF_URL: "model_server_invalid_url"}),
        (CLOSED_PORT_URL, standin.token, {"base": "model_server_cannot_connect"}),
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_URL: url, CONF_TOKEN: token}
        )
        assert result["errors"] == error
    standin.standin.token = "rotated"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: standin.url, CONF_TOKEN: "rotated"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "model_server_reconfigure_successful"
    assert init_standin.data[CONF_TOKEN] == "rotated"
    await hass.async_block_till_done()
    assert init_standin.state is ConfigEntryState.LOADED


async def test_wrong_token_starts_reauth(
    hass: HomeAssistant, standin_entry: MockConfigEntry, standin: RunningServer
) -> None:
    standin.standin.token = "rotated"
    standin_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(standin_entry.entry_id)
    await hass.async_block_till_done()
    assert standin_entry.state is ConfigEntryState.SETUP_ERROR
    [flow] = hass.config_entries.flow.async_progress()
    assert flow["step_id"] == "model_server_reauth"
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_TOKEN: "still-wrong"}
    )
    assert result["errors"] == {"base": "model_server_invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_TOKEN: "rotated"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "model_server_reauth_successful"
    await hass.async_block_till_done()
    assert standin_entry.state is ConfigEntryState.LOADED
