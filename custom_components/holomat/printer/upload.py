"""Upload a file to a printer's storage over FTPS, its progress in a notification a user sees.

The printer's implicit FTPS (``bambu.ftps``: port 990 on printers, the entry's ``ftps_port``
for the simulator) trusts only the certificate pinned at pairing, the one MQTT pins. Printers
take files slowly (P1 and A1 about 70 kB/s: shared notes, workshop-surface §3.2), so a plate of
a few megabytes takes a minute: while one that size goes, a persistent notification says how
much has gone, updated once a second or per ``STEP_PERCENT`` at most, and goes away when the
upload ends, well or not.
"""

from __future__ import annotations

import time
from typing import Final

from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError

from ..bambu import BambuError, BambuFtpClient, BambuNoStorageError, BambuStorageFullError
from ..const import DOMAIN
from ..texts import Text, async_get_text
from .const import CONF_ACCESS_CODE, CONF_CERTIFICATE, CONF_FTPS_PORT, DEFAULT_FTPS_PORT
from .coordinator import PrinterCoordinator

MIN_BYTES: Final = 256 * 1024  # smaller files go too fast for a notification to help
STEP_PERCENT: Final = 5
MIN_INTERVAL_S: Final = 1.0
# The progress text's placeholders, filled at each update (the text is loaded once).
FIELDS: Final = ("file", "percent", "sent", "total")


def notification_id(entry_id: str) -> str:
    """Return the id of the upload notification of printer entry ``entry_id``."""
    return f"{DOMAIN}_upload_{entry_id}"


class UploadProgress:
    """Report the upload of ``file`` (``total`` bytes) to the printer named ``printer``."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        *,
        printer: str,
        file: str,
        total: int,
        language: str | None,
    ) -> None:
        """Prepare the notification (shown only for files of at least ``MIN_BYTES``)."""
        self.hass = hass
        self.notification_id = notification_id(entry_id)
        self.printer = printer
        self.file = file
        self.total = total
        self.shown = total >= MIN_BYTES
        self._language = language
        self._texts: tuple[str, str] | None = None
        self._last_percent = -STEP_PERCENT
        self._last_time = 0.0

    async def async_start(self) -> None:
        """Load the texts in the reader's language and show 0 %."""
        if not self.shown:
            return
        self._texts = (
            await async_get_text(
                self.hass, Text.PRINTER_UPLOAD_TITLE, self._language, printer=self.printer
            ),
            await async_get_text(
                self.hass,
                Text.PRINTER_UPLOAD_PROGRESS,
                self._language,
                **{field: f"{{{field}}}" for field in FIELDS},
            ),
        )
        self.update(0, self.total)

    @callback
    def update(self, sent: int, total: int) -> None:
        """Show ``sent`` of ``total`` bytes, when enough changed since the last update."""
        if self._texts is None:
            return
        percent = int(100 * sent / total) if total else 100
        now = time.monotonic()
        if percent < self._last_percent + STEP_PERCENT and now - self._last_time < MIN_INTERVAL_S:
            return
        self._last_percent, self._last_time = percent, now
        title, text = self._texts
        persistent_notification.async_create(
            self.hass,
            text.format(
                file=self.file,
                percent=percent,
                sent=f"{sent / 1e6:.1f}",
                total=f"{total / 1e6:.1f}",
            ),
            title=title,
            notification_id=self.notification_id,
        )

    @callback
    def end(self) -> None:
        """Take the notification away."""
        if self._texts is not None:
            persistent_notification.async_dismiss(self.hass, self.notification_id)


async def async_upload(
    hass: HomeAssistant,
    coordinator: PrinterCoordinator,
    data: bytes,
    remote: str,
    language: str | None,
) -> None:
    """Upload ``data`` to ``remote`` on the printer's storage, showing its progress.

    Raises a translated ``HomeAssistantError``: ``printer_no_storage``, ``printer_storage_full``
    (the storage said so before, or refused the file), ``print_upload_failed`` (anything else;
    the library has deleted a partial file).
    """
    entry = coordinator.config_entry
    settings = entry.data
    placeholders = {"name": entry.title, "file": remote}
    progress = UploadProgress(
        hass,
        entry.entry_id,
        printer=entry.title,
        file=remote,
        total=len(data),
        language=language,
    )
    client = BambuFtpClient(
        coordinator.client.host,
        settings[CONF_ACCESS_CODE],
        settings[CONF_CERTIFICATE],
        port=settings.get(CONF_FTPS_PORT, DEFAULT_FTPS_PORT),
    )
    await progress.async_start()
    try:
        async with client:
            await _async_check_room(client, len(data))
            await client.async_upload(data, remote, progress=progress.update)
    except BambuNoStorageError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="printer_no_storage",
            translation_placeholders={"name": entry.title},
        ) from err
    except BambuStorageFullError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="printer_storage_full",
            translation_placeholders={**placeholders, "size": f"{len(data) / 1e6:.1f}"},
        ) from err
    except BambuError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="print_upload_failed",
            translation_placeholders={**placeholders, "error": str(err)},
        ) from err
    finally:
        progress.end()


async def _async_check_room(client: BambuFtpClient, size: int) -> None:
    """Raise ``BambuStorageFullError`` when the storage says it has less than ``size`` bytes.

    Printers' vsftpd does not say (``None``): the upload's own reply tells then.
    """
    free = await client.async_free_space()
    if free is not None and free < size:
        raise BambuStorageFullError(f"{free} bytes free for {size}")
