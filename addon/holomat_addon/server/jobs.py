"""The job manager: a bounded queue, one GPU job at a time, CPU jobs in their own pool, timeouts.

Every job the server runs goes through it: image → STL conversions and STL → ``.gcode.3mf``
slicing alike (``submit_work``), with the same queue, statuses, time limit and result store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from ..errors import AddonError
from ..slicing.package import read_thumbnail
from ..stl.engine import Engine, Progress
from ..stl.errors import InternalError, JobCancelledError
from ..stl.loader import load_image
from ..stl.params import Params
from ..stl.render import render_stl
from .errors import QueueFullError
from .job import Job, JobKind, JobStatus, cache_key
from .memory import release_memory
from .store import ResultStore, StoredResult

_LOGGER = logging.getLogger(__name__)
JOB_TTL_S = 3600.0
MAX_JOBS_KEPT = 200
MIN_HELD_BYTES = 256 * 1024 * 1024
# A job's work: run in a worker thread with (progress, cancel), it returns the stored result.
Work = Callable[[Progress, threading.Event], StoredResult]


class JobManager:
    """Accept jobs up to ``queue_size`` pending, run them, keep them for an hour."""

    def __init__(
        self,
        engine: Engine,
        *,
        queue_size: int,
        job_timeout_s: float,
        cpu_workers: int,
        cache_bytes: int,
        engine_id: str,
    ) -> None:
        """Create the pools: one thread for the GPU model, ``cpu_workers`` for CPU methods."""

        self.engine = engine
        self.queue_size = queue_size
        self.job_timeout_s = job_timeout_s
        self.engine_id = engine_id
        self.store = ResultStore(cache_bytes)
        # Finished jobs keep their STL for an hour; bound what they hold (cached or not).
        self._max_held_bytes = max(cache_bytes, MIN_HELD_BYTES)
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._gpu_pool = ThreadPoolExecutor(1, thread_name_prefix="holomat-gpu")
        self._cpu_pool = ThreadPoolExecutor(cpu_workers, thread_name_prefix="holomat-cpu")
        # One decoder: a 16 MP upload takes 124 MB while it is decoded, 64 MB once decoded.
        self._decode_pool = ThreadPoolExecutor(1, thread_name_prefix="holomat-decode")
        self._gpu_slot = asyncio.Semaphore(1)
        self._cpu_slot = asyncio.Semaphore(cpu_workers)
        self._tasks: set[asyncio.Task[None]] = set()
        self._durations: list[float] = []
        self._reserved = 0

    @property
    def pending(self) -> int:
        """Return how many jobs are queued or running, or have a slot for their upload."""

        active = sum(1 for job in self.jobs.values() if not job.status.finished)
        return active + self._reserved

    @contextlib.contextmanager
    def reserve(self) -> Iterator[None]:
        """Hold a queue slot while an upload is read and decoded; submit inside the block.

        Raises ``QueueFullError`` at once when ``queue_size`` slots are taken, so a full
        queue costs no upload memory.
        """

        self._check_room()
        self._reserved += 1
        try:
            yield
        finally:
            self._reserved -= 1

    def _check_room(self) -> None:
        """Raise ``QueueFullError`` unless a slot is free."""

        if self.pending >= self.queue_size:
            raise QueueFullError(
                f"{self.pending} jobs are already waiting or running (the limit is "
                f"{self.queue_size}): try again in a little while.",
                retry_after=self.retry_after(),
            )

    async def decode(self, data: bytes, max_pixels: int) -> Image.Image:
        """Decode an upload in the decoder thread, one at a time (see ``load_image``)."""

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._decode_pool, lambda: load_image(data, max_pixels=max_pixels)
        )

    def submit(self, data: bytes, image: Image.Image, params: Params) -> Job:
        """Start a job for ``image`` with resolved ``params``, inside ``reserve()``.

        A cached result gives a job that is already done. Raises ``QueueFullError`` when
        called without a reservation and the queue is full.
        """

        key = cache_key(data, params, self.engine_id)
        engine, store = self.engine, self.store

        def work(progress: Progress, cancel: threading.Event) -> StoredResult:
            """Make the model and write its STL (in a worker thread)."""

            return store.write(key, engine.run(image, params, progress, cancel))

        job = Job(job_id=uuid.uuid4().hex, method=params.method)
        return self.submit_work(job, key, work, gpu=engine.uses_gpu(params.method))

    def submit_work(self, job: Job, key: str, work: Work, *, gpu: bool = False) -> Job:
        """Run ``work`` for ``job`` in the GPU or a CPU worker, inside ``reserve()``.

        ``work(progress, cancel)`` runs in a worker thread and returns the stored result;
        ``key`` finds a cached result, which makes ``job`` done at once. Raises
        ``QueueFullError`` when called without a reservation and the queue is full.
        """

        self._prune()
        cached = self.store.get(key)
        if cached is not None:
            job.status, job.progress, job.result, job.cached = JobStatus.DONE, 1.0, cached, True
            job.done.set()
            self.jobs[job.job_id] = job
            return job
        if self._reserved == 0:
            self._check_room()
        self.jobs[job.job_id] = job
        task = asyncio.create_task(self._run(job, key, work, gpu))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job

    def retry_after(self) -> int:
        """Return a suggested wait in seconds: typical job time times jobs ahead, at least 1."""

        typical = sum(self._durations) / len(self._durations) if self._durations else 5.0
        return max(1, round(typical * max(1, self.pending)))

    async def _run(self, job: Job, key: str, work: Work, gpu: bool) -> None:
        """Wait for a slot, run in the pool with the time limit, record the outcome."""

        slot = self._gpu_slot if gpu else self._cpu_slot
        pool = self._gpu_pool if gpu else self._cpu_pool
        loop = asyncio.get_running_loop()
        cancel = threading.Event()

        def progress(value: float) -> None:
            """Record progress from the worker thread."""

            loop.call_soon_threadsafe(setattr, job, "progress", max(job.progress, value))

        async with slot:
            job.status = JobStatus.RUNNING
            started = time.monotonic()
            future = loop.run_in_executor(pool, work, progress, cancel)
            del work  # what it holds (a decoded image) goes with the worker's call
            try:
                stored = await asyncio.wait_for(asyncio.shield(future), self.job_timeout_s)
            except TimeoutError:
                cancel.set()
                self._fail(
                    job,
                    JobCancelledError(
                        f"The job ran past its time limit of {self.job_timeout_s:g} s and was "
                        "stopped: try a smaller image or a CPU method."
                    ),
                )
                # Keep the slot until the worker really stops: the GPU is not shared.
                try:
                    await future
                except Exception:  # noqa: BLE001 -- the job already failed
                    _LOGGER.debug("Job %s ended after its timeout", job.job_id)
                return
            except AddonError as err:
                self._fail(job, err)
                return
            except Exception:
                _LOGGER.exception("Job %s failed unexpectedly", job.job_id)
                self._fail(job, InternalError("The server failed unexpectedly; see its log."))
                return
        self._durations = [*self._durations[-19:], time.monotonic() - started]
        self.store.remember(key, stored)
        job.result, job.status, job.progress = stored, JobStatus.DONE, 1.0
        job.source = None
        job.done.set()
        _LOGGER.info(
            "Job %s done: %s, %d bytes, %.1f s",
            job.job_id,
            job.method,
            stored.facts.stored_bytes,
            time.monotonic() - started,
        )
        held = [
            held for other in self.jobs.values() for held in (other.result, other.source) if held
        ]
        await loop.run_in_executor(None, self._tidy, self.store.in_use(held))

    def _tidy(self, keep: set[Path]) -> None:
        """Delete the STL files no job or cache entry needs; give freed memory back (blocking)."""

        self.store.delete_except(keep)
        release_memory()

    def _fail(self, job: Job, error: AddonError) -> None:
        """Mark ``job`` failed with ``error``."""

        _LOGGER.info("Job %s failed: %s", job.job_id, error)
        job.error, job.status, job.source = error, JobStatus.FAILED, None
        job.done.set()

    async def preview(self, job: Job, result: StoredResult) -> bytes:
        """Return the PNG preview of ``job``'s ``result``, made once.

        A model is rendered in the CPU pool; a sliced plate shows its own thumbnail.
        """

        if job.preview is None:
            loop = asyncio.get_running_loop()
            if job.kind is JobKind.SLICE:
                job.preview = await loop.run_in_executor(None, read_thumbnail, result.path)
            else:
                job.preview = await loop.run_in_executor(
                    self._cpu_pool, lambda: render_stl(result.read_stl())
                )
        return job.preview

    def _prune(self) -> None:
        """Forget finished jobs older than an hour, and the oldest beyond the cap."""

        now = time.monotonic()
        held = sum(job.result.facts.stored_bytes for job in self.jobs.values() if job.result)
        for job_id, job in list(self.jobs.items()):  # oldest first
            if not job.status.finished:
                continue
            too_many = len(self.jobs) > MAX_JOBS_KEPT or held > self._max_held_bytes
            if too_many or now - job.created > JOB_TTL_S:
                del self.jobs[job_id]
                held -= job.result.facts.stored_bytes if job.result is not None else 0

    async def close(self) -> None:
        """Let running jobs end, then stop the pools."""

        for task in list(self._tasks):
            task.cancel()
        self._gpu_pool.shutdown(wait=False, cancel_futures=True)
        self._cpu_pool.shutdown(wait=False, cancel_futures=True)
        self._decode_pool.shutdown(wait=False, cancel_futures=True)
        self.store.close()
