"""BambuLab printers in LAN mode, over MQTT: an HA-free library.

``BambuClient`` keeps one connection per printer and turns its reports into a typed
``PrinterState``; ``derive_events`` turns two successive states into print events; ``tls``
pins each printer's certificate. Nothing here imports Home Assistant.
"""

from .client import BambuClient
from .codes import STAGE_NAMES, STAGES
from .errors import (
    BambuAuthError,
    BambuAuthorizationRequiredError,
    BambuCertificateError,
    BambuCommandError,
    BambuCommandTimeoutError,
    BambuConnectionError,
    BambuError,
    BambuInvalidStateError,
    BambuWrongPrinterError,
)
from .events import PrinterEvent, PrinterEventType, derive_events
from .models import (
    AmsTray,
    AmsUnit,
    GcodeState,
    HmsEntry,
    PrinterModel,
    PrintError,
    PrinterState,
    SpeedProfile,
)
from .probe import async_probe
from .tls import PrinterCertificate, async_fetch_certificate

__all__ = [
    "STAGES",
    "STAGE_NAMES",
    "AmsTray",
    "AmsUnit",
    "BambuAuthError",
    "BambuAuthorizationRequiredError",
    "BambuCertificateError",
    "BambuClient",
    "BambuCommandError",
    "BambuCommandTimeoutError",
    "BambuConnectionError",
    "BambuError",
    "BambuInvalidStateError",
    "BambuWrongPrinterError",
    "GcodeState",
    "HmsEntry",
    "PrintError",
    "PrinterCertificate",
    "PrinterEvent",
    "PrinterEventType",
    "PrinterModel",
    "PrinterState",
    "SpeedProfile",
    "async_fetch_certificate",
    "async_probe",
    "derive_events",
]
