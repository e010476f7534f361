"""The actions that print: ``holomat.print_file`` and ``holomat.notify_when_done``.

``print_file`` is an explicit user action, so it acts at once (JARVIS's ``print_model`` tool
asks first): it reads local files, so only administrators may call it. ``notify_when_done``
arms a one-time message for the end of the current print (``announce``).
"""

from __future__ import annotations

from typing import Any, Final

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.service import (
    async_extract_config_entry_ids,
    async_register_admin_service,
)
import voluptuous as vol

from ..bambu import GcodeState, PrintOptions
from ..const import DOMAIN
from ..files import async_allowed_path
from ..model_server.plates import MATERIALS
from ..model_server.services import MEDIA_SCHEMA
from .announce import Recipient, async_arm
from .const import SERVICE_NOTIFY_WHEN_DONE, SERVICE_PRINT_FILE
from .coordinator import PrinterCoordinator
from .print_file import DATA_SENDING, DEFAULT_START_TIMEOUT, PrintSettings, async_print_file
from .print_source import async_media_path, async_print_source
from .services import targeted_printers

ATTR_MEDIA: Final = "media"
ATTR_FILE_PATH: Final = "file_path"
ATTR_PLATE: Final = "plate"
ATTR_MATERIAL: Final = "material"
ATTR_USE_AMS: Final = "use_ams"
ATTR_AMS_MAPPING: Final = "ams_mapping"
ATTR_TIMEOUT: Final = "timeout"
ATTR_SATELLITE: Final = "satellite_entity_id"
ATTR_NOTIFY_ENTITY: Final = "notify_entity_id"
ATTR_NOTIFY_ACTION: Final = "notify_action"
# Option name in the action → ``PrintOptions`` field, with its default.
SWITCHES: Final = {
    "bed_levelling": ("bed_levelling", True),
    "flow_calibration": ("flow_cali", True),
    "vibration_calibration": ("vibration_cali", True),
    "layer_inspect": ("layer_inspect", False),
    "timelapse": ("timelapse", False),
}
SWITCH_FIELDS: Final[dict[vol.Marker, Any]] = {
    vol.Optional(name, default=default): cv.boolean for name, (_, default) in SWITCHES.items()
}
# Trays as a list of numbers, or "0, 1" as a text field gives them.
AMS_MAPPING_SCHEMA = vol.All(
    vol.Any(
        [vol.Coerce(int)],
        vol.All(cv.string, lambda text: [int(part) for part in text.split(",") if part.strip()]),
    ),
    [vol.Range(min=0, max=255)],
    vol.Length(min=1, max=16),
)
PRINT_FILE_SCHEMA = vol.Schema(cv.TARGET_SERVICE_FIELDS).extend(
    {
        vol.Exclusive(ATTR_MEDIA, "file"): MEDIA_SCHEMA,
        vol.Exclusive(ATTR_FILE_PATH, "file"): cv.string,
        vol.Optional(ATTR_PLATE, default=1): vol.All(vol.Coerce(int), vol.Range(min=1, max=64)),
        vol.Optional(ATTR_MATERIAL): vol.In(MATERIALS),
        vol.Optional(ATTR_USE_AMS): cv.boolean,
        vol.Optional(ATTR_AMS_MAPPING): AMS_MAPPING_SCHEMA,
        vol.Optional(ATTR_TIMEOUT, default=DEFAULT_START_TIMEOUT): vol.All(
            vol.Coerce(float), vol.Range(min=5, max=3600)
        ),
        **SWITCH_FIELDS,
    }
)
NOTIFY_SCHEMA = vol.Schema(cv.TARGET_SERVICE_FIELDS).extend(
    {
        vol.Exclusive(ATTR_SATELLITE, "to"): cv.entity_domain("assist_satellite"),
        vol.Exclusive(ATTR_NOTIFY_ENTITY, "to"): cv.entity_domain("notify"),
        vol.Exclusive(ATTR_NOTIFY_ACTION, "to"): cv.service,
    }
)
ACTIVE_STATES: Final = frozenset({GcodeState.PREPARE, GcodeState.RUNNING, GcodeState.PAUSE})


@callback
def async_setup_print_services(hass: HomeAssistant) -> None:
    """Register ``print_file`` (administrators: it reads files) and ``notify_when_done``."""
    async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_PRINT_FILE,
        _async_print_file,
        schema=PRINT_FILE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN, SERVICE_NOTIFY_WHEN_DONE, _async_notify_when_done, schema=NOTIFY_SCHEMA
    )


async def one_printer(call: ServiceCall) -> PrinterCoordinator:
    """Return the one printer the call targets; ``ServiceValidationError`` for none or several."""
    printers = targeted_printers(call.hass, await async_extract_config_entry_ids(call))
    if len(printers) != 1:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="no_printer_targeted" if not printers else "one_printer_only",
        )
    return printers[0]


def print_settings(data: dict[str, Any]) -> PrintSettings:
    """Return the print settings of action data."""
    mapping = data.get(ATTR_AMS_MAPPING)
    options = PrintOptions(
        plate=data.get(ATTR_PLATE, 1),
        **{field: data.get(name, default) for name, (field, default) in SWITCHES.items()},
    )
    return PrintSettings(
        options, use_ams=data.get(ATTR_USE_AMS), ams_mapping=tuple(mapping) if mapping else None
    )


async def _async_print_file(call: ServiceCall) -> ServiceResponse:
    """Print the call's file (or the last generated model); answer once the printer runs it."""
    hass = call.hass
    coordinator = await one_printer(call)
    data = dict(call.data)
    if (media := data.get(ATTR_MEDIA)) is not None:
        path = await async_media_path(hass, media)
    elif (file_path := data.get(ATTR_FILE_PATH)) is not None:
        path = await async_allowed_path(hass, file_path)
    else:
        path = None
    within = data[ATTR_TIMEOUT]
    started = await async_print_file(
        hass,
        coordinator,
        lambda: async_print_source(
            hass, coordinator, path=path, material=data.get(ATTR_MATERIAL), within=within
        ),
        print_settings(data),
        within=within,
    )
    return started.as_dict()


def printing(hass: HomeAssistant, coordinator: PrinterCoordinator) -> bool:
    """Return whether the printer prints (or pauses) a job, or is being sent one."""
    sending = coordinator.config_entry.entry_id in hass.data.get(DATA_SENDING, set())
    return sending or coordinator.data.state.gcode_state in ACTIVE_STATES


def check_printing(hass: HomeAssistant, coordinator: PrinterCoordinator) -> None:
    """Raise ``ServiceValidationError`` when there is no print to watch on the printer."""
    if not printing(hass, coordinator):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="printer_nothing_to_watch",
            translation_placeholders={"name": coordinator.config_entry.title},
        )


async def _async_notify_when_done(call: ServiceCall) -> None:
    """Arm a one-time message for the end of the targeted printer's print."""
    hass = call.hass
    coordinator = await one_printer(call)
    check_printing(hass, coordinator)
    action = call.data.get(ATTR_NOTIFY_ACTION)
    if action is not None and not hass.services.has_service(*action.split(".", 1)):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="notify_action_unknown",
            translation_placeholders={"action": action},
        )
    recipient = Recipient(
        satellite=call.data.get(ATTR_SATELLITE),
        notify_entity=call.data.get(ATTR_NOTIFY_ENTITY),
        notify_action=action,
    )
    async_arm(hass, coordinator, recipient)
