"""BambuLab printers in LAN mode, over MQTT: an HA-free library.

``BambuClient`` keeps one connection per printer and turns its reports into a typed
``PrinterState``; ``derive_events`` turns two successive states into print events; ``trust``
checks a printer's certificate against Bambu's CA when pairing and ``tls`` pins it afterwards.
Nothing here imports Home Assistant.
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
    BambuUntrustedCertificateError,
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
from .trust import TrustedCas, load_trusted_cas, pairing_context

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
    "BambuUntrustedCertificateError",
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
    "TrustedCas",
    "async_fetch_certificate",
    "async_probe",
    "derive_events",
    "load_trusted_cas",
    "pairing_context",
]
