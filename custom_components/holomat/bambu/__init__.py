"""BambuLab printers in LAN mode, over MQTT: an HA-free library.

``BambuClient`` keeps one connection per printer and turns its reports into a typed
``PrinterState``; ``derive_events`` turns two successive states into print events; ``trust``
checks a printer's certificate against Bambu's CA when pairing and ``tls`` pins it afterwards.
``BambuFtpClient`` reaches the printer's storage over implicit FTPS, ``threemf`` reads the
sliced files found there (``async_job_cover``: the job's plate thumbnail), ``project``
builds the command that prints one, ``ChamberCamera``
shares one P1/A1 camera connection between viewers and ``camera`` tells each model's camera
kind and the X1 family's RTSPS URL.
Nothing here imports Home Assistant.
"""

from .camera import CAMERA_PORT, RTSPS_PORT, CameraKind, camera_kind, live_view, rtsps_url
from .camera_hub import ChamberCamera
from .client import BambuClient
from .codes import STAGE_NAMES, STAGES
from .cover import async_job_cover
from .errors import (
    BambuAuthError,
    BambuAuthorizationRequiredError,
    BambuCameraError,
    BambuCertificateError,
    BambuCommandError,
    BambuCommandTimeoutError,
    BambuConnectionError,
    BambuError,
    BambuFileNotFoundError,
    BambuFileTooLargeError,
    BambuInvalidFileError,
    BambuInvalidStateError,
    BambuNoStorageError,
    BambuStorageError,
    BambuStorageFullError,
    BambuTransferInterruptedError,
    BambuUntrustedCertificateError,
    BambuWrongPrinterError,
)
from .events import PrinterEvent, PrinterEventType, derive_events
from .ftps import DEFAULT_PORT as FTPS_PORT, BambuFtpClient
from .models import (
    AmsTray,
    AmsUnit,
    GcodeState,
    HmsEntry,
    LiveView,
    PrinterModel,
    PrintError,
    PrinterState,
    SpeedProfile,
)
from .pin_check import async_check_pin
from .probe import async_probe
from .project import (
    DEFAULT_URL_FORMS,
    PrintOptions,
    UrlForm,
    default_ams_mapping,
    project_file_fields,
    url_form,
)
from .remote_files import RemoteFile
from .threemf import Filament, Plate, ProjectFile, find_job_file, read_project, read_thumbnail
from .tls import PrinterCertificate, async_fetch_certificate
from .trust import TrustedCas, load_trusted_cas, pairing_context

__all__ = [
    "CAMERA_PORT",
    "DEFAULT_URL_FORMS",
    "FTPS_PORT",
    "RTSPS_PORT",
    "STAGES",
    "STAGE_NAMES",
    "AmsTray",
    "AmsUnit",
    "BambuAuthError",
    "BambuAuthorizationRequiredError",
    "BambuCameraError",
    "BambuCertificateError",
    "BambuClient",
    "BambuCommandError",
    "BambuCommandTimeoutError",
    "BambuConnectionError",
    "BambuError",
    "BambuFileNotFoundError",
    "BambuFileTooLargeError",
    "BambuFtpClient",
    "BambuInvalidFileError",
    "BambuInvalidStateError",
    "BambuNoStorageError",
    "BambuStorageError",
    "BambuStorageFullError",
    "BambuTransferInterruptedError",
    "BambuUntrustedCertificateError",
    "BambuWrongPrinterError",
    "CameraKind",
    "ChamberCamera",
    "Filament",
    "GcodeState",
    "HmsEntry",
    "LiveView",
    "Plate",
    "PrintError",
    "PrintOptions",
    "PrinterCertificate",
    "PrinterEvent",
    "PrinterEventType",
    "PrinterModel",
    "PrinterState",
    "ProjectFile",
    "RemoteFile",
    "SpeedProfile",
    "TrustedCas",
    "UrlForm",
    "async_check_pin",
    "async_fetch_certificate",
    "async_job_cover",
    "async_probe",
    "camera_kind",
    "default_ams_mapping",
    "derive_events",
    "find_job_file",
    "live_view",
    "load_trusted_cas",
    "pairing_context",
    "project_file_fields",
    "read_project",
    "read_thumbnail",
    "rtsps_url",
    "url_form",
]
