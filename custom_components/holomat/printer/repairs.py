"""Repair flow for a printer whose TLS certificate changed: show it, and pin it if trusted."""

from __future__ import annotations

from homeassistant import data_entry_flow
from homeassistant.components.repairs import RepairsFlow
from homeassistant.const import CONF_HOST, CONF_PORT

from ..bambu import (
    BambuConnectionError,
    BambuUntrustedCertificateError,
    PrinterCertificate,
    async_fetch_certificate,
)
from .const import CONF_CERTIFICATE, CONF_CERTIFICATE_SHA256, CONF_SERIAL, DEFAULT_PORT
from .trust import async_pairing_context


class CertificateChangedRepairFlow(RepairsFlow):
    """Fetch the certificate the printer shows now; pin it once the user confirms.

    The certificate is refused outright when no trusted CA signed it (``trust.py``) or it does not
    name the printer's serial. A firmware update can change the certificate; so can a replaced
    printer, which is why the user compares the fingerprint and decides.
    """

    def __init__(self, entry_id: str) -> None:
        """Create the flow for one printer entry."""
        self._entry_id = entry_id
        self._certificate: PrinterCertificate | None = None

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Fetch the new certificate and ask the user to trust it."""
        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None:
            return self.async_abort(reason="entry_removed")
        if user_input is not None and self._certificate is not None:
            self.hass.config_entries.async_update_entry(
                entry,
                data={
                    **entry.data,
                    CONF_CERTIFICATE: self._certificate.pem,
                    CONF_CERTIFICATE_SHA256: self._certificate.sha256,
                },
            )
            await self.hass.config_entries.async_reload(entry.entry_id)
            return self.async_create_entry(data={})
        try:
            certificate = await async_fetch_certificate(
                entry.data[CONF_HOST],
                entry.data.get(CONF_PORT, DEFAULT_PORT),
                context=await async_pairing_context(self.hass),
            )
        except BambuUntrustedCertificateError:
            return self.async_abort(reason="untrusted_certificate")
        except BambuConnectionError:
            return self.async_abort(reason="cannot_connect")
        if certificate.common_name != entry.data[CONF_SERIAL]:
            return self.async_abort(reason="wrong_printer")
        self._certificate = certificate
        return self.async_show_form(
            step_id="init",
            description_placeholders={
                "name": entry.title,
                "old": entry.data.get(CONF_CERTIFICATE_SHA256, "?"),
                "new": certificate.sha256,
            },
        )
