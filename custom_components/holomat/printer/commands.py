"""Send commands to a printer and turn the library's failures into errors a user can act on."""

from __future__ import annotations

from collections.abc import Awaitable

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import issue_registry as ir

from ..bambu import (
    BambuAuthorizationRequiredError,
    BambuCommandError,
    BambuCommandTimeoutError,
    BambuConnectionError,
    BambuInvalidStateError,
)
from ..const import DOMAIN
from .const import ISSUE_DEVELOPER_MODE
from .coordinator import PrinterCoordinator


async def async_send_command(
    coordinator: PrinterCoordinator, command: str, sent: Awaitable[None]
) -> None:
    """Await ``sent`` (a client command named ``command``), mapping failures to HA errors.

    Raises ``ServiceValidationError`` when the printer's state forbids the command (pause while
    idle) and a translated ``HomeAssistantError`` when the printer is offline, refuses the command
    or does not answer. A refusal by authorization-control firmware also opens a repair issue that
    explains how to turn on LAN-only Developer mode; the next accepted command closes it.
    """
    name = coordinator.config_entry.title
    placeholders = {"name": name, "command": command}
    issue_id = f"{ISSUE_DEVELOPER_MODE}_{coordinator.config_entry.entry_id}"
    try:
        await sent
    except BambuInvalidStateError as err:
        state = coordinator.data.state.gcode_state
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_printer_state",
            translation_placeholders={
                **placeholders,
                "state": state.value.lower() if state else "unknown",
            },
        ) from err
    except BambuAuthorizationRequiredError as err:
        ir.async_create_issue(
            coordinator.hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=ISSUE_DEVELOPER_MODE,
            translation_placeholders={"name": name},
            learn_more_url="https://wiki.bambulab.com/en/knowledge-sharing/enable-lan-mode",
        )
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="developer_mode_required",
            translation_placeholders=placeholders,
        ) from err
    except BambuCommandTimeoutError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="command_timeout",
            translation_placeholders=placeholders,
        ) from err
    except BambuCommandError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="command_failed",
            translation_placeholders={**placeholders, "reason": err.reason or str(err)},
        ) from err
    except BambuConnectionError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="printer_offline",
            translation_placeholders=placeholders,
        ) from err
    ir.async_delete_issue(coordinator.hass, DOMAIN, issue_id)
