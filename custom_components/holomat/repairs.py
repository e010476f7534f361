"""Repairs of HoloMat: trust a printer's new certificate after checking it."""

from __future__ import annotations

from homeassistant.components.repairs import RepairsFlow
from homeassistant.core import HomeAssistant

from .printer.const import ISSUE_CERTIFICATE_CHANGED
from .printer.repairs import CertificateChangedRepairFlow


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Return the flow that fixes a fixable HoloMat issue; ValueError for any other issue.

    Only a printer's changed certificate is fixable; its issue's data names the printer's entry.
    """
    if issue_id.startswith(ISSUE_CERTIFICATE_CHANGED) and data and "entry_id" in data:
        return CertificateChangedRepairFlow(str(data["entry_id"]))
    raise ValueError(f"No fix flow for the issue {issue_id!r}")
