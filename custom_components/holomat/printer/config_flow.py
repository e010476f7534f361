"""Config flow steps for BambuLab printers: add, reauth, reconfigure, options."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult, OptionsFlow
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers.selector import (
    AreaSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import voluptuous as vol

from ..bambu import (
    BambuAuthError,
    BambuCertificateError,
    BambuConnectionError,
    BambuUntrustedCertificateError,
    BambuWrongPrinterError,
    PrinterCertificate,
    PrinterState,
    async_fetch_certificate,
    async_probe,
)
from ..const import CONF_ENTRY_TYPE, LOGGER, EntryType
from .const import (
    CONF_ACCESS_CODE,
    CONF_AREA,
    CONF_CERTIFICATE,
    CONF_CERTIFICATE_SHA256,
    CONF_MODEL,
    CONF_OFFLINE_AFTER,
    CONF_SERIAL,
    DEFAULT_AREA,
    DEFAULT_OFFLINE_AFTER,
    DEFAULT_PORT,
)
from .trust import async_pairing_context

PORT_SELECTOR = NumberSelector(
    NumberSelectorConfig(min=1, max=65535, step=1, mode=NumberSelectorMode.BOX)
)
PASSWORD_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))

PRINTER_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_HOST): str,
        vol.Required(CONF_SERIAL): str,
        vol.Required(CONF_ACCESS_CODE): PASSWORD_SELECTOR,
        vol.Required(CONF_PORT, default=DEFAULT_PORT): PORT_SELECTOR,
        vol.Optional(CONF_AREA): AreaSelector(),
    }
)
REAUTH_SCHEMA = vol.Schema({vol.Required(CONF_ACCESS_CODE): PASSWORD_SELECTOR})
RECONFIGURE_SCHEMA = vol.Schema(
    {vol.Required(CONF_HOST): str, vol.Required(CONF_PORT): PORT_SELECTOR}
)


async def _async_pair(
    hass: HomeAssistant, host: str, port: int, serial: str, access_code: str
) -> tuple[PrinterCertificate, PrinterState]:
    """Verify the printer's certificate, check it names ``serial``, and wait for a full report.

    The certificate must chain to Bambu Lab's CA (or one the user added, ``trust.py``) before
    the access code is sent. Raises ``BambuUntrustedCertificateError``,
    ``BambuConnectionError``, ``BambuAuthError`` or ``BambuWrongPrinterError``.
    """
    context = await async_pairing_context(hass)
    certificate = await async_fetch_certificate(host, port, context=context)
    if certificate.common_name != serial:
        raise BambuWrongPrinterError(
            f"the printer at {host} is {certificate.common_name}, not {serial}"
        )
    state = await async_probe(host, serial, access_code, certificate.pem, port=port)
    return certificate, state


def _error_key(err: Exception) -> str:
    """Return the form error for a failed pairing or probe."""
    if isinstance(err, BambuAuthError):
        return "invalid_auth"
    if isinstance(err, BambuWrongPrinterError):
        return "wrong_printer"
    if isinstance(err, BambuCertificateError):
        return "certificate_changed"
    if isinstance(err, BambuUntrustedCertificateError):
        LOGGER.warning("Refused to pair: %s", err)
        return "untrusted_certificate"
    if isinstance(err, BambuConnectionError):
        return "cannot_connect"
    LOGGER.exception("Unexpected error while talking to the printer", exc_info=err)
    return "unknown"


def _area_name(hass: HomeAssistant, area_id: str | None) -> str:
    """Return the name of the area picked for a new printer, ``DEFAULT_AREA`` if none."""
    area = ar.async_get(hass).async_get_area(area_id) if area_id else None
    return area.name if area else DEFAULT_AREA


def _certificate_data(certificate: PrinterCertificate) -> dict[str, str]:
    """Return the entry data that pins ``certificate``."""
    return {CONF_CERTIFICATE: certificate.pem, CONF_CERTIFICATE_SHA256: certificate.sha256}


class PrinterConfigFlowMixin(ConfigFlow):
    """Steps that add a printer in LAN mode and keep its entry working."""

    async def async_step_printer(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for host, serial and access code; pair and wait for a report before adding."""
        errors: dict[str, str] = {}
        if user_input is not None:
            serial = user_input[CONF_SERIAL].strip().upper()
            host = user_input[CONF_HOST].strip()
            port = int(user_input[CONF_PORT])
            access_code = user_input[CONF_ACCESS_CODE].strip()
            await self.async_set_unique_id(serial)
            self._abort_if_unique_id_configured()
            try:
                certificate, state = await _async_pair(self.hass, host, port, serial, access_code)
            except Exception as err:  # noqa: BLE001 - every failure becomes a form error
                errors["base"] = _error_key(err)
            else:
                model = state.model.value if state.model else None
                return self.async_create_entry(
                    title=state.product_name or f"Bambu Lab {model or serial}",
                    data={
                        CONF_ENTRY_TYPE: EntryType.PRINTER,
                        CONF_HOST: host,
                        CONF_PORT: port,
                        CONF_SERIAL: serial,
                        CONF_ACCESS_CODE: access_code,
                        CONF_MODEL: model,
                        CONF_AREA: _area_name(self.hass, user_input.get(CONF_AREA)),
                        **_certificate_data(certificate),
                    },
                )
        return self.async_show_form(
            step_id="printer",
            data_schema=self.add_suggested_values_to_schema(PRINTER_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_printer_reauth(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the printer's new access code (it changes when LAN mode is toggled)."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            access_code = user_input[CONF_ACCESS_CODE].strip()
            try:
                await async_probe(
                    entry.data[CONF_HOST],
                    entry.data[CONF_SERIAL],
                    access_code,
                    entry.data[CONF_CERTIFICATE],
                    port=entry.data.get(CONF_PORT, DEFAULT_PORT),
                )
            except Exception as err:  # noqa: BLE001 - every failure becomes a form error
                errors["base"] = _error_key(err)
            else:
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_ACCESS_CODE: access_code}
                )
        return self.async_show_form(
            step_id="printer_reauth",
            data_schema=REAUTH_SCHEMA,
            errors=errors,
            description_placeholders={"name": entry.title},
        )

    async def async_step_printer_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Move the printer to a new address and pair with the certificate it shows there."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            host = user_input[CONF_HOST].strip()
            port = int(user_input[CONF_PORT])
            try:
                certificate, _ = await _async_pair(
                    self.hass, host, port, entry.data[CONF_SERIAL], entry.data[CONF_ACCESS_CODE]
                )
            except Exception as err:  # noqa: BLE001 - every failure becomes a form error
                errors["base"] = _error_key(err)
            else:
                return self.async_update_reload_and_abort(
                    entry,
                    data_updates={
                        CONF_HOST: host,
                        CONF_PORT: port,
                        **_certificate_data(certificate),
                    },
                )
        suggested = user_input or {
            CONF_HOST: entry.data[CONF_HOST],
            CONF_PORT: entry.data.get(CONF_PORT, DEFAULT_PORT),
        }
        return self.async_show_form(
            step_id="printer_reconfigure",
            data_schema=self.add_suggested_values_to_schema(RECONFIGURE_SCHEMA, suggested),
            errors=errors,
            description_placeholders={"name": entry.title},
        )


class PrinterOptionsFlow(OptionsFlow):
    """Settings of a printer entry."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask after how long without a report the printer counts as offline."""
        if user_input is not None:
            return self.async_create_entry(
                data={CONF_OFFLINE_AFTER: int(user_input[CONF_OFFLINE_AFTER])}
            )
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_OFFLINE_AFTER,
                    default=self.config_entry.options.get(
                        CONF_OFFLINE_AFTER, DEFAULT_OFFLINE_AFTER
                    ),
                ): NumberSelector(
                    NumberSelectorConfig(
                        min=20,
                        max=600,
                        step=5,
                        unit_of_measurement="s",
                        mode=NumberSelectorMode.BOX,
                    )
                )
            }
        )
        return self.async_show_form(step_id="init", data_schema=schema)
