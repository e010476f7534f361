"""The push coordinator of one BambuLab printer, fed by the HA-free client."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from ..bambu import (
    BambuAuthError,
    BambuCertificateError,
    BambuClient,
    BambuWrongPrinterError,
    GcodeState,
    PrinterEvent,
    PrinterModel,
    PrinterState,
    derive_events,
)
from ..const import DOMAIN, LOGGER
from .const import (
    CONF_ACCESS_CODE,
    CONF_CERTIFICATE,
    CONF_MODEL,
    CONF_OFFLINE_AFTER,
    CONF_SERIAL,
    DEFAULT_OFFLINE_AFTER,
    DEFAULT_PORT,
    EVENT_PRINTER,
    ISSUE_CERTIFICATE_CHANGED,
    ISSUE_WRONG_PRINTER,
)

type PrinterConfigEntry = ConfigEntry[PrinterCoordinator]

_STATE_FIELDS: Final = tuple(field.name for field in fields(PrinterState))


@dataclass(frozen=True, slots=True)
class PrinterData:
    """What Home Assistant knows of a printer: its parsed state, and what the coordinator adds.

    ``online``: connected and pushing reports. ``end_time``: when the current print should end
    (UTC, to the minute), fixed when the remaining time or the job state changes.
    """

    state: PrinterState
    online: bool = False
    end_time: datetime | None = None


# The names an entity description may declare in ``fields``: the state's fields, and
# ``PrinterData``'s own. ``PrinterCoordinator.changed_fields`` holds the ones an update changed.
PRINTER_FIELDS: Final = frozenset(_STATE_FIELDS) | {"online", "end_time"}


class PrinterCoordinator(DataUpdateCoordinator[PrinterData]):
    """Hold one printer's data, pushed over MQTT; derive and fire its print events.

    Nothing is polled: the client pushes every accepted report (and every online / offline change)
    and the coordinator hands the new ``PrinterData`` to its entities, with the names of the
    fields that changed. Print events compare each ready state with the last one; the first ready
    state after setup is only a baseline, so a restart or a reload never fires an event. The
    printer going offline and coming back are logged once each (info).
    """

    config_entry: PrinterConfigEntry

    def __init__(self, hass: HomeAssistant, entry: PrinterConfigEntry) -> None:
        """Create the coordinator and the printer's client (not connected yet)."""
        self.serial: str = entry.data[CONF_SERIAL]
        stored_model = entry.data.get(CONF_MODEL)
        self.client = BambuClient(
            entry.data[CONF_HOST],
            self.serial,
            entry.data[CONF_ACCESS_CODE],
            entry.data[CONF_CERTIFICATE],
            port=entry.data.get(CONF_PORT, DEFAULT_PORT),
            client_id=f"holomat-{entry.entry_id}",
            model=PrinterModel(stored_model)
            if isinstance(stored_model, str) and stored_model in PrinterModel
            else None,
            watchdog_timeout=entry.options.get(CONF_OFFLINE_AFTER, DEFAULT_OFFLINE_AFTER),
        )
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} printer {entry.title}",
            update_interval=None,
        )
        self.data = PrinterData(self.client.state)
        self._baseline: PrinterState | None = None
        self._event_listeners: list[Callable[[PrinterEvent], None]] = []
        # The ``PRINTER_FIELDS`` the last update changed (None: any, the printer went offline).
        self.changed_fields: frozenset[str] | None = None
        self._logged_offline = False

    @property
    def model(self) -> PrinterModel | None:
        """Return the printer's model: reported by the printer, else seen at setup."""
        return self.data.state.model

    @property
    def online(self) -> bool:
        """Return whether the printer is connected and pushing reports."""
        return self.client.online

    @callback
    def async_start(self) -> None:
        """Listen to the client and run its connection loop until the entry unloads."""
        entry = self.config_entry
        entry.async_on_unload(self.client.add_listener(self._async_client_updated))
        entry.async_create_background_task(
            self.hass, self._async_run_client(), f"{DOMAIN} printer {self.serial} connection"
        )

    async def _async_run_client(self) -> None:
        """Run the client; turn the failures no retry can mend into reauth or a repair."""
        entry = self.config_entry
        try:
            await self.client.run()
        except BambuAuthError:
            LOGGER.warning("%s refused its access code: asking for a new one", entry.title)
            entry.async_start_reauth(self.hass)
        except BambuCertificateError as err:
            LOGGER.error("%s: %s", entry.title, err)
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                f"{ISSUE_CERTIFICATE_CHANGED}_{entry.entry_id}",
                data={"entry_id": entry.entry_id},
                is_fixable=True,
                is_persistent=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key=ISSUE_CERTIFICATE_CHANGED,
                translation_placeholders={
                    "name": entry.title,
                    "expected": err.expected_sha256,
                    "actual": err.actual_sha256 or "?",
                },
            )
        except BambuWrongPrinterError as err:
            LOGGER.error("%s: %s", entry.title, err)
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                f"{ISSUE_WRONG_PRINTER}_{entry.entry_id}",
                is_fixable=False,
                is_persistent=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key=ISSUE_WRONG_PRINTER,
                translation_placeholders={"name": entry.title, "host": entry.data[CONF_HOST]},
            )
        self.async_update_listeners()

    @callback
    def _async_client_updated(self) -> None:
        """Take the client's new state, fire print events, and update the entities."""
        state = self.client.state
        previous = self.data
        online = self.client.online
        end_time = previous.end_time
        if state is not previous.state:
            end_time = self._async_update_derived(previous, state)
        if online != previous.online:
            self._log_connection(online)
            self.changed_fields = None
        else:
            self.changed_fields = frozenset(
                name
                for name in _STATE_FIELDS
                if getattr(state, name) != getattr(previous.state, name)
            ) | ({"end_time"} if end_time != previous.end_time else set())
        if state.ready:
            events = derive_events(self._baseline, state)
            self._baseline = state
            for event in events:
                self._async_fire(event)
        self.async_set_updated_data(PrinterData(state, online, end_time))

    def _log_connection(self, online: bool) -> None:
        """Log (info) that the printer went offline, and that it is back after it was logged.

        Called once per change: the first connection after setup is not a return.
        """
        if not online:
            LOGGER.info("%s is unavailable: it stopped reporting", self.config_entry.title)
            self._logged_offline = True
        elif self._logged_offline:
            LOGGER.info("%s is back online", self.config_entry.title)
            self._logged_offline = False

    @callback
    def _async_update_derived(self, previous: PrinterData, state: PrinterState) -> datetime | None:
        """Return the end time, fixed anew when the remaining time or the job state changes.

        Also keeps the device's firmware and model current.
        """
        end_time = previous.end_time
        before = previous.state
        if (state.remaining_time, state.gcode_state) != (before.remaining_time, before.gcode_state):
            printing = state.gcode_state in (GcodeState.PREPARE, GcodeState.RUNNING)
            end_time = (
                dt_util.utcnow().replace(second=0, microsecond=0)
                + timedelta(minutes=state.remaining_time)
                if printing and state.remaining_time is not None
                else None
            )
        if (state.firmware_version, state.model) != (before.firmware_version, before.model):
            registry = dr.async_get(self.hass)
            if device := registry.async_get_device(identifiers={(DOMAIN, self.serial)}):
                registry.async_update_device(
                    device.id,
                    sw_version=state.firmware_version,
                    model=state.product_name or (state.model.value if state.model else None),
                )
        return end_time

    @callback
    def _async_fire(self, event: PrinterEvent) -> None:
        """Fire a print event on the bus (for automations and device triggers)."""
        device = dr.async_get(self.hass).async_get_device(identifiers={(DOMAIN, self.serial)})
        self.hass.bus.async_fire(
            EVENT_PRINTER,
            {
                "device_id": device.id if device else None,
                "type": event.type.value,
                "job": event.job,
                "reason": event.reason,
                "code": event.code,
                "severity": event.severity,
                "url": event.url,
            },
        )
        for listener in self._event_listeners:
            listener(event)

    @callback
    def async_add_event_listener(
        self, listener: Callable[[PrinterEvent], None]
    ) -> Callable[[], None]:
        """Call ``listener`` with every print event; return a callable that stops it."""
        self._event_listeners.append(listener)
        return lambda: self._event_listeners.remove(listener)
