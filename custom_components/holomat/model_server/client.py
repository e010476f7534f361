"""HA-free aiohttp client of the HoloMat add-on's image-to-STL HTTP API.

The API is the contract in the add-on's docs (``GET /health``, ``GET /info``, ``POST /jobs``,
``GET /jobs/{id}``, ``GET /jobs/{id}/stl``, ``GET /jobs/{id}/preview.png``, and for slicing
``POST /slice`` and ``GET /jobs/{id}/3mf``: see ``plates``): every request but
``/health`` carries ``Authorization: Bearer <token>``; errors are JSON
``{"error": code, "message": sentence}`` with a precise HTTP status. This module maps each status
to an exception of its own so callers can tell a down server from a bad token, a rejected image,
a full queue and a job that took too long.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
import json
from typing import Any, Final

import aiohttp
from yarl import URL

from .plates import KIND_MODEL, KIND_SLICE, SlicedPlate, SliceSettings, sliced_plate

REQUEST_TIMEOUT: Final = 60.0  # s for one request (an upload of up to 15 MB included)
FIRST_POLL_INTERVAL: Final = 0.2  # s before the first job poll; CPU methods take under a second
MAX_POLL_INTERVAL: Final = 2.0  # s between two polls of a long (GPU) job
METHODS: Final = ("auto", "relief", "silhouette", "hunyuan3d")


class ModelServerError(Exception):
    """Something went wrong talking to the add-on."""


class ModelServerConnectionError(ModelServerError):
    """The add-on could not be reached, or answered something that is not its API."""


class ModelServerAuthError(ModelServerError):
    """The add-on refused the token (HTTP 401)."""


class ModelServerTimeoutError(ModelServerError):
    """A job did not finish in time (HTTP 504 from the add-on, or our own wait ran out)."""


class ModelServerRequestError(ModelServerError):
    """The add-on refused a request; ``code`` and ``message`` are the add-on's own.

    ``status`` is the HTTP status: 400 bad parameters, 404 unknown job, 409 result not ready,
    413 upload too large, 415 not an image, 422 unusable image or unprintable mesh, 503 method
    unavailable. A failed job raises this too, with the job's error and ``status`` 0.
    """

    def __init__(self, status: int, code: str, message: str) -> None:
        """Keep the add-on's status, error code and message."""
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class ModelServerBusyError(ModelServerRequestError):
    """The add-on's queue is full (HTTP 429); try again after ``retry_after`` seconds."""

    def __init__(self, code: str, message: str, retry_after: int | None) -> None:
        """Keep the add-on's advice on when to try again."""
        super().__init__(429, code, message)
        self.retry_after = retry_after


class JobStatus(StrEnum):
    """Where a job stands on the add-on: the add-on's ``status`` values (its ``JobStatus``)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ErrorCode(StrEnum):
    """The add-on's error codes this client turns into exceptions of their own."""

    UNAUTHORIZED = "unauthorized"  # ModelServerAuthError
    QUEUE_FULL = "queue_full"  # ModelServerBusyError
    TIMEOUT = "timeout"  # ModelServerTimeoutError: a job stopped at the add-on's time limit


# The HTTP status the add-on answers each with; read by status, as a proxy's error page in
# front of the add-on says the same without the add-on's JSON body.
STATUS_ERROR_CODES: Final = {
    401: ErrorCode.UNAUTHORIZED,
    429: ErrorCode.QUEUE_FULL,
    504: ErrorCode.TIMEOUT,
}


@dataclass(frozen=True, slots=True)
class ModelParameters:
    """What to make of an image: the add-on's job parameters (sizes in millimetres)."""

    method: str = "auto"
    size_mm: float = 80.0
    base_mm: float = 2.0
    thickness_mm: float | None = None
    invert: bool | None = None

    def as_fields(self) -> dict[str, str]:
        """Return the parameters as multipart form fields, leaving out unset ones."""
        fields = {
            "method": self.method,
            "size_mm": _number(self.size_mm),
            "base_mm": _number(self.base_mm),
        }
        if self.thickness_mm is not None:
            fields["thickness_mm"] = _number(self.thickness_mm)
        if self.invert is not None:
            fields["invert"] = "true" if self.invert else "false"
        return fields


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """What ``GET /info`` says about the add-on."""

    version: str
    methods: tuple[str, ...]
    device: str
    model: str | None
    hunyuan3d_enabled: bool
    hunyuan3d_loaded: bool
    hunyuan3d_reason: str | None
    queue_pending: int
    queue_max: int
    max_upload_bytes: int
    max_pixels: int


@dataclass(frozen=True, slots=True)
class ModelResult:
    """A finished model: triangle count, bounding box (mm, x y z), volume (mm³), checks.

    ``quality`` (0-1) and ``quality_reason`` say how usable the picture was for the method
    (the add-on's ``result.quality``); ``None`` when the server reports none.
    """

    triangles: int
    size_mm: tuple[float, float, float]
    volume_mm3: float
    watertight: bool
    method: str
    cached: bool
    stl_bytes: int
    quality: float | None = None
    quality_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """A job on the add-on; once done ``result`` (a model) or ``plate`` (a slicing) is set.

    ``kind`` is ``model`` or ``slice``; ``error`` is set once the job failed.
    """

    job_id: str
    status: JobStatus
    progress: float
    method: str | None
    result: ModelResult | None
    error: ModelServerRequestError | None
    kind: str = KIND_MODEL
    plate: SlicedPlate | None = None


def _number(value: float) -> str:
    """Return ``value`` without a useless ``.0``."""
    return str(int(value)) if float(value).is_integer() else str(value)


class ModelServerClient:
    """Talk to one add-on at ``url`` (e.g. ``http://local-holomat:8099``) with ``token``.

    The session is the caller's (Home Assistant's shared one) and is never closed here.
    Every method raises ``ModelServerConnectionError``, ``ModelServerAuthError``,
    ``ModelServerRequestError`` (``ModelServerBusyError`` for 429) or ``ModelServerTimeoutError``.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        token: str,
        *,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        """Keep the session, the add-on's base URL, its token and the per-request time limit."""
        self._session = session
        self.url = URL(url.rstrip("/"))
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)

    async def _request(
        self, method: str, path: str, *, data: Any = None, auth: bool = True
    ) -> bytes:
        """Send a request and return the response body; raise on any error status."""
        headers = {"Authorization": f"Bearer {self._token}"} if auth else {}
        try:
            async with self._session.request(
                method, self.url / path, data=data, headers=headers, timeout=self._timeout
            ) as response:
                body = await response.read()
                if response.status >= 400:
                    raise _error_from(response, body)
        except TimeoutError as err:
            raise ModelServerConnectionError(f"{self.url} did not answer in time") from err
        except aiohttp.ClientError as err:
            raise ModelServerConnectionError(f"cannot reach {self.url}: {err}") from err
        return body

    async def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """Send a request and return its JSON object body."""
        try:
            body = json.loads(await self._request(method, path, **kwargs))
        except ValueError as err:
            raise ModelServerConnectionError(f"{self.url}/{path} did not answer JSON") from err
        if not isinstance(body, dict):
            raise ModelServerConnectionError(f"{self.url}/{path} did not answer a JSON object")
        return body

    async def async_health(self) -> str:
        """Return the add-on's health status (``ok`` when serving); needs no token."""
        body = await self._json("GET", "health", auth=False)
        return str(body.get("status"))

    async def async_info(self) -> ServerInfo:
        """Return what the add-on can do (checks the token too)."""
        body = await self._json("GET", "info")
        try:
            hunyuan = body.get("hunyuan3d") or {}
            queue = body.get("queue") or {}
            limits = body.get("limits") or {}
            return ServerInfo(
                version=str(body["version"]),
                methods=tuple(str(method) for method in body["methods"]),
                device=str(body.get("device", "cpu")),
                model=body.get("model"),
                hunyuan3d_enabled=bool(hunyuan.get("enabled", False)),
                hunyuan3d_loaded=bool(hunyuan.get("loaded", False)),
                hunyuan3d_reason=hunyuan.get("reason"),
                queue_pending=int(queue.get("pending", 0)),
                queue_max=int(queue.get("max", 0)),
                max_upload_bytes=int(limits.get("max_upload_bytes", 0)),
                max_pixels=int(limits.get("max_pixels", 0)),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise ModelServerConnectionError(f"{self.url} is not a HoloMat add-on") from err

    async def async_submit(
        self,
        image: bytes,
        parameters: ModelParameters,
        *,
        filename: str = "image",
        content_type: str = "application/octet-stream",
    ) -> Job:
        """Upload ``image`` with ``parameters``; return the queued (or cached, done) job."""
        form = aiohttp.FormData()
        form.add_field("image", image, filename=filename, content_type=content_type)
        for name, value in parameters.as_fields().items():
            form.add_field(name, value)
        return _job(await self._json("POST", "jobs", data=form))

    async def async_job(self, job_id: str) -> Job:
        """Return where job ``job_id`` stands."""
        return _job(await self._json("GET", f"jobs/{job_id}"))

    async def async_wait(
        self,
        job: Job,
        within: float,
        *,
        poll_interval: float = FIRST_POLL_INTERVAL,
        on_progress: Callable[[Job], None] | None = None,
    ) -> Job:
        """Poll ``job`` until done, for at most ``within`` seconds; return the done job.

        Polls come after ``poll_interval`` seconds, then 1.5 times slower each time, up to
        ``MAX_POLL_INTERVAL``. A job answered done from the cache is fetched once for its result.

        Raises ``ModelServerRequestError`` (``status`` 0) with the job's own error when it
        failed, and ``ModelServerTimeoutError`` when it is still pending after ``within`` or the
        add-on stopped it at its own time limit (job error ``timeout``).
        """
        try:
            async with asyncio.timeout(within):
                if job.status is JobStatus.DONE and job.result is None:
                    job = await self.async_job(job.job_id)
                while job.status not in (JobStatus.DONE, JobStatus.FAILED):
                    await asyncio.sleep(poll_interval)
                    poll_interval = min(poll_interval * 1.5, MAX_POLL_INTERVAL)
                    job = await self.async_job(job.job_id)
                    if on_progress is not None:
                        on_progress(job)
        except TimeoutError as err:
            raise ModelServerTimeoutError(
                f"job {job.job_id} did not finish within {within:g} s"
            ) from err
        if job.status is JobStatus.FAILED:
            if job.error is None:
                raise ModelServerRequestError(0, "failed", "the job failed")
            if job.error.code == ErrorCode.TIMEOUT:  # the add-on's own per-job time limit
                raise ModelServerTimeoutError(job.error.message)
            raise job.error
        if job.result is None and job.plate is None:
            raise ModelServerConnectionError(f"job {job.job_id} is done but has no result")
        return job

    async def async_stl(self, job_id: str) -> bytes:
        """Return the binary STL of done job ``job_id``."""
        return await self._request("GET", f"jobs/{job_id}/stl")

    async def async_preview(self, job_id: str) -> bytes:
        """Return the PNG preview of done job ``job_id`` (a plate's thumbnail for a slicing)."""
        return await self._request("GET", f"jobs/{job_id}/preview.png")

    async def async_slice(
        self, settings: SliceSettings, *, stl: bytes | None = None, job_id: str | None = None
    ) -> Job:
        """Start slicing an STL for ``settings``: the ``stl`` bytes, or model job ``job_id``.

        Returns the queued (or cached, done) slicing job; wait for it with ``async_wait``.
        """
        form = aiohttp.FormData(default_to_multipart=True)
        if stl is not None:
            form.add_field("model", stl, filename="model.stl", content_type="model/stl")
        if job_id is not None:
            form.add_field("job_id", job_id)
        for name, value in settings.as_fields().items():
            form.add_field(name, value)
        return _job(await self._json("POST", "slice", data=form))

    async def async_gcode_3mf(self, job_id: str) -> bytes:
        """Return the ``.gcode.3mf`` of done slicing job ``job_id``."""
        return await self._request("GET", f"jobs/{job_id}/3mf")


def _error_from(response: aiohttp.ClientResponse, raw: bytes) -> ModelServerError:
    """Return the exception for an error response of the add-on (``raw``: its body)."""
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if not isinstance(body, Mapping):
        body = {}
    code = str(body.get("error") or f"http_{response.status}")
    message = str(body.get("message") or response.reason or "no message")
    match STATUS_ERROR_CODES.get(response.status):
        case ErrorCode.UNAUTHORIZED:
            return ModelServerAuthError(message)
        case ErrorCode.QUEUE_FULL:
            retry_after = response.headers.get("Retry-After", "")
            return ModelServerBusyError(
                code, message, int(retry_after) if retry_after.isdigit() else None
            )
        case ErrorCode.TIMEOUT:
            return ModelServerTimeoutError(message)
    if response.status >= 500 and code == f"http_{response.status}":
        return ModelServerConnectionError(f"HTTP {response.status} from the add-on: {message}")
    return ModelServerRequestError(response.status, code, message)


def _job(body: Mapping[str, Any]) -> Job:
    """Return the job described by a ``/jobs`` answer."""
    try:
        result = body.get("result")
        error = body.get("error")
        kind = str(body.get("kind", KIND_MODEL))
        return Job(
            job_id=str(body["job_id"]),
            status=JobStatus(body["status"]),
            progress=float(body.get("progress", 0.0)),
            method=body.get("method"),
            kind=kind,
            result=None if not result or kind == KIND_SLICE else _result(result),
            plate=sliced_plate(result) if result and kind == KIND_SLICE else None,
            error=None
            if not error
            else ModelServerRequestError(
                0, str(error.get("error", "failed")), str(error.get("message", ""))
            ),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise ModelServerConnectionError(f"unexpected job description: {body!r}") from err


def _result(body: Mapping[str, Any]) -> ModelResult:
    """Return the model result of a done job."""
    x, y, z = (float(value) for value in body["size_mm"])
    quality = body.get("quality") or {}
    return ModelResult(
        triangles=int(body["triangles"]),
        size_mm=(x, y, z),
        volume_mm3=float(body["volume_mm3"]),
        watertight=bool(body["watertight"]),
        method=str(body["method"]),
        cached=bool(body.get("cached", False)),
        stl_bytes=int(body.get("stl_bytes", 0)),
        quality=float(quality["score"]) if "score" in quality else None,
        quality_reason=str(quality["reason"]) if "reason" in quality else None,
    )
