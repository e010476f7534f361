"""The cover image of a BambuLab printer: the current job's plate thumbnail, read over FTPS.

The job is what the report names (``subtask_name``, ``gcode_file``); when it changes, the
job's 3MF is looked for on the printer's storage and its plate thumbnail shown
(``bambu.async_job_cover``), fetched in the background and tried again a few times (the file
may land after the job starts, the printer may be busy). Covers are kept per job, so a job seen
again shows at once. No job, or no file of it: no image (the state is unknown).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Final

from homeassistant.components.image import ImageEntity
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from ..bambu import (
    FTPS_PORT,
    BambuConnectionError,
    BambuError,
    BambuFtpClient,
    BambuNoStorageError,
    BambuStorageError,
    PrinterState,
    async_job_cover,
)
from ..const import DOMAIN, LOGGER
from .const import CONF_ACCESS_CODE, CONF_CERTIFICATE, CONF_FTPS_PORT
from .coordinator import PrinterConfigEntry, PrinterCoordinator
from .entity import PrinterEntity, PrinterEntityDescription

type Job = tuple[str, str]  # (subtask_name, gcode_file) as reported

RETRY_DELAYS: Final = (2.0, 10.0, 30.0)  # s between tries, one try more than delays
FTP_TIMEOUT: Final = 20.0  # s per FTP call
CACHED_COVERS: Final = 8


def current_job(state: PrinterState) -> Job | None:
    """Return the job a report names, None when it names none."""
    if not state.task_name and not state.gcode_file:
        return None
    return state.task_name or "", state.gcode_file or ""


COVER_IMAGE = PrinterEntityDescription[Job | None](
    key="cover_image",
    translation_key="cover_image",
    fields=frozenset({"task_name", "gcode_file"}),
    value_fn=lambda data: current_job(data.state),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the printer's cover image."""
    async_add_entities([PrinterCoverImage(hass, entry.runtime_data)])


class PrinterCoverImage(PrinterEntity[Job | None], ImageEntity):
    """The current job's plate thumbnail (PNG); unknown without a job or its file."""

    _attr_content_type = "image/png"

    def __init__(self, hass: HomeAssistant, coordinator: PrinterCoordinator) -> None:
        """Attach the image to the printer; nothing is fetched before a job is reported."""
        PrinterEntity.__init__(self, coordinator, COVER_IMAGE)
        ImageEntity.__init__(self, hass)
        self._covers: OrderedDict[Job, bytes] = OrderedDict()
        self._cover: bytes | None = None
        self._job: Job | None = None
        self._fetch: asyncio.Task[None] | None = None

    async def async_added_to_hass(self) -> None:
        """Show the cover of the job reported now; stop fetching when removed."""
        await super().async_added_to_hass()
        self.async_on_remove(self._async_cancel_fetch)
        self._async_follow_job()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Follow the job, then update the entity (written once when the job changed)."""
        self._async_follow_job()
        super()._handle_coordinator_update()

    async def async_image(self) -> bytes | None:
        """Return the cover (PNG bytes), None without one."""
        return self._cover

    @callback
    def _async_follow_job(self) -> None:
        """On a new job: take its cached cover, or none while fetching it (state not written)."""
        job = current_job(self.coordinator.data.state)
        if job == self._job:
            return
        self._job = job
        self._async_cancel_fetch()
        cover = self._covers.get(job) if job else None
        self._set_cover(cover)
        if job is not None and cover is None:
            self._fetch = self.coordinator.config_entry.async_create_background_task(
                self.hass, self._async_fetch(job), f"{DOMAIN} cover of {job[0] or job[1]}"
            )

    @callback
    def _async_cancel_fetch(self) -> None:
        """Stop fetching a cover."""
        if self._fetch is not None:
            self._fetch.cancel()
            self._fetch = None

    def _set_cover(self, cover: bytes | None) -> None:
        """Take ``cover`` (None: no image) as the image, updated now if it is another one."""
        if cover != self._cover:
            self._cover = cover
            self._attr_image_last_updated = dt_util.utcnow() if cover is not None else None

    async def _async_fetch(self, job: Job) -> None:
        """Read the job's cover from the printer, trying again after a failure or no file."""
        for delay in (*RETRY_DELAYS, None):
            try:
                cover = await self._async_read(job)
            except BambuNoStorageError as err:
                LOGGER.debug("%s: no cover: %s", self.entity_id, err)
                return
            except (BambuConnectionError, BambuStorageError) as err:
                LOGGER.debug("%s: cover not read, will retry: %s", self.entity_id, err)
            except BambuError as err:  # refused access code or certificate, unreadable file
                LOGGER.debug("%s: no cover: %s", self.entity_id, err)
                return
            else:
                if cover is not None:
                    self._covers[job] = cover
                    while len(self._covers) > CACHED_COVERS:
                        self._covers.popitem(last=False)
                    self._fetch = None
                    self._set_cover(cover)
                    self.async_write_ha_state()
                    return
            if delay is None:
                return
            await asyncio.sleep(delay)

    async def _async_read(self, job: Job) -> bytes | None:
        """Return the job's cover read over FTPS, None when the storage holds no file of it."""
        data = self.coordinator.config_entry.data
        async with BambuFtpClient(
            data[CONF_HOST],
            data[CONF_ACCESS_CODE],
            data[CONF_CERTIFICATE],
            port=data.get(CONF_FTPS_PORT, FTPS_PORT),
            timeout=FTP_TIMEOUT,
        ) as ftp:
            return await async_job_cover(ftp, *job)
