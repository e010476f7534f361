"""The push coordinator of one BambuLab printer, fed by the HA-free client."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime, timedelta

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

_FIELDS = tuple(field.name for field in fields(PrinterState))


class PrinterCoordinator(DataUpdateCoordinator[PrinterState]):
    """Hold one printer's state, pushed over MQTT; derive and fire its print events.

    Nothing is polled: the client pushes every accepted report (and every online / offline change)
    and the coordinator hands the new ``PrinterState`` to its entities. Print events compare each
    ready state with the last one; the first ready state after setup is only a baseline, so a
    restart or a reload never fires an event.
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
        self.data = self.client.state
        self._baseline: PrinterState | None = None
        self._event_listeners: list[Callable[[PrinterEvent], None]] = []
        self.end_time: datetime | None = None
        # The fields the last update changed (None: anything, e.g. the printer went offline).
        self.changed_fields: frozenset[str] | None = None
        self._was_online = False

    @property
    def model(self) -> PrinterModel | None:
        """Return the printer's model: reported by the printer, else seen at setup."""
        return self.data.model

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
        self.changed_fields = (
            frozenset(name for name in _FIELDS if getattr(state, name) != getattr(previous, name))
            if online == self._was_online
            else None
        )
        self._was_online = online
        if state is not previous:
            self._async_update_derived(previous, state)
        if state.ready:
            events = derive_events(self._baseline, state)
            self._baseline = state
            for event in events:
                self._async_fire(event)
        self.async_set_updated_data(state)

    @callback
    def _async_update_derived(self, previous: PrinterState, state: PrinterState) -> None:
        """Fix the end time when the remaining time changes; keep the device's firmware current."""
        if (state.remaining_time, state.gcode_state) != (
            previous.remaining_time,
            previous.gcode_state,
        ):
            printing = state.gcode_state in (GcodeState.PREPARE, GcodeState.RUNNING)
            self.end_time = (
                dt_util.utcnow().replace(second=0, microsecond=0)
                + timedelta(minutes=state.remaining_time)
                if printing and state.remaining_time is not None
                else None
            )
        if (state.firmware_version, state.model) != (previous.firmware_version, previous.model):
            registry = dr.async_get(self.hass)
            if device := registry.async_get_device(identifiers={(DOMAIN, self.serial)}):
                registry.async_update_device(
                    device.id,
                    sw_version=state.firmware_version,
                    model=state.product_name or (state.model.value if state.model else None),
                )

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
