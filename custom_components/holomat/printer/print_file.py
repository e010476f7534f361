"""Print a sliced file: check the printer, upload over FTPS, send ``project_file``, see it run.

The order makes a failure harmless: nothing is sent while the printer prints, has no storage or
no room; the file goes to the storage root over the printer's implicit FTPS with its pinned
certificate (``bambu.ftps``: a cut upload deletes its partial file), and ``project_file``
(``bambu.project``) is sent only once the whole file is there. The action answers when the
printer reports the job preparing or running under its name, or fails after ``within`` seconds.
One file at a time per printer: a second print while one is being sent is refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
import re
from typing import Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util.hass_dict import HassKey

from ..bambu import (
    BambuInvalidFileError,
    GcodeState,
    Plate,
    PrintOptions,
    UrlForm,
    default_ams_mapping,
    read_project,
    url_form,
)
from ..const import DOMAIN
from .commands import async_send_command
from .const import CONF_PROJECT_URL
from .coordinator import PrinterCoordinator
from .print_source import PrintFile
from .upload import async_upload

DEFAULT_START_TIMEOUT: Final = 120.0  # s for the printer to report the job once it has it
READY_STATES: Final = frozenset({GcodeState.IDLE, GcodeState.FINISH, GcodeState.FAILED})
DATA_SENDING: HassKey[set[str]] = HassKey(f"{DOMAIN}_printer_sending")
_NOT_SAFE: Final = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class PrintSettings:
    """How to print, as asked: the plate and the printer's steps, the filament source open.

    ``use_ams`` None and ``ams_mapping`` None: the AMS trays holding the plate's filaments
    when the printer has an AMS (``bambu.default_ams_mapping``), else the external spool.
    """

    options: PrintOptions = field(default_factory=PrintOptions)
    use_ams: bool | None = None
    ams_mapping: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class PrintStarted:
    """A print the printer reports running: the job, the file on the storage, its source."""

    printer: str
    task_name: str
    remote_path: str
    plate: int
    size_bytes: int
    gcode_state: str
    use_ams: bool
    ams_mapping: tuple[int, ...]
    file: PrintFile

    def as_dict(self) -> dict[str, Any]:
        """Return the action's response."""
        sliced = self.file.sliced
        return {
            "printer": self.printer,
            "task_name": self.task_name,
            "remote_path": self.remote_path,
            "plate": self.plate,
            "size_bytes": self.size_bytes,
            "gcode_state": self.gcode_state.lower(),
            "use_ams": self.use_ams,
            "ams_mapping": list(self.ams_mapping),
            "source": self.file.source,
            "sliced_file": str(self.file.kept_at) if self.file.kept_at else None,
            "print_seconds": sliced.print_seconds if sliced else None,
            "filament_g": sliced.filament_g if sliced else None,
        }


def remote_name(name: str) -> str:
    """Return the storage file name for job ``name``: safe on a FAT card, ``.gcode.3mf``."""
    safe = _NOT_SAFE.sub("_", name).strip("._")[:60] or "holomat"
    return f"{safe}.gcode.3mf"


def check_can_print(
    hass: HomeAssistant, coordinator: PrinterCoordinator, *, sending_it: bool = False
) -> None:
    """Raise unless the printer is online, idle, not being sent a file, and has storage.

    ``HomeAssistantError`` when offline; ``ServiceValidationError`` when it prints (or a file is
    on its way, unless ``sending_it``: the caller is the one sending) or its report says it has
    no SD card.
    """
    title = coordinator.config_entry.title
    if not coordinator.online:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="printer_offline",
            translation_placeholders={"name": title, "command": "print"},
        )
    state = coordinator.data.state
    sending = not sending_it and coordinator.config_entry.entry_id in hass.data.get(
        DATA_SENDING, set()
    )
    if sending or state.gcode_state not in READY_STATES:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="printer_busy",
            translation_placeholders={
                "name": title,
                "state": "sending" if sending else _state_name(state.gcode_state),
                "task": state.task_name or "?",
            },
        )
    if state.sdcard is False:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="printer_no_storage",
            translation_placeholders={"name": title},
        )


def _url_override(option: Any) -> UrlForm | None:
    """Return the url form a printer's options ask for (None for ``auto`` or no option)."""
    return UrlForm(option) if isinstance(option, str) and option in UrlForm else None


def _state_name(state: GcodeState | None) -> str:
    """Return a job state as the messages show it."""
    return state.value.lower() if state is not None else "unknown"


def print_options(
    settings: PrintSettings, plate: Plate, coordinator: PrinterCoordinator
) -> PrintOptions:
    """Return the command's options: ``settings`` with the filament source decided."""
    mapping = settings.ams_mapping
    if mapping is None and settings.use_ams is not False:
        types = [filament.type for filament in plate.filaments]
        mapping = default_ams_mapping(types, coordinator.data.state)
        if mapping is None and settings.use_ams:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="print_no_ams",
                translation_placeholders={"name": coordinator.config_entry.title},
            )
    use_ams = settings.use_ams if settings.use_ams is not None else mapping is not None
    return replace(settings.options, use_ams=use_ams and bool(mapping), ams_mapping=mapping or ())


async def _async_plate(hass: HomeAssistant, file: PrintFile, number: int) -> Plate:
    """Return plate ``number`` of ``file``; ``ServiceValidationError`` unless it is sliced."""
    try:
        project = await hass.async_add_executor_job(read_project, file.data)
    except BambuInvalidFileError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="print_file_invalid",
            translation_placeholders={"file": file.source, "error": str(err)},
        ) from err
    plate = project.plate(number)
    if plate is None or not plate.has_gcode:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="print_file_not_sliced",
            translation_placeholders={"file": file.source, "plate": str(number)},
        )
    return plate


async def _async_wait_running(
    coordinator: PrinterCoordinator, task_name: str, within: float
) -> GcodeState:
    """Wait until the printer reports ``task_name`` preparing or running; return that state."""
    future: asyncio.Future[GcodeState] = asyncio.get_running_loop().create_future()

    @callback
    def check() -> None:
        state = coordinator.data.state
        running = state.gcode_state in (GcodeState.PREPARE, GcodeState.RUNNING)
        if running and state.task_name == task_name and not future.done():
            future.set_result(state.gcode_state)  # type: ignore[arg-type]

    check()
    remove = coordinator.async_add_listener(check)
    try:
        async with asyncio.timeout(within):
            return await future
    except TimeoutError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="print_not_started",
            translation_placeholders={
                "name": coordinator.config_entry.title,
                "task": task_name,
                "within": f"{within:g}",
            },
        ) from err
    finally:
        remove()


async def async_print_file(
    hass: HomeAssistant,
    coordinator: PrinterCoordinator,
    source: Callable[[], Awaitable[PrintFile]],
    settings: PrintSettings,
    *,
    within: float = DEFAULT_START_TIMEOUT,
    language: str | None = None,
) -> PrintStarted:
    """Print the file ``source()`` gives (it may slice a model) on ``coordinator``'s printer.

    Checks the printer first (``check_can_print``) and again once the file is ready; uploads
    it, starts it and returns when the printer reports it running. Raises the translated
    errors of each step; ``language`` is the progress notification's.
    """
    entry = coordinator.config_entry
    check_can_print(hass, coordinator)
    sending = hass.data.setdefault(DATA_SENDING, set())
    sending.add(entry.entry_id)
    try:
        file = await source()
        plate = await _async_plate(hass, file, settings.options.plate)
        options = print_options(settings, plate, coordinator)
        # The printer may have started a job (from its screen) while the model was sliced.
        check_can_print(hass, coordinator, sending_it=True)
        remote = "/" + remote_name(file.name)
        await async_upload(hass, coordinator, file.data, remote, language)
        form = url_form(coordinator.model, _url_override(entry.options.get(CONF_PROJECT_URL)))
        await async_send_command(
            coordinator,
            "print",
            coordinator.client.print_project(remote, file.name, options, form),
        )
        state = await _async_wait_running(coordinator, file.name, within)
    finally:
        sending.discard(entry.entry_id)
    return PrintStarted(
        printer=entry.title,
        task_name=file.name,
        remote_path=remote,
        plate=settings.options.plate,
        size_bytes=len(file.data),
        gcode_state=state.value,
        use_ams=options.use_ams,
        ams_mapping=options.ams_mapping,
        file=file,
    )
