"""Tell a user when a print ends: on the Assist satellite they spoke through, or a notification.

"Tell me when it's done" arms a one-time watch on a printer (``async_arm``): at the next end of
its print (finished, failed, canceled, or paused by anything but the user: the print needs
attention) each armed recipient is told once, then the watch is gone. A recipient is an Assist
satellite (``assist_satellite.announce``, spoken by its pipeline's voice), a notify entity
(``notify.send_message``), a notify action such as ``notify.mobile_app_phone``, or else a
persistent notification. Watches live in memory: a restart of Home Assistant forgets them.
"""

from __future__ import annotations

from dataclasses import dataclass
import logging
from typing import Any, Final

from homeassistant.components import persistent_notification
from homeassistant.components.assist_satellite import AssistSatelliteEntityFeature
from homeassistant.const import ATTR_ENTITY_ID, ATTR_SUPPORTED_FEATURES
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.util.hass_dict import HassKey

from ..bambu import PrinterEvent, PrinterEventType
from ..const import DOMAIN
from ..texts import Text, async_get_text
from .coordinator import PrinterCoordinator

_LOGGER = logging.getLogger(__name__)
SATELLITE_DOMAIN: Final = "assist_satellite"
# The user's own pause is not news; any other pause means the print needs attention.
USER_PAUSE: Final = "paused_user"
ENDINGS: Final = {
    PrinterEventType.PRINT_FINISHED: Text.PRINTER_DONE_FINISHED,
    PrinterEventType.PRINT_FAILED: Text.PRINTER_DONE_FAILED,
    PrinterEventType.PRINT_CANCELED: Text.PRINTER_DONE_CANCELED,
    PrinterEventType.PRINT_PAUSED: Text.PRINTER_DONE_ATTENTION,
}


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who to tell, and how: the first of ``satellite``, ``notify_entity``, ``notify_action``.

    None of them: a persistent notification. ``language`` is the text's (None: HA's own).
    """

    satellite: str | None = None
    notify_entity: str | None = None
    notify_action: str | None = None
    language: str | None = None

    @property
    def channel(self) -> str:
        """Return how the message goes: an entity id, a notify action, or ``notification``."""
        return self.satellite or self.notify_entity or self.notify_action or "notification"


@dataclass
class _Watch:
    """The recipients armed on one printer, and how to stop listening to it."""

    recipients: list[Recipient]
    stop: Any


DATA_WATCHES: HassKey[dict[str, _Watch]] = HassKey(f"{DOMAIN}_print_watches")


def satellite_of_device(hass: HomeAssistant, device_id: str | None) -> str | None:
    """Return the Assist satellite of device ``device_id`` that can announce, if any."""
    if device_id is None:
        return None
    for entry in er.async_entries_for_device(er.async_get(hass), device_id):
        if entry.domain != SATELLITE_DOMAIN:
            continue
        state = hass.states.get(entry.entity_id)
        features = state.attributes.get(ATTR_SUPPORTED_FEATURES, 0) if state else 0
        if features & AssistSatelliteEntityFeature.ANNOUNCE:
            return entry.entity_id
    return None


async def async_tell(hass: HomeAssistant, recipient: Recipient, title: str, message: str) -> None:
    """Tell ``recipient`` ``message``; a channel that fails falls back to a notification."""
    try:
        if recipient.satellite:
            await hass.services.async_call(
                SATELLITE_DOMAIN,
                "announce",
                {"message": message},
                target={ATTR_ENTITY_ID: recipient.satellite},
                blocking=True,
            )
            return
        if recipient.notify_entity:
            await hass.services.async_call(
                "notify",
                "send_message",
                {"message": message, "title": title},
                target={ATTR_ENTITY_ID: recipient.notify_entity},
                blocking=True,
            )
            return
        if recipient.notify_action:
            domain, action = recipient.notify_action.split(".", 1)
            await hass.services.async_call(
                domain, action, {"message": message, "title": title}, blocking=True
            )
            return
    except HomeAssistantError as err:
        _LOGGER.warning("Could not tell %s: %s", recipient.channel, err)
    persistent_notification.async_create(hass, message, title=title)


async def async_tell_text(
    hass: HomeAssistant, recipient: Recipient, text: Text, printer: str, **placeholders: str
) -> None:
    """Tell ``recipient`` the text ``text`` about ``printer``, in the recipient's language."""
    language = recipient.language
    title = await async_get_text(hass, Text.PRINTER_DONE_TITLE, language, printer=printer)
    message = await async_get_text(hass, text, language, printer=printer, **placeholders)
    await async_tell(hass, recipient, title, message)


def ending(event: PrinterEvent) -> Text | None:
    """Return the text of a print's end, or None for an event that is not one."""
    if event.type is PrinterEventType.PRINT_PAUSED and event.reason == USER_PAUSE:
        return None
    return ENDINGS.get(event.type)


@callback
def async_arm(hass: HomeAssistant, coordinator: PrinterCoordinator, recipient: Recipient) -> None:
    """Tell ``recipient`` once when the print on ``coordinator``'s printer next ends."""
    entry = coordinator.config_entry
    watches = hass.data.setdefault(DATA_WATCHES, {})
    if (watch := watches.get(entry.entry_id)) is not None:
        if recipient not in watch.recipients:
            watch.recipients.append(recipient)
        return

    @callback
    def on_event(event: PrinterEvent) -> None:
        text = ending(event)
        if text is None or (done := watches.pop(entry.entry_id, None)) is None:
            return
        done.stop()
        placeholders = {"task": event.job or "?", "reason": event.reason or event.code or "?"}
        for armed in done.recipients:
            entry.async_create_background_task(
                hass,
                async_tell_text(hass, armed, text, entry.title, **placeholders),
                f"{DOMAIN} tell {armed.channel} about {entry.title}",
            )

    watches[entry.entry_id] = _Watch([recipient], coordinator.async_add_event_listener(on_event))

    @callback
    def forget() -> None:
        if (watch := watches.pop(entry.entry_id, None)) is not None:
            watch.stop()

    entry.async_on_unload(forget)


def armed(hass: HomeAssistant, entry_id: str) -> list[Recipient]:
    """Return the recipients waiting for the end of printer entry ``entry_id``'s print."""
    watch = hass.data.get(DATA_WATCHES, {}).get(entry_id)
    return list(watch.recipients) if watch else []
