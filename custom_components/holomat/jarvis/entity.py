"""The device every entity of a JARVIS agent belongs to."""

from __future__ import annotations

from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import CONF_MODEL
from homeassistant.helpers import device_registry as dr

from ..const import DOMAIN


def agent_device_info(subentry: ConfigSubentry) -> dr.DeviceInfo:
    """Return the agent's service device (complete, whichever platform registers it first)."""
    return dr.DeviceInfo(
        identifiers={(DOMAIN, subentry.subentry_id)},
        name=subentry.title,
        manufacturer="HoloMat",
        model=subentry.data[CONF_MODEL],
        entry_type=dr.DeviceEntryType.SERVICE,
    )
