"""Repairs of HoloMat: trust a printer's new certificate after checking it."""

from __future__ import annotations

from homeassistant.components.repairs import RepairsFlow
from homeassistant.core import HomeAssistant

from .printer.const import ISSUE_CERTIFICATE_CHANGED
from .printer.repairs import CertificateChangedRepairFlow


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Return the flow that fixes a fixable HoloMat issue (a printer's changed certificate).

    Raises ``ValueError`` for any other issue: no other is created fixable.
    """
    if not issue_id.startswith(ISSUE_CERTIFICATE_CHANGED) or data is None:  # pragma: no cover
        raise ValueError(f"HoloMat has no fix for issue {issue_id}")
    return CertificateChangedRepairFlow(str(data["entry_id"]))
