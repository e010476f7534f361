"""The CAs a printer's certificate must chain to when it is paired: Bambu Lab's, plus the user's.

A user can trust more CAs (a printer whose certificate Bambu did not sign, a development
stand-in) by putting their PEM certificates in ``<config>/holomat/printer_ca/``.
"""

from __future__ import annotations

from pathlib import Path
import ssl

from homeassistant.core import HomeAssistant

from ..bambu import load_trusted_cas, pairing_context
from .const import PRINTER_CA_DIR


def _pairing_context(extra_dir: Path) -> ssl.SSLContext:
    """Read the trusted CAs and build the pairing context (blocking)."""
    return pairing_context(load_trusted_cas(extra_dir))


async def async_pairing_context(hass: HomeAssistant) -> ssl.SSLContext:
    """Return a context that verifies a printer against the trusted CAs, built off the loop."""
    return await hass.async_add_executor_job(
        _pairing_context, Path(hass.config.path(PRINTER_CA_DIR))
    )
