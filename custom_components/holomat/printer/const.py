"""Constants of HoloMat's printer feature."""

from __future__ import annotations

from typing import Final

CONF_SERIAL: Final = "serial"
CONF_ACCESS_CODE: Final = "access_code"
CONF_CERTIFICATE: Final = "certificate"
CONF_CERTIFICATE_SHA256: Final = "certificate_sha256"
CONF_MODEL: Final = "model"
CONF_OFFLINE_AFTER: Final = "offline_after"
CONF_AREA: Final = "area"  # the name of the area a new printer is suggested
# Ports of the printer's other services when not the real printers' (a port forward, the
# simulator): advanced mode or an API client only. FTPS: 990. Camera: 322 (X1, RTSPS) or 6000
# (P1, A1, JPEG).
CONF_FTPS_PORT: Final = "ftps_port"
CONF_CAMERA_PORT: Final = "camera_port"
CONF_PROJECT_URL: Final = "project_url"  # option: how project_file names the file ("auto")

# Extra CA certificates (PEM) trusted when pairing, besides Bambu Lab's, under HA's config dir.
PRINTER_CA_DIR: Final = "holomat/printer_ca"

DEFAULT_PORT: Final = 8883
DEFAULT_FTPS_PORT: Final = 990
DEFAULT_OFFLINE_AFTER: Final = 60  # s without a message before a printer is offline
DEFAULT_AREA: Final = "Workshop"

EVENT_PRINTER: Final = "holomat_printer_event"
MANUFACTURER: Final = "Bambu Lab"

ISSUE_DEVELOPER_MODE: Final = "developer_mode_required"
ISSUE_CERTIFICATE_CHANGED: Final = "certificate_changed"
ISSUE_WRONG_PRINTER: Final = "wrong_printer"
ISSUE_LIVE_VIEW_OFF: Final = "camera_live_view_off"

SERVICE_PRINT_FILE: Final = "print_file"
SERVICE_NOTIFY_WHEN_DONE: Final = "notify_when_done"
