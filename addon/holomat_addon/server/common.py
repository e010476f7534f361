"""What every route of the HTTP API shares: the application's keys, errors, the job in a path."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..errors import AddonError
from ..options import Options
from .errors import NotReadyError
from .job import Job, JobKind, JobStatus
from .jobs import JobManager
from .limits import HttpLimits
from .store import StoredResult

OPTIONS_KEY = web.AppKey("options", Options)
JOBS_KEY = web.AppKey("jobs", JobManager)
STATUS_KEY = web.AppKey("hunyuan_status", dict[str, Any])
LIMITS_KEY = web.AppKey("limits", HttpLimits)


def error_response(err: AddonError) -> web.Response:
    """Return the API's JSON error body for ``err``, with its HTTP status and headers."""

    return web.json_response(err.as_dict(), status=err.status, headers=err.headers())


def job_of(request: web.Request, kind: JobKind | None = None) -> Job:
    """Return the job named in the path, or raise a 404 (also when it is not of ``kind``)."""

    job = request.app[JOBS_KEY].jobs.get(request.match_info["job_id"])
    if job is None:
        raise web.HTTPNotFound(reason="No such job (unknown, or expired after an hour)")
    if kind is not None and job.kind is not kind:
        raise web.HTTPNotFound(reason=f"Job {job.job_id} is a {job.kind} job, not a {kind} job")
    return job


def finished(job: Job) -> StoredResult | web.Response:
    """Return the job's result, else its own error or a 409 (not done yet) to answer with."""

    if job.status is JobStatus.FAILED and job.error is not None:
        return error_response(job.error)
    if job.status is not JobStatus.DONE or job.result is None:
        return error_response(
            NotReadyError(f"The job is {job.status}: poll GET /jobs/{job.job_id} until done.")
        )
    return job.result
