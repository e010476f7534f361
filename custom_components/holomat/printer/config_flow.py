"""Config flow steps for BambuLab printers: add, reauth, reconfigure, options."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Final

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers.selector import (
    AreaSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
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
    UrlForm,
    async_fetch_certificate,
    async_probe,
)
from ..const import CONF_ENTRY_TYPE, LOGGER, EntryType
from ..flow import FeatureConfigFlow, FormError
from .const import (
    CONF_ACCESS_CODE,
    CONF_AREA,
    CONF_CAMERA_PORT,
    CONF_CERTIFICATE,
    CONF_CERTIFICATE_SHA256,
    CONF_FTPS_PORT,
    CONF_MODEL,
    CONF_OFFLINE_AFTER,
    CONF_PROJECT_URL,
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
# The ports of the printer's other services, for a printer behind a port forward or a simulated
# one; real printers serve them on fixed ports (``bambu.FTPS_PORT``...). Advanced mode shows them
# on the form; an API client (the development bootstrap) may send them either way.
SERVICE_PORTS: Final = (CONF_FTPS_PORT, CONF_CAMERA_PORT)
SERVICE_PORT_FIELDS = vol.Schema({vol.Optional(key): PORT_SELECTOR for key in SERVICE_PORTS})
SERVICE_PORTS_SCHEMA = vol.Schema(
    {
        vol.Optional(key): vol.All(vol.Coerce(int), vol.Range(min=1, max=65535))
        for key in SERVICE_PORTS
    },
    extra=vol.REMOVE_EXTRA,
)
URL_FORM_OPTIONS: Final = ("auto", *(form.value for form in UrlForm))
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


async def _async_checked[T](talk: Awaitable[T]) -> T:
    """Return what ``talk`` (pairing or a probe) returns; raise its failure as a ``FormError``."""
    try:
        return await talk
    except BambuAuthError as err:
        raise FormError("printer_invalid_auth") from err
    except BambuWrongPrinterError as err:
        raise FormError("printer_wrong_printer") from err
    except BambuCertificateError as err:
        raise FormError("printer_certificate_changed") from err
    except BambuUntrustedCertificateError as err:
        LOGGER.warning("Refused to pair: %s", err)
        raise FormError("printer_untrusted_certificate") from err
    except BambuConnectionError as err:
        raise FormError("printer_cannot_connect") from err
    except Exception as err:
        LOGGER.exception("Unexpected error while talking to the printer")
        raise FormError("unknown") from err


def _area_name(hass: HomeAssistant, area_id: str | None) -> str:
    """Return the name of the area picked for a new printer, ``DEFAULT_AREA`` if none."""
    area = ar.async_get(hass).async_get_area(area_id) if area_id else None
    return area.name if area else DEFAULT_AREA


def _service_ports(user_input: dict[str, Any]) -> dict[str, int]:
    """Return the service ports an API client gave; ``FormError`` when one is not a port."""
    try:
        ports: dict[str, int] = SERVICE_PORTS_SCHEMA(user_input)
    except vol.Invalid as err:
        raise FormError("printer_invalid_ports") from err
    return ports


def _certificate_data(certificate: PrinterCertificate) -> dict[str, str]:
    """Return the entry data that pins ``certificate``."""
    return {CONF_CERTIFICATE: certificate.pem, CONF_CERTIFICATE_SHA256: certificate.sha256}


class PrinterConfigFlowMixin(FeatureConfigFlow):
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
            self._abort_if_unique_id_configured(error="printer_already_configured")
            try:
                service_ports = _service_ports(user_input)
                certificate, state = await _async_checked(
                    _async_pair(self.hass, host, port, serial, access_code)
                )
            except FormError as err:
                errors[err.field] = err.key
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
                        **service_ports,
                    },
                )
        schema = PRINTER_SCHEMA
        if self.show_advanced_options:
            schema = schema.extend(SERVICE_PORT_FIELDS.schema)
        schema = self.add_suggested_values_to_schema(schema, user_input)
        return self.async_show_form(
            step_id="printer", data_schema=schema.extend({}, extra=vol.ALLOW_EXTRA), errors=errors
        )

    async def async_step_printer_reauth(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the printer's new access code (it changes when LAN mode is toggled)."""
        entry = self._get_reauth_entry()
        data = entry.data

        async def check(user_input: dict[str, Any]) -> dict[str, Any]:
            access_code = user_input[CONF_ACCESS_CODE].strip()
            port = data.get(CONF_PORT, DEFAULT_PORT)
            await _async_checked(
                async_probe(
                    data[CONF_HOST],
                    data[CONF_SERIAL],
                    access_code,
                    data[CONF_CERTIFICATE],
                    port=port,
                )
            )
            return {CONF_ACCESS_CODE: access_code}

        return await self.async_update_entry_step(
            "printer_reauth",
            entry,
            user_input,
            check,
            schema=REAUTH_SCHEMA,
            reason="printer_reauth_successful",
            placeholders={"name": entry.title},
        )

    async def async_step_printer_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Move the printer to a new address and pair with the certificate it shows there."""
        entry = self._get_reconfigure_entry()
        data = entry.data

        async def check(user_input: dict[str, Any]) -> dict[str, Any]:
            host, port = user_input[CONF_HOST].strip(), int(user_input[CONF_PORT])
            certificate, _ = await _async_checked(
                _async_pair(self.hass, host, port, data[CONF_SERIAL], data[CONF_ACCESS_CODE])
            )
            return {CONF_HOST: host, CONF_PORT: port, **_certificate_data(certificate)}

        return await self.async_update_entry_step(
            "printer_reconfigure",
            entry,
            user_input,
            check,
            schema=RECONFIGURE_SCHEMA,
            reason="printer_reconfigure_successful",
            suggested={CONF_HOST: data[CONF_HOST], CONF_PORT: data.get(CONF_PORT, DEFAULT_PORT)},
            placeholders={"name": entry.title},
        )


class PrinterOptionsFlow(OptionsFlow):
    """Settings of a printer entry."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask when the printer counts as offline, and how ``project_file`` names a file.

        The url form ``auto`` is the model's usual one (``bambu.project.DEFAULT_URL_FORMS``).
        """
        options = self.config_entry.options
        if user_input is not None:
            return self.async_create_entry(
                data={
                    CONF_OFFLINE_AFTER: int(user_input[CONF_OFFLINE_AFTER]),
                    CONF_PROJECT_URL: user_input.get(CONF_PROJECT_URL, "auto"),
                }
            )
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_OFFLINE_AFTER,
                    default=options.get(CONF_OFFLINE_AFTER, DEFAULT_OFFLINE_AFTER),
                ): NumberSelector(
                    NumberSelectorConfig(
                        min=20,
                        max=600,
                        step=5,
                        unit_of_measurement="s",
                        mode=NumberSelectorMode.BOX,
                    )
                ),
                vol.Required(
                    CONF_PROJECT_URL, default=options.get(CONF_PROJECT_URL, "auto")
                ): SelectSelector(
                    SelectSelectorConfig(
                        options=list(URL_FORM_OPTIONS),
                        translation_key=CONF_PROJECT_URL,
                        mode=SelectSelectorMode.DROPDOWN,
                    )
                ),
            }
        )
        return self.async_show_form(step_id="init", data_schema=schema)
