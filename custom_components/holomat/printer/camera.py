"""The chamber camera of a BambuLab printer: RTSPS live view (X1 family), JPEG frames (P1, A1).

Protocol facts: ``bambu.camera``. The X1 family streams H.264 over RTSPS, handed to Home
Assistant's ``stream`` (HLS, stills from its keyframes) or a WebRTC provider after a pinned
TLS handshake, since neither can check a certificate. P1 and A1 printers send JPEG frames over
TLS; ``bambu.ChamberCamera`` keeps one connection for every viewer, open only while someone
watches or asks for a still. A printer offline, or an X1 whose LAN live view is off (its report
says so), makes the camera unavailable; the latter also raises a repair issue.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib
from typing import Final

from aiohttp import web
from homeassistant.components.camera import Camera, CameraEntityFeature, async_get_still_stream
from homeassistant.components.stream import Stream
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..bambu import (
    CAMERA_PORT,
    RTSPS_PORT,
    BambuAuthError,
    BambuCertificateError,
    BambuError,
    BambuWrongPrinterError,
    CameraKind,
    ChamberCamera,
    LiveView,
    async_check_pin,
    camera_kind,
    rtsps_url,
)
from ..const import DOMAIN, LOGGER
from .const import (
    CONF_ACCESS_CODE,
    CONF_CAMERA_PORT,
    CONF_CERTIFICATE,
    ISSUE_LIVE_VIEW_OFF,
    MANUFACTURER,
)
from .coordinator import PrinterConfigEntry, PrinterCoordinator
from .entity import PrinterEntity, PrinterEntityDescription

PIN_CHECK_TIMEOUT: Final = 5.0  # s, within Home Assistant's 10 s for a stream source
SNAPSHOT_TIMEOUT: Final = 9.0  # s, within Home Assistant's 10 s for a still
FRESH_FRAME: Final = 2.0  # s: a JPEG this recent is the still (P1/A1 send one every 1-2 s)
LINGER: Final = 1.0  # s the JPEG connection stays open after its last viewer

CAMERA = PrinterEntityDescription[LiveView](
    key="camera",
    translation_key="camera",
    fields=frozenset({"live_view"}),
    value_fn=lambda data: data.state.live_view,
    available_fn=lambda data: data.online and data.state.live_view is not LiveView.OFF,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PrinterConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the printer's camera, of the kind its model has (none for an unknown model)."""
    coordinator = entry.runtime_data
    match camera_kind(coordinator.model):
        case CameraKind.RTSPS:
            async_add_entities([RtspsPrinterCamera(coordinator)])
        case CameraKind.JPEG:
            async_add_entities([JpegPrinterCamera(coordinator)])


class PrinterCamera(PrinterEntity[LiveView], Camera):
    """What both kinds of chamber camera share: availability, errors, the live-view repair."""

    _attr_brand = MANUFACTURER
    default_port: int

    def __init__(self, coordinator: PrinterCoordinator) -> None:
        """Attach the camera to the printer; nothing is opened before a viewer comes."""
        PrinterEntity.__init__(self, coordinator, CAMERA)
        Camera.__init__(self)
        data = coordinator.config_entry.data
        self._host: str = data[CONF_HOST]
        self._port: int = data.get(CONF_CAMERA_PORT, self.default_port)
        self._access_code: str = data[CONF_ACCESS_CODE]
        self._certificate: str = data[CONF_CERTIFICATE]
        self._attr_model = coordinator.model.value if coordinator.model else None
        self._issue_raised = False

    async def async_added_to_hass(self) -> None:
        """Raise the live-view repair at once when the last report says it is off."""
        await super().async_added_to_hass()
        self._async_update_issue()

    async def async_will_remove_from_hass(self) -> None:
        """Drop the live-view repair with the camera."""
        await super().async_will_remove_from_hass()
        ir.async_delete_issue(self.hass, DOMAIN, self._issue_id)

    @callback
    def _handle_coordinator_update(self) -> None:
        """Update the camera, and the repair when the live view was switched."""
        super()._handle_coordinator_update()
        self._async_update_issue()

    @property
    def _issue_id(self) -> str:
        """Return the id of this printer's live-view repair issue."""
        return f"{ISSUE_LIVE_VIEW_OFF}_{self.coordinator.config_entry.entry_id}"

    @callback
    def _async_update_issue(self) -> None:
        """Raise the repair while the report says the LAN live view is off; drop it after."""
        off = self._value is LiveView.OFF
        if off == self._issue_raised:
            return
        self._issue_raised = off
        if not off:
            ir.async_delete_issue(self.hass, DOMAIN, self._issue_id)
            return
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            self._issue_id,
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ISSUE_LIVE_VIEW_OFF,
            translation_placeholders={"name": self.coordinator.config_entry.title},
        )

    def _error(self, key: str) -> HomeAssistantError:
        """Return the translated error ``key`` about this printer's camera."""
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=key,
            translation_placeholders={"name": self.coordinator.config_entry.title},
        )

    def _camera_error(self, err: BambuError | TimeoutError) -> HomeAssistantError:
        """Return the translated error of a camera failure; a refused access code starts reauth."""
        if isinstance(err, BambuAuthError):
            self.coordinator.config_entry.async_start_reauth(self.hass)
            return self._error("printer_camera_refused")
        if isinstance(err, BambuCertificateError | BambuWrongPrinterError):
            return self._error("printer_camera_certificate")
        return self._error("printer_camera_unreachable")

    def _check_available(self) -> None:
        """Raise the translated error of an unavailable camera (printer offline, live view off)."""
        if not self.available:
            raise self._error("printer_camera_unavailable")


class RtspsPrinterCamera(PrinterCamera):
    """The camera of an X1 printer: RTSPS, watched through Home Assistant's ``stream``.

    Every new stream checks the pin first (``stream_source``); a stream left idle by its last
    viewer, or whose printer went offline, is dropped so the next one is checked again.
    """

    default_port = RTSPS_PORT
    _attr_supported_features = CameraEntityFeature.STREAM

    def __init__(self, coordinator: PrinterCoordinator) -> None:
        """Attach the camera to the printer."""
        super().__init__(coordinator)
        self._stream_error: HomeAssistantError | None = None
        self._was_available = False

    @callback
    def _handle_coordinator_update(self) -> None:
        """Follow the printer: drop the stream when the camera becomes unavailable.

        When it becomes available, WebRTC providers (go2rtc) are asked again: at setup the
        printer was offline and ``stream_source`` gave them nothing.
        """
        super()._handle_coordinator_update()
        available = self.available
        if available == self._was_available:
            return
        self._was_available = available
        if available:
            self.hass.async_create_task(self.async_refresh_providers(), eager_start=False)
        elif (stream := self.stream) is not None:
            self.stream = None
            self.hass.async_create_task(stream.stop(), eager_start=True)

    async def async_will_remove_from_hass(self) -> None:
        """Stop the stream with the camera."""
        await super().async_will_remove_from_hass()
        if (stream := self.stream) is not None:
            self.stream = None
            await stream.stop()

    async def stream_source(self) -> str | None:
        """Return the RTSPS URL once the printer showed its pinned certificate; None else.

        Why it is None is kept for ``async_create_stream`` to raise (providers ask here too,
        when the camera is added, and must get None rather than an error).
        """
        self._stream_error = None
        try:
            self._check_available()
            async with asyncio.timeout(PIN_CHECK_TIMEOUT):
                await async_check_pin(self._host, self._port, self._certificate)
        except HomeAssistantError as err:
            self._stream_error = err
        except (BambuError, TimeoutError) as err:
            LOGGER.debug("%s: no stream: %s", self.entity_id, err)
            self._stream_error = self._camera_error(err)
        else:
            return rtsps_url(self._host, self._access_code, self._port)
        return None

    async def async_create_stream(self) -> Stream | None:
        """Return the stream, made anew (pin checked) when the last one was left idle.

        Raises the translated reason when there can be no stream.
        """
        if (stream := self.stream) is not None and not stream.outputs():
            self.stream = None
            await stream.stop()
        stream = await super().async_create_stream()
        if stream is None and self._stream_error is not None:
            raise self._stream_error
        return stream

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """Return a JPEG of the stream's last keyframe (waiting for one on a new stream)."""
        stream = await self.async_create_stream()
        if stream is None:
            return None
        image = await stream.async_get_image(width, height)
        if image is None:
            image = await stream.async_get_image(width, height, wait_for_next_keyframe=True)
        return image


class JpegPrinterCamera(PrinterCamera):
    """The camera of a P1 or A1 printer: its JPEG frames, as stills and an MJPEG stream."""

    default_port = CAMERA_PORT

    def __init__(self, coordinator: PrinterCoordinator) -> None:
        """Attach the camera to the printer; its connection opens with the first viewer."""
        super().__init__(coordinator)
        self._hub = ChamberCamera(
            self._host, self._access_code, self._certificate, port=self._port, linger=LINGER
        )

    async def async_will_remove_from_hass(self) -> None:
        """Close the camera's connection with the entity (its viewers' streams end)."""
        await super().async_will_remove_from_hass()
        await self._hub.async_close()

    @contextlib.asynccontextmanager
    async def _translated_errors(self) -> AsyncIterator[None]:
        """Raise the camera's failures as translated errors."""
        try:
            yield
        except (BambuError, TimeoutError) as err:
            raise self._camera_error(err) from err

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """Return the last frame if it is fresh, else the next one (opening the connection).

        Home Assistant scales it when ``width`` and ``height`` are given.
        """
        self._check_available()
        if (frame := self._hub.recent_frame(FRESH_FRAME)) is not None:
            return frame
        async with self._translated_errors(), asyncio.timeout(SNAPSHOT_TIMEOUT):
            return await self._hub.async_snapshot()

    async def handle_async_mjpeg_stream(self, request: web.Request) -> web.StreamResponse | None:
        """Serve each new frame as an MJPEG stream until the viewer leaves or the camera fails.

        None (a 502) while the camera is unavailable. The viewer shares the printer's one
        connection; leaving (or the connection giving up) lets it close.
        """
        if not self.available:
            return None
        async with self._hub.stream() as frames:

            async def next_frame() -> bytes | None:
                """Return the next frame; None ends the stream (the camera gave up)."""
                try:
                    return await anext(frames)
                except BambuError as err:
                    LOGGER.debug("%s: stream ended: %s", self.entity_id, err)
                    self._camera_error(err)
                    return None

            return await async_get_still_stream(request, next_frame, self.content_type, 0)
