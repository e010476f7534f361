"""The slicing routes: an STL (uploaded, or a model job's result) → a printer-ready ``.gcode.3mf``.

``POST /slice`` takes the STL as a ``model`` file part (multipart, or base64 in JSON) or the
``job_id`` of a done model job, and the printer, nozzle, material and name; it answers like
``POST /jobs``: 202 with the job (``kind`` ``slice``), or 200 when the cache has the plate. The
job runs in the job manager's CPU pool with the same queue, time limit, statuses and errors as a
model (``holomat_addon.slicing`` does the work: see its errors). ``GET /jobs/{id}/3mf`` answers
the file with the slicer's estimates in headers; ``GET /jobs/{id}/preview.png`` its thumbnail.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import uuid
from dataclasses import dataclass
from typing import Any, Final

from aiohttp import web

from .. import __version__
from ..slicing import MATERIALS, NOZZLES, PRINTERS, SliceResult, find_slicer, slice_model
from ..slicing.errors import SlicingError
from ..slicing.profiles import Material, PrinterProfile, material, nozzle_size, printer_profile
from ..stl.engine import Progress
from ..stl.errors import BadParameterError
from .common import JOBS_KEY, LIMITS_KEY, OPTIONS_KEY, finished, job_of
from .errors import NotReadyError, UploadTimeoutError
from .job import Job, JobKind, JobStatus
from .jobs import JobManager
from .store import StoredResult
from .upload import read_form

FIELDS: Final = frozenset({"printer", "nozzle", "material", "name", "job_id"})
DEFAULT_NAME: Final = "model"
CONTENT_TYPE: Final = "model/3mf"
_UNSAFE: Final = re.compile(r"[^\w .()+-]+")
_NOT_ASCII_NAME: Final = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class SliceRequest:
    """What to slice for: the printer's profile, the nozzle (mm), the material and a name.

    ``job_id`` names the done model job whose STL to slice (None: the STL is uploaded).
    """

    printer: PrinterProfile
    nozzle: float
    material: Material
    name: str
    job_id: str | None

    def cache_key(self, model_digest: str, slicer: str) -> str:
        """Return the cache key of this plate for a model (its digest) and a slicer label."""

        return (
            f"slice|{model_digest}|{self.printer.model}|{self.nozzle:g}|{self.material.key}|"
            f"{self.name}|{slicer}|{__version__}"
        )


@dataclass(frozen=True, slots=True)
class SliceFacts:
    """What ``GET /jobs/{id}`` reports of a sliced plate (``result``).

    ``result`` is the slicing's result, ``name`` the object's name.
    """

    result: SliceResult
    name: str

    @property
    def stored_bytes(self) -> int:
        """Return the size of the ``.gcode.3mf`` the server keeps."""

        return self.result.file_bytes

    def as_dict(self, *, cached: bool) -> dict[str, Any]:
        """Return the API's ``result`` object of a slicing job."""

        result = self.result
        return {
            "name": self.name,
            "printer": result.printer,
            "nozzle": result.nozzle,
            "material": result.material,
            "print_seconds": result.seconds,
            "filament_g": round(result.filament_g, 2),
            "filament_mm": round(result.filament_mm, 1),
            "layers": result.layers,
            "size_mm": [round(value, 3) for value in result.size_mm],
            "slicer": result.slicer,
            "file_bytes": result.file_bytes,
            "cached": cached,
        }


def parse_slice_request(raw: dict[str, Any]) -> SliceRequest:
    """Validate the fields of ``POST /slice``.

    ``printer`` is required ("P1S", "A1 mini", "C12"); ``nozzle`` defaults to 0.4 mm,
    ``material`` to PLA, ``name`` to "model" (kept to letters, digits, spaces and ``.()+-_``).
    Raises ``BadParameterError``, or ``UnknownProfileError`` for a printer, nozzle or material
    without a profile.
    """

    unknown = sorted(set(raw) - FIELDS)
    if unknown:
        raise BadParameterError(
            f"Unknown parameter(s) {', '.join(unknown)}: accepted are {', '.join(sorted(FIELDS))}."
        )
    printer = raw.get("printer")
    if not isinstance(printer, str) or not printer.strip():
        raise BadParameterError(
            f"Say which printer to slice for: 'printer' ({', '.join(PRINTERS)})."
        )
    try:
        nozzle = float(raw.get("nozzle", 0.4))
    except (TypeError, ValueError) as err:
        raise BadParameterError("'nozzle' must be a diameter in mm, such as 0.4.") from err
    name = _UNSAFE.sub(" ", str(raw.get("name") or "")).strip() or DEFAULT_NAME
    job_id = raw.get("job_id")
    return SliceRequest(
        printer=printer_profile(printer),
        nozzle=nozzle_size(nozzle),
        material=material(str(raw.get("material", "PLA"))),
        name=name,
        job_id=str(job_id) if job_id not in (None, "") else None,
    )


def _model_of(manager: JobManager, job_id: str) -> StoredResult:
    """Return the STL of done model job ``job_id``; raise a 404, a 400 or a 409 (not done)."""

    job = manager.jobs.get(job_id)
    if job is None:
        raise web.HTTPNotFound(reason="No such model job (unknown, or expired after an hour)")
    if job.kind is not JobKind.MODEL:
        raise BadParameterError(f"Job {job_id} is a {job.kind} job: give a model job's id.")
    if job.result is None:
        raise NotReadyError(f"The model job is {job.status}: slice it once it is done.")
    return job.result


def slicer_label() -> str:
    """Return the slicer's name and version (blocking: runs it once); raise if none is installed."""

    return find_slicer().label


async def slicing_info() -> dict[str, Any]:
    """Return the ``slicing`` object of ``GET /info``: the slicer (None if missing), profiles."""

    try:
        label: str | None = await asyncio.get_running_loop().run_in_executor(None, slicer_label)
    except SlicingError:
        label = None
    return {
        "slicer": label,
        "printers": list(PRINTERS),
        "nozzles": list(NOZZLES),
        "materials": list(MATERIALS),
    }


async def _submit_slice(request: web.Request) -> Job:
    """Reserve a slot, read the STL or find the model job, and start (or reuse) the slicing."""

    options, limits = request.app[OPTIONS_KEY], request.app[LIMITS_KEY]
    manager = request.app[JOBS_KEY]
    loop = asyncio.get_running_loop()
    with manager.reserve():
        try:
            async with asyncio.timeout(limits.upload_timeout_s):
                model, raw = await read_form(request, options.max_model_bytes, limits, part="model")
        except TimeoutError as err:
            raise UploadTimeoutError(
                f"The model did not arrive within {limits.upload_timeout_s:g} s: send it again "
                "over a faster link."
            ) from err
        wanted = parse_slice_request(raw)
        if (model is None) == (wanted.job_id is None):
            raise BadParameterError(
                "Send the STL as a 'model' file part, or the 'job_id' of a done model job: "
                "one of the two."
            )
        label = await loop.run_in_executor(None, slicer_label)
        source = _model_of(manager, wanted.job_id) if wanted.job_id is not None else None
        if source is not None:
            digest = source.path.name.split(".", 1)[0]  # the model's own cache key, hashed
        else:
            assert model is not None
            digest = await loop.run_in_executor(None, lambda: hashlib.sha256(model).hexdigest())
        key = wanted.cache_key(digest, label)
        destination = manager.store.path_for(key, ".gcode.3mf")
        timeout = manager.job_timeout_s

        def work(progress: Progress, _cancel: object) -> StoredResult:
            """Slice the STL into the store (in a worker thread)."""

            stl = model if source is None else source.path
            assert stl is not None
            result = slice_model(
                stl,
                destination,
                printer=wanted.printer.model,
                nozzle=wanted.nozzle,
                material=wanted.material.key,
                name=wanted.name,
                timeout=timeout,
                progress=progress,
            )
            return StoredResult(destination, SliceFacts(result, wanted.name))

        job = Job(job_id=uuid.uuid4().hex, method="slice", kind=JobKind.SLICE, source=source)
        return manager.submit_work(job, key, work)


async def post_slice(request: web.Request) -> web.Response:
    """``POST /slice``: 202 with the slicing job's id, or 200 when the cache has the plate."""

    job = await _submit_slice(request)
    status = 200 if job.status is JobStatus.DONE else 202
    return web.json_response(
        {"job_id": job.job_id, "kind": str(job.kind), "status": str(job.status)}, status=status
    )


async def get_gcode_3mf(request: web.Request) -> web.StreamResponse:
    """``GET /jobs/{job_id}/3mf``: the sliced ``.gcode.3mf``, the estimates in headers."""

    job = job_of(request, JobKind.SLICE)
    result = finished(job)
    if isinstance(result, web.Response):
        return result
    facts = result.facts
    assert isinstance(facts, SliceFacts)
    plate = facts.result
    headers = {
        "X-HoloMat-Job-Id": job.job_id,
        "X-HoloMat-Print-Seconds": str(plate.seconds),
        "X-HoloMat-Filament-G": f"{plate.filament_g:.2f}",
        "X-HoloMat-Layers": str(plate.layers),
        "X-HoloMat-Cached": "true" if job.cached else "false",
        "Content-Disposition": (
            f'attachment; filename="{_NOT_ASCII_NAME.sub("_", facts.name)}.gcode.3mf"'
        ),
        "Content-Type": CONTENT_TYPE,
    }
    return web.FileResponse(result.path, headers=headers)


def add_slice_routes(app: web.Application) -> None:
    """Add ``POST /slice`` and ``GET /jobs/{job_id}/3mf`` to the API."""

    app.router.add_post("/slice", post_slice)
    app.router.add_get("/jobs/{job_id}/3mf", get_gcode_3mf)
