"""A simulated printer's other services: its storage over FTPS and its chamber camera.

Beside MQTT a printer serves its SD card over implicit FTPS (port 990) and its camera: RTSPS on
port 322 for the X1 family, JPEG frames over TLS on port 6000 for P1 and A1
(``custom_components/holomat/bambu/camera.py`` for the protocol facts). ``PrinterServices``
runs them for one ``PrinterSimulator`` on free ports of 127.0.0.1, with the printer's
certificate and access code: ``ftps`` (``holomat_dev.ftps_server``), ``camera``
(``holomat_dev.camera_server``) or ``rtsps`` (``holomat_dev.rtsps_server``, when Debian's
GStreamer is installed; the report's ``ipcam.rtsp_url`` then names the stream, or says
``disable`` while ``set_live_view(False)`` has it off). The camera draws what the printer does;
each print started puts its sliced file in ``/cache/`` (so a client finds the job's cover
image), and ``print_file`` prints a file a client uploaded, with the name, layers and time read
from it.
"""

from __future__ import annotations

from collections.abc import Mapping
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import rtsps_server
from .camera_server import CameraScene, ChamberCameraServer
from .certificates import PrinterCertificate
from .ftps_server import PrinterFtpServer
from .rtsps_server import RtspsServer
from .threemf_files import make_3mf, read_job
from .tls_service import TlsService

if TYPE_CHECKING:
    from .bambu_simulator import PrinterSimulator

_LOGGER = logging.getLogger(__name__)
RTSPS_MODELS = frozenset({"X1", "X1C", "X1E"})


class PrinterServices:
    """The FTPS server and camera of one simulated printer (see the module docstring)."""

    def __init__(
        self,
        simulator: PrinterSimulator,
        storage: Path,
        certificate: PrinterCertificate,
        access_code: str,
        *,
        file_server: bool = True,
        camera: bool = True,
        ports: Mapping[str, int] | None = None,
    ) -> None:
        """Prepare the services asked for; ``storage`` is the folder playing the SD card.

        ``ports`` (as ``ports()`` returns them) are tried first, so a printer keeps its ports
        across runs; a taken one is replaced by a free one.
        """
        self.simulator = simulator
        self._preferred = dict(ports or {})
        self.ftps = PrinterFtpServer(storage, certificate, access_code) if file_server else None
        self.camera: ChamberCameraServer | None = None
        self.rtsps: RtspsServer | None = None
        self._want_rtsps = camera and simulator.model.code in RTSPS_MODELS
        if camera and not self._want_rtsps:
            self.camera = ChamberCameraServer(certificate, access_code, self.scene)
        self._certificate = certificate
        self._access_code = access_code

    def scene(self) -> CameraScene:
        """Return what the camera sees now (the job and its layer)."""
        body = self.simulator.printer.body
        return CameraScene(
            job=str(body.get("subtask_name") or ""),
            layer=_int(body.get("layer_num")),
            total_layers=_int(body.get("total_layer_num")),
        )

    async def start(self) -> None:
        """Start every service (the RTSPS stream only where GStreamer is installed)."""
        if self.ftps is not None:
            await self._start(self.ftps, "ftps_port")
        if self.camera is not None:
            await self._start(self.camera, "camera_port")
        if self._want_rtsps:
            if rtsps_server.available():
                await self.set_live_view(True)
            else:
                self._want_rtsps = False
                _LOGGER.warning("No RTSPS camera for %s: GStreamer missing", self.simulator.serial)

    @property
    def serves_rtsps(self) -> bool:
        """Return whether this printer serves an RTSPS camera (an X1 with GStreamer installed)."""
        return self._want_rtsps

    async def set_live_view(self, on: bool) -> None:
        """Turn the X1's LAN live view on (RTSPS served) or off (port closed), as its report says.

        A real X1 reports ``ipcam.rtsp_url`` ``"disable"`` when the setting is off, the stream's
        URL without a port when on (OpenBambuAPI ``video.md``; ha-bambulab ``pybambu/models.py``).
        """
        if on and self.rtsps is None:
            self.rtsps = RtspsServer(self._certificate, self._access_code, scene=self.scene)
            await self._start(self.rtsps, "rtsps_port")
            self._preferred["rtsps_port"] = self.rtsps.port
        elif not on and self.rtsps is not None:
            await self.rtsps.stop()
            self.rtsps = None
        url = f"rtsps://{self.rtsps.host}/streaming/live/1" if self.rtsps else "disable"
        ipcam = self.simulator.printer.body.get("ipcam")
        self.simulator.printer.put("ipcam", {**(ipcam or {}), "rtsp_url": url})

    async def _start(self, service: TlsService | RtspsServer, key: str) -> None:
        """Start a service on its preferred port, or on a free one when that is taken."""
        service.port = self._preferred.get(key, 0)
        try:
            await service.start()
        except (OSError, RuntimeError):
            if service.port == 0:
                raise
            service.port = 0
            await service.start()

    async def stop(self) -> None:
        """Stop every service."""
        for service in (self.ftps, self.camera, self.rtsps):
            if service is not None:
                await service.stop()

    def ports(self) -> dict[str, int]:
        """Return the services' ports: ``ftps_port``, ``camera_port`` or ``rtsps_port``."""
        ports: dict[str, int] = {}
        if self.ftps is not None:
            ports["ftps_port"] = self.ftps.port
        if self.camera is not None:
            ports["camera_port"] = self.camera.port
        if self.rtsps is not None:
            ports["rtsps_port"] = self.rtsps.port
        return ports

    def job_sent(self, name: str, duration_s: float, layers: int) -> None:
        """Put the sliced file of a job the printer starts in ``/cache/`` (as a slicer sends it)."""
        if self.ftps is not None and self.ftps.faults.sd_card:
            data = make_3mf(name, layers=layers, seconds=int(duration_s))
            self.ftps.add_file(f"/cache/{name}.gcode.3mf", data)

    def print_file(self, path: str, plate: int = 1, task_name: str | None = None) -> bool:
        """Start printing a file on the storage, as told by ``project_file``; False if unusable.

        The layers and time come from the file itself (``threemf_files.read_job``), the task
        name from ``task_name`` (the command's ``subtask_name``), else from the file.
        """
        local = self.ftps.local_path(path) if self.ftps is not None else None
        if local is None or not local.is_file() or not self.has_storage:
            return False
        job = read_job(local.read_bytes(), plate)
        if job is None:
            return False
        self.simulator.start_print(
            task_name or job.task_name,
            duration_s=job.seconds,
            layers=job.layers,
            send_file=False,
            gcode_file=local.name,
        )
        return True

    @property
    def has_storage(self) -> bool:
        """Return whether the printer has an SD card (its storage) in it."""
        return self.ftps is not None and self.ftps.faults.sd_card


def _int(value: Any) -> int:
    """Return a report field as an int (0 when it is none)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
