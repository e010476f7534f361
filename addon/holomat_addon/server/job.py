"""One job as the API reports it: its kind, status, progress, error or result."""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..errors import AddonError
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


class JobKind(StrEnum):
    """What a job makes: the ``kind`` of ``GET /jobs/{id}`` (wire values, never renamed)."""

    MODEL = "model"  # an image → STL conversion (POST /jobs)
    SLICE = "slice"  # an STL → .gcode.3mf slicing (POST /slice)


@dataclass(slots=True)
class Job:
    """One job, as ``GET /jobs/{id}`` reports it.

    ``method`` is the model's method, or ``slice`` for a slicing job; ``source`` is the stored
    model a slicing job reads (kept on disk until the job ends).
    """

    job_id: str
    method: str
    kind: JobKind = JobKind.MODEL
    status: JobStatus = JobStatus.QUEUED
    progress: float = 0.0
    error: AddonError | None = None
    result: StoredResult | None = None
    source: StoredResult | None = None
    cached: bool = False
    preview: bytes | None = None
    created: float = field(default_factory=time.monotonic)
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def as_dict(self) -> dict[str, Any]:
        """Return the job as the API's JSON object."""

        return {
            "job_id": self.job_id,
            "kind": str(self.kind),
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
