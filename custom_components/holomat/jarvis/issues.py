"""A repair issue when every turn of a JARVIS server fails, with the server's own words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from ..const import DOMAIN
from .const import CONF_BASE_URL

if TYPE_CHECKING:
    from . import JarvisConfigEntry

ISSUE_TURNS_FAILING: Final = "jarvis_turns_failing"
# Failed turns in a row before the user is told: one failure may be a passing hiccup.
FAILED_TURNS_BEFORE_ISSUE: Final = 3


def issue_id(entry: JarvisConfigEntry) -> str:
    """Return the id of the entry's issue."""
    return f"{ISSUE_TURNS_FAILING}_{entry.entry_id}"


@callback
def async_turn_failed(hass: HomeAssistant, entry: JarvisConfigEntry, error: str) -> None:
    """Count a failed turn; after ``FAILED_TURNS_BEFORE_ISSUE`` in a row, raise the issue."""
    data = entry.runtime_data
    data.failed_turns += 1
    if data.failed_turns < FAILED_TURNS_BEFORE_ISSUE:
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(entry),
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key=ISSUE_TURNS_FAILING,
        translation_placeholders={
            "url": entry.data[CONF_BASE_URL],
            "turns": str(data.failed_turns),
            "error": error,
        },
    )


@callback
def async_turn_succeeded(hass: HomeAssistant, entry: JarvisConfigEntry) -> None:
    """Reset the count and withdraw the issue."""
    if entry.runtime_data.failed_turns:
        entry.runtime_data.failed_turns = 0
        ir.async_delete_issue(hass, DOMAIN, issue_id(entry))
