"""One conversion as the API reports it: its status, progress, error or result."""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..stl.errors import ImageToStlError
from ..stl.params import Params
from .store import StoredResult


class JobStatus(StrEnum):
    """Where a job stands: the ``status`` of ``GET /jobs/{id}`` (wire values, never renamed)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        """Return whether the job has ended, well or not."""

        return self in (JobStatus.DONE, JobStatus.FAILED)


@dataclass(slots=True)
class Job:
    """One conversion, as ``GET /jobs/{id}`` reports it."""

    job_id: str
    method: str
    status: JobStatus = JobStatus.QUEUED
    progress: float = 0.0
    error: ImageToStlError | None = None
    result: StoredResult | None = None
    cached: bool = False
    preview: bytes | None = None
    created: float = field(default_factory=time.monotonic)
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def as_dict(self) -> dict[str, Any]:
        """Return the job as the API's JSON object."""

        return {
            "job_id": self.job_id,
            "status": str(self.status),
            "progress": round(self.progress, 3),
            "method": self.method,
            "error": self.error.as_dict() if self.error is not None else None,
            "result": None
            if self.result is None
            else self.result.facts.as_dict(cached=self.cached),
        }


def cache_key(data: bytes, params: Params, engine_id: str) -> str:
    """Return the cache key: SHA-256 of the image bytes, the parameters and the engine."""

    digest = hashlib.sha256(data).hexdigest()
    return f"{digest}|{params.cache_key()}|{engine_id}"
