"""A stand-in for the HoloMat add-on's image-to-STL HTTP API, for tests and development.

It speaks exactly the API the add-on serves (``/health``, ``/info``, ``/jobs``,
``/jobs/{id}``, ``/jobs/{id}/stl``, ``/jobs/{id}/preview.png``, ``/image2stl``; bearer token;
JSON errors with the add-on's status codes) but makes no real model: every job yields a box
whose footprint follows the image's aspect ratio, scaled so its largest side is ``size_mm``,
as a valid watertight binary STL, and a small PNG preview. Jobs advance one state per poll
(queued → running → done) so callers really poll. Tests can hold jobs forever
(``hold_jobs``), make them fail (``fail_jobs``) or fill the queue (``queue_max``) to reach the
states the real server only reaches under load.

Run: ``python -m holomat_dev.model_server_standin --port 8099 --token TOKEN``.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
from dataclasses import dataclass, field
import hashlib
import hmac
import io
import json
import struct
from typing import Any
import uuid

from aiohttp import web
from PIL import Image, UnidentifiedImageError

VERSION = "0.0.0-standin"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 16_000_000
METHODS = ("auto", "relief", "silhouette")
DEFAULT_THICKNESS_MM = 3.0


class ApiError(Exception):
    """An error the API answers as JSON ``{"error", "message"}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        """Keep the status, error code and message."""
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass
class StandInJob:
    """A job of the stand-in: its parameters, state and (once done) files."""

    job_id: str
    method: str
    size: tuple[float, float, float]
    key: str
    status: str = "queued"
    polls: int = 0
    stl: bytes = b""
    error: dict[str, str] | None = None
    cached: bool = False

    def describe(self) -> dict[str, Any]:
        """Return the job as ``GET /jobs/{id}`` describes it."""
        done = self.status == "done"
        x, y, z = self.size
        return {
            "job_id": self.job_id,
            "status": self.status,
            "progress": {"queued": 0.0, "running": 0.5}.get(self.status, 1.0),
            "method": self.method,
            "error": self.error,
            "result": {
                "triangles": 12,
                "size_mm": [x, y, z],
                "volume_mm3": round(x * y * z, 3),
                "watertight": True,
                "method": self.method,
                "cached": self.cached,
                "stl_bytes": len(self.stl),
            }
            if done
            else None,
        }


def box_stl(x: float, y: float, z: float) -> bytes:
    """Return a closed, outward-facing box of ``x`` by ``y`` by ``z`` mm as a binary STL."""
    corners = [(i * x, j * y, k * z) for i in (0, 1) for j in (0, 1) for k in (0, 1)]
    # Two triangles per face, counter-clockwise seen from outside (corner index = 4i + 2j + k).
    faces = [
        (0, 1, 3), (0, 3, 2), (4, 6, 7), (4, 7, 5),  # x = 0, x = X
        (0, 4, 5), (0, 5, 1), (2, 3, 7), (2, 7, 6),  # y = 0, y = Y
        (0, 2, 6), (0, 6, 4), (1, 5, 7), (1, 7, 3),  # z = 0, z = Z
    ]  # fmt: skip
    normals = [(-1, 0, 0)] * 2 + [(1, 0, 0)] * 2 + [(0, -1, 0)] * 2 + [(0, 1, 0)] * 2
    normals += [(0, 0, -1)] * 2 + [(0, 0, 1)] * 2
    out = io.BytesIO()
    out.write(b"HoloMat stand-in box".ljust(80, b"\0"))
    out.write(struct.pack("<I", len(faces)))
    for face, normal in zip(faces, normals, strict=True):
        out.write(struct.pack("<3f", *normal))
        for index in face:
            out.write(struct.pack("<3f", *corners[index]))
        out.write(struct.pack("<H", 0))
    return out.getvalue()


def preview_png() -> bytes:
    """Return a small PNG picture standing for a rendered model."""
    image = Image.new("RGB", (64, 64), (40, 40, 48))
    image.paste((90, 160, 220), (16, 16, 48, 48))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _float(params: dict[str, Any], name: str, default: float, low: float, high: float) -> float:
    """Return parameter ``name`` as a float within ``low``..``high``; raise ``ApiError``."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ApiError(400, "bad_parameter", f"{name} must be a number") from None
    if not low <= value <= high:
        raise ApiError(400, "bad_parameter", f"{name} must be between {low:g} and {high:g}")
    return value


@dataclass
class ModelServerStandIn:
    """The stand-in server; ``start`` serves it on ``host`` and returns its base URL."""

    token: str = "standin-token"  # noqa: S105 - a test token
    queue_max: int = 4
    hold_jobs: bool = False
    fail_jobs: dict[str, str] | None = None
    polls_to_finish: int = 2
    jobs: dict[str, StandInJob] = field(default_factory=dict)
    uploads: list[dict[str, Any]] = field(default_factory=list)
    _runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        """Return the aiohttp application serving the API."""
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES * 2, middlewares=[self._errors])
        app.router.add_get("/health", self._health)
        app.router.add_get("/info", self._info)
        app.router.add_post("/jobs", self._submit)
        app.router.add_post("/image2stl", self._image2stl)
        app.router.add_get("/jobs/{job_id}", self._job)
        app.router.add_get("/jobs/{job_id}/stl", self._stl)
        app.router.add_get("/jobs/{job_id}/preview.png", self._preview)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve the API on ``host``:``port`` (0: any free port); return the base URL."""
        self._runner = web.AppRunner(self.app())
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0][1]
        return f"http://{host}:{bound}"

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @web.middleware
    async def _errors(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Check the token and turn ``ApiError`` into the API's JSON errors."""
        try:
            if request.path != "/health":
                self._check_token(request)
            response: web.StreamResponse = await handler(request)
        except ApiError as err:
            headers = {"Retry-After": "5"} if err.status == 429 else None
            return web.json_response(
                {"error": err.code, "message": err.message}, status=err.status, headers=headers
            )
        return response

    def _check_token(self, request: web.Request) -> None:
        """Raise ``ApiError`` 401 unless the request carries the bearer token."""
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given, f"Bearer {self.token}"):
            raise ApiError(401, "unauthorized", "Missing or wrong bearer token.")

    async def _health(self, request: web.Request) -> web.Response:
        """Answer the watchdog."""
        return web.json_response({"status": "ok"})

    async def _info(self, request: web.Request) -> web.Response:
        """Describe the server."""
        pending = sum(job.status in ("queued", "running") for job in self.jobs.values())
        return web.json_response(
            {
                "version": VERSION,
                "methods": list(METHODS),
                "device": "cpu",
                "model": None,
                "hunyuan3d": {"enabled": False, "loaded": False, "reason": "stand-in"},
                "queue": {"pending": pending, "max": self.queue_max},
                "limits": {"max_upload_bytes": MAX_UPLOAD_BYTES, "max_pixels": MAX_PIXELS},
            }
        )

    async def _read_input(self, request: web.Request) -> tuple[bytes, dict[str, Any]]:
        """Return the uploaded image and the parameters (multipart or JSON base64)."""
        if request.content_length and request.content_length > MAX_UPLOAD_BYTES * 1.5:
            raise ApiError(413, "upload_too_large", "The upload is too large.")
        params: dict[str, Any] = {}
        image: bytes | None = None
        if request.content_type == "application/json":
            try:
                params = json.loads(await request.read())
                image = base64.b64decode(params.pop("image"), validate=True)
            except (ValueError, KeyError, TypeError, binascii.Error):
                raise ApiError(400, "bad_request", "Send JSON with a base64 image.") from None
        else:
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    image = value.file.read()
                else:
                    params[name] = value
        if image is None:
            raise ApiError(400, "missing_image", "Send the image in an 'image' part.")
        if len(image) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "upload_too_large", "The image is larger than 5 MB.")
        return image, params

    def _new_job(self, image: bytes, params: dict[str, Any]) -> StandInJob:
        """Validate the input and return the job for it (a cached one when seen before)."""
        method = str(params.get("method") or "auto")
        if method == "hunyuan3d":
            raise ApiError(503, "method_unavailable", "hunyuan3d is not loaded on this server.")
        if method not in METHODS:
            raise ApiError(400, "unknown_method", f"Unknown method {method!r}.")
        size_mm = _float(params, "size_mm", 80.0, 5, 500)
        base_mm = _float(params, "base_mm", 2.0, 0, 20)
        thickness = _float(params, "thickness_mm", DEFAULT_THICKNESS_MM, 0.2, 100)
        try:
            with Image.open(io.BytesIO(image)) as picture:
                picture.load()
                width, height = picture.size
                rgba = picture.convert("RGBA")
        except UnidentifiedImageError:
            raise ApiError(415, "not_an_image", "The upload is not a PNG, JPEG or WebP.") from None
        except OSError:
            raise ApiError(422, "truncated_image", "The image is truncated.") from None
        alpha = rgba.getchannel("A").getextrema()
        if alpha[1] == 0:
            raise ApiError(422, "transparent_image", "The image is fully transparent.")
        key = hashlib.sha256(image + json.dumps(params, sort_keys=True).encode()).hexdigest()
        for job in self.jobs.values():
            if job.key == key and job.status == "done":
                return job
        pending = sum(job.status in ("queued", "running") for job in self.jobs.values())
        if pending >= self.queue_max:
            raise ApiError(429, "queue_full", "The queue is full; try again in a few seconds.")
        scale = size_mm / max(width, height, 1)
        x, y = round(width * scale, 3), round(height * scale, 3)
        z = round(min(base_mm + thickness, size_mm), 3)
        resolved = "relief" if method == "auto" else method
        job = StandInJob(uuid.uuid4().hex, resolved, (x, y, z), key)
        self.jobs[job.job_id] = job
        self.uploads.append({"bytes": len(image), "size": (width, height), **params})
        return job

    async def _submit(self, request: web.Request) -> web.Response:
        """Queue a job (or answer a cached one)."""
        job = self._new_job(*await self._read_input(request))
        if job.status == "done":
            job.cached = True
            return web.json_response({"job_id": job.job_id, "status": "done"})
        return web.json_response({"job_id": job.job_id, "status": "queued"}, status=202)

    def _advance(self, job: StandInJob) -> None:
        """Move ``job`` one state on, as if work happened between two polls."""
        if job.status in ("done", "failed") or self.hold_jobs:
            job.status = "running" if self.hold_jobs and job.status == "queued" else job.status
            return
        job.polls += 1
        if job.polls < self.polls_to_finish:
            job.status = "running"
        elif self.fail_jobs is not None:
            job.status = "failed"
            job.error = dict(self.fail_jobs)
        else:
            job.status = "done"
            job.stl = box_stl(*job.size)

    def _get(self, request: web.Request) -> StandInJob:
        """Return the job named in the path."""
        job = self.jobs.get(request.match_info["job_id"])
        if job is None:
            raise ApiError(404, "unknown_job", "No such job; it may have expired.")
        return job

    async def _job(self, request: web.Request) -> web.Response:
        """Describe a job."""
        job = self._get(request)
        self._advance(job)
        return web.json_response(job.describe())

    def _done(self, request: web.Request) -> StandInJob:
        """Return the job named in the path, which must be done."""
        job = self._get(request)
        if job.status != "done":
            raise ApiError(409, "not_ready", "The job is not done yet.")
        return job

    async def _stl(self, request: web.Request) -> web.Response:
        """Send a done job's STL."""
        return web.Response(body=self._done(request).stl, content_type="model/stl")

    async def _preview(self, request: web.Request) -> web.Response:
        """Send a done job's preview."""
        self._done(request)
        return web.Response(body=preview_png(), content_type="image/png")

    async def _image2stl(self, request: web.Request) -> web.Response:
        """Make a model and send its STL at once."""
        job = self._new_job(*await self._read_input(request))
        job.status, job.stl = "done", box_stl(*job.size)
        x, y, z = job.size
        return web.Response(
            body=job.stl,
            content_type="model/stl",
            headers={
                "X-HoloMat-Triangles": "12",
                "X-HoloMat-Size-Mm": f"{x},{y},{z}",
                "X-HoloMat-Volume-Mm3": str(round(x * y * z, 3)),
                "X-HoloMat-Method": job.method,
            },
        )


async def _serve(host: str, port: int, token: str) -> None:  # pragma: no cover - CLI
    """Serve until interrupted."""
    server = ModelServerStandIn(token=token)
    url = await server.start(host, port)
    print(f"HoloMat model server stand-in on {url}")  # noqa: T201
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


def main() -> None:  # pragma: no cover - CLI
    """Run the stand-in from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--token", default="standin-token")
    args = parser.parse_args()
    asyncio.run(_serve(args.host, args.port, args.token))


if __name__ == "__main__":  # pragma: no cover
    main()
