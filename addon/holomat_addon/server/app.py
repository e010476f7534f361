"""The aiohttp application: routes, bearer auth, JSON errors, upload limits."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Middleware

from .. import __version__
from ..errors import AddonError
from ..options import Options
from ..stl.engine import Engine, StlFacts
from ..stl.errors import InternalError
from ..stl.params import Params, parse_params
from .common import (
    JOBS_KEY,
    LIMITS_KEY,
    OPTIONS_KEY,
    STATUS_KEY,
    error_response,
    finished,
    job_of,
)
from .errors import UnauthorizedError, UploadInterruptedError, UploadTimeoutError
from .job import Job, JobKind, JobStatus
from .jobs import JobManager
from .limits import HttpLimits
from .slicing import add_slice_routes, slicing_info
from .store import StoredResult
from .upload import json_limit, read_upload

_LOGGER = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_PUBLIC = frozenset({("GET", "/health")})
_HTTP_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "upload_too_large",
    415: "unsupported_media_type",
}


@web.middleware
async def errors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn every failure into a JSON error; never let one request stop the server."""

    try:
        return await handler(request)
    except AddonError as err:
        return error_response(err)
    except web.HTTPException as err:
        if err.status < 400:
            raise
        code = _HTTP_CODES.get(err.status, "http_error")
        body = {"error": code, "message": err.reason + "."}
        return web.json_response(body, status=err.status)
    except ConnectionError:  # the client left mid-upload: nothing wrong, and nobody to read this
        _LOGGER.debug("Client left during %s %s", request.method, request.path)
        return error_response(UploadInterruptedError("The connection closed mid-upload."))
    except Exception:
        _LOGGER.exception("Unexpected error on %s %s", request.method, request.path)
        return error_response(InternalError("The server failed unexpectedly; see its log."))


def auth_middleware(token: str) -> Middleware:
    """Return a middleware that wants ``Authorization: Bearer <token>`` off the public routes."""

    expected = f"Bearer {token}".encode()

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse the request with 401 unless the bearer token matches."""

        if (request.method, request.path) in _PUBLIC:
            return await handler(request)
        # aiohttp decodes header bytes as UTF-8 with surrogateescape: this gives them back.
        given = request.headers.get("Authorization", "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, expected):
            return error_response(
                UnauthorizedError(
                    "Missing or wrong bearer token: send 'Authorization: Bearer <token>' with the "
                    "token from the add-on's options."
                )
            )
        return await handler(request)

    return check


async def _submit(request: web.Request) -> Job:
    """Reserve a job slot, then read and validate the upload; start or reuse a job.

    The slot comes first, so at most ``queue_size`` uploads are read and decoded at once
    and a full queue answers 429 before a byte of the body is read.
    """

    options = request.app[OPTIONS_KEY]
    limits = request.app[LIMITS_KEY]
    manager = request.app[JOBS_KEY]
    with manager.reserve():
        try:
            async with asyncio.timeout(limits.upload_timeout_s):
                data, raw = await read_upload(request, options.max_upload_bytes, limits)
        except TimeoutError as err:
            raise UploadTimeoutError(
                f"The upload did not arrive within {limits.upload_timeout_s:g} s: send it again "
                "over a faster link, or a smaller image."
            ) from err
        requested = parse_params(raw)
        method = manager.engine.resolve(requested.method)
        params: Params = requested.resolved(method)
        image = await manager.decode(data, options.max_pixels)
        return manager.submit(data, image, params)


async def post_job(request: web.Request) -> web.Response:
    """``POST /jobs``: 202 with the job id, or 200 when the cache already has the result."""

    job = await _submit(request)
    status = 200 if job.status is JobStatus.DONE else 202
    return web.json_response({"job_id": job.job_id, "status": str(job.status)}, status=status)


async def get_job(request: web.Request) -> web.Response:
    """``GET /jobs/{job_id}``: status, progress, error, result facts."""

    return web.json_response(job_of(request).as_dict())


async def get_stl(request: web.Request) -> web.StreamResponse:
    """``GET /jobs/{job_id}/stl``: the binary STL of a model job."""

    job = job_of(request, JobKind.MODEL)
    result = finished(job)
    if isinstance(result, web.Response):
        return result
    return _stl_response(job, result)


def _stl_response(job: Job, result: StoredResult) -> web.FileResponse:
    """Return the job's STL file with the facts in headers."""

    facts = result.facts
    assert isinstance(facts, StlFacts)
    headers = {
        "X-HoloMat-Job-Id": job.job_id,
        "X-HoloMat-Triangles": str(facts.triangles),
        "X-HoloMat-Size-Mm": ",".join(f"{v:.3f}" for v in facts.size_mm),
        "X-HoloMat-Volume-Mm3": f"{facts.volume_mm3:.3f}",
        "X-HoloMat-Method": facts.method,
        "X-HoloMat-Cached": "true" if job.cached else "false",
        "Content-Disposition": f'attachment; filename="holomat-{job.job_id[:8]}.stl"',
        "Content-Type": "model/stl",
    }
    return web.FileResponse(result.path, headers=headers)


async def get_preview(request: web.Request) -> web.Response:
    """``GET /jobs/{job_id}/preview.png``: a model's shaded rendering, or a plate's thumbnail."""

    job = job_of(request)
    result = finished(job)
    if isinstance(result, web.Response):
        return result
    png = await request.app[JOBS_KEY].preview(job, result)
    return web.Response(body=png, content_type="image/png")


async def post_image2stl(request: web.Request) -> web.StreamResponse:
    """``POST /image2stl``: like ``POST /jobs`` but waits and answers with the STL."""

    job = await _submit(request)
    await job.done.wait()
    result = finished(job)
    if isinstance(result, web.Response):
        return result
    return _stl_response(job, result)


async def get_health(request: web.Request) -> web.Response:
    """``GET /health``: the watchdog's check, no token needed."""

    return web.json_response({"status": "ok"})


async def get_info(request: web.Request) -> web.Response:
    """``GET /info``: version, methods, device, model, queue and limits."""

    options = request.app[OPTIONS_KEY]
    manager = request.app[JOBS_KEY]
    model = manager.engine.model
    return web.json_response(
        {
            "version": __version__,
            "methods": manager.engine.methods,
            "device": model.device if model is not None else "cpu",
            "model": model.name if model is not None else None,
            "hunyuan3d": request.app[STATUS_KEY],
            "queue": {"pending": manager.pending, "max": manager.queue_size},
            "slicing": await slicing_info(),
            "limits": {
                "max_upload_bytes": options.max_upload_bytes,
                "max_pixels": options.max_pixels,
            },
        }
    )


def build_app(
    options: Options,
    engine: Engine,
    hunyuan_status: dict[str, Any],
    limits: HttpLimits | None = None,
) -> web.Application:
    """Return the application for ``options`` (with a token) serving ``engine``."""

    assert options.token, "call ensure_token() first"
    app = web.Application(
        middlewares=[errors_middleware, auth_middleware(options.token)],
        client_max_size=json_limit(options.max_upload_bytes),
    )
    app[OPTIONS_KEY] = options
    app[LIMITS_KEY] = limits or HttpLimits()
    app[STATUS_KEY] = hunyuan_status
    app[JOBS_KEY] = JobManager(
        engine,
        queue_size=options.queue_size,
        job_timeout_s=options.job_timeout_s,
        cpu_workers=options.cpu_workers,
        cache_bytes=options.cache_mb * 1024 * 1024,
        engine_id=f"{__version__}:{engine.model.name if engine.model else 'cpu'}",
    )

    async def close_jobs(app: web.Application) -> None:
        """Stop the job pools on shutdown."""

        await app[JOBS_KEY].close()

    app.on_cleanup.append(close_jobs)
    app.router.add_get("/health", get_health)
    app.router.add_get("/info", get_info)
    app.router.add_post("/jobs", post_job)
    app.router.add_get("/jobs/{job_id}", get_job)
    app.router.add_get("/jobs/{job_id}/stl", get_stl)
    app.router.add_get("/jobs/{job_id}/preview.png", get_preview)
    app.router.add_post("/image2stl", post_image2stl)
    add_slice_routes(app)
    return app
