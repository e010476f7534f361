"""The image → STL server, run for real on 127.0.0.1 and driven over HTTP."""

from __future__ import annotations

import asyncio
import base64
import functools
import io
from typing import Any

import aiohttp
import numpy as np
import pytest
import trimesh
from PIL import Image

from holomat_addon import __version__

from .conftest import AUTH, FIXTURES, TOKEN, Start, drawing, png_bytes


def form(image: bytes, **fields: str) -> aiohttp.FormData:
    """Return a multipart form with an image part and parameter fields."""

    data = aiohttp.FormData()
    data.add_field("image", image, filename="image.png", content_type="application/octet-stream")
    for name, value in fields.items():
        data.add_field(name, value)
    return data


@functools.cache
def noise_png(side: int) -> bytes:
    """Return a random-noise PNG (it compresses badly: good for large uploads)."""

    rng = np.random.default_rng(side)
    return png_bytes(Image.fromarray(rng.integers(0, 255, (side, side, 3), dtype=np.uint8)))


def check_stl(data: bytes, size_mm: float) -> trimesh.Trimesh:
    """Check STL bytes are a printable volume of the requested size."""

    mesh = trimesh.load(io.BytesIO(data), file_type="stl")
    assert isinstance(mesh, trimesh.Trimesh)
    assert mesh.is_volume
    assert mesh.bounds[0][2] == pytest.approx(0.0, abs=1e-4)
    assert max(mesh.extents) == pytest.approx(size_mm, rel=1e-4)
    return mesh


async def test_health_needs_no_token(start_server: Start, session: aiohttp.ClientSession) -> None:
    url = await start_server()
    async with session.get(f"{url}/health") as resp:
        assert resp.status == 200
        assert await resp.json() == {"status": "ok"}


async def test_info_in_cpu_mode(start_server: Start, session: aiohttp.ClientSession) -> None:
    url = await start_server(max_upload_mb=1.0, max_megapixels=2.0, queue_size=3)
    async with session.get(f"{url}/info", headers=AUTH) as resp:
        assert resp.status == 200
        info = await resp.json()
    assert info["version"] == __version__
    assert info["methods"] == ["auto", "relief", "silhouette"]
    assert info["device"] == "cpu"
    assert info["model"] is None
    assert info["hunyuan3d"]["enabled"] is False
    assert info["hunyuan3d"]["loaded"] is False
    assert "European Union" in info["hunyuan3d"]["reason"] or "EU" in info["hunyuan3d"]["reason"]
    assert info["queue"] == {"pending": 0, "max": 3}
    assert info["limits"] == {"max_upload_bytes": 1024 * 1024, "max_pixels": 2_000_000}


async def test_info_says_why_hunyuan_is_missing(
    start_server: Start, session: aiohttp.ClientSession, tmp_path: Any
) -> None:
    url = await start_server(hunyuan3d_accept_license=True, data_dir=str(tmp_path))
    async with session.get(f"{url}/info", headers=AUTH) as resp:
        info = await resp.json()
    assert info["hunyuan3d"]["enabled"] is True
    assert info["hunyuan3d"]["loaded"] is False
    assert "CPU mode" in info["hunyuan3d"]["reason"]
    assert "hunyuan3d" not in info["methods"]
    async with session.post(
        f"{url}/image2stl", data=form(png_bytes(drawing()), method="hunyuan3d"), headers=AUTH
    ) as resp:
        assert resp.status == 503
        assert (await resp.json())["error"] == "method_unavailable"


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": "Basic x"}],
)
@pytest.mark.parametrize(
    ("verb", "path"), [("GET", "/info"), ("POST", "/jobs"), ("GET", "/jobs/x")]
)
async def test_auth_is_required(
    start_server: Start,
    session: aiohttp.ClientSession,
    headers: dict[str, str],
    verb: str,
    path: str,
) -> None:
    url = await start_server()
    async with session.request(verb, f"{url}{path}", headers=headers) as resp:
        assert resp.status == 401
        body = await resp.json()
    assert body["error"] == "unauthorized"
    assert "Bearer" in body["message"]


async def test_job_lifecycle_with_preview(
    start_server: Start, session: aiohttp.ClientSession
) -> None:
    url = await start_server()
    image = (FIXTURES / "horse.png").read_bytes()
    async with session.post(
        f"{url}/jobs", data=form(image, method="silhouette", size_mm="40"), headers=AUTH
    ) as resp:
        assert resp.status == 202
        created = await resp.json()
    assert created["status"] == "queued"
    job_url = f"{url}/jobs/{created['job_id']}"
    for _ in range(200):
        async with session.get(job_url, headers=AUTH) as resp:
            job = await resp.json()
        if job["status"] in ("done", "failed"):
            break
        await asyncio.sleep(0.05)
    assert job["status"] == "done", job
    assert job["progress"] == 1.0
    assert job["error"] is None
    result = job["result"]
    assert result["method"] == "silhouette"
    assert result["watertight"] is True
    assert result["cached"] is False
    assert max(result["size_mm"]) == pytest.approx(40)
    async with session.get(f"{job_url}/stl", headers=AUTH) as resp:
        assert resp.status == 200
        assert resp.content_type == "model/stl"
        stl = await resp.read()
    assert len(stl) == result["stl_bytes"] == 84 + 50 * result["triangles"]
    mesh = check_stl(stl, 40)
    assert mesh.volume == pytest.approx(result["volume_mm3"], rel=1e-3)
    async with session.get(f"{job_url}/preview.png", headers=AUTH) as resp:
        assert resp.status == 200
        assert resp.content_type == "image/png"
        png = Image.open(io.BytesIO(await resp.read()))
    assert png.size == (512, 512)


async def test_image2stl_json_and_cache(
    start_server: Start, session: aiohttp.ClientSession
) -> None:
    url = await start_server()
    image = (FIXTURES / "astronaut.jpg").read_bytes()
    body = {"image": base64.b64encode(image).decode(), "size_mm": 50, "invert": True}
    async with session.post(f"{url}/image2stl", json=body, headers=AUTH) as resp:
        assert resp.status == 200, await resp.text()
        first = await resp.read()
        assert resp.headers["X-HoloMat-Method"] == "relief"
        assert resp.headers["X-HoloMat-Cached"] == "false"
        triangles = int(resp.headers["X-HoloMat-Triangles"])
        size = [float(v) for v in resp.headers["X-HoloMat-Size-Mm"].split(",")]
        volume = float(resp.headers["X-HoloMat-Volume-Mm3"])
    assert max(size) == pytest.approx(50, rel=1e-3)
    mesh = check_stl(first, 50)
    assert len(mesh.faces) == triangles
    assert mesh.volume == pytest.approx(volume, rel=1e-3)
    async with session.post(f"{url}/image2stl", json=body, headers=AUTH) as resp:
        assert resp.status == 200
        assert resp.headers["X-HoloMat-Cached"] == "true"
        assert await resp.read() == first
    async with session.post(
        f"{url}/jobs", data=form(image, size_mm="50", invert="true"), headers=AUTH
    ) as resp:
        assert resp.status == 200
        cached = await resp.json()
    assert cached["status"] == "done"
    async with session.get(f"{url}/jobs/{cached['job_id']}", headers=AUTH) as resp:
        assert (await resp.json())["result"]["cached"] is True
    # A data URL is accepted too, and finds the same cached result.
    body["image"] = "data:image/jpeg;base64," + body["image"]
    async with session.post(f"{url}/image2stl", json=body, headers=AUTH) as resp:
        assert resp.status == 200
        assert resp.headers["X-HoloMat-Cached"] == "true"
    # Other parameters are another entry.
    async with session.post(
        f"{url}/jobs", data=form(image, size_mm="51", invert="true"), headers=AUTH
    ) as resp:
        assert resp.status == 202


def bomb_png() -> bytes:
    """Return a tiny PNG whose header claims 100 000 x 100 000 pixels."""

    import struct
    import zlib

    data = bytearray(png_bytes(Image.new("L", (16, 16))))
    data[16:24] = struct.pack(">II", 100_000, 100_000)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


TRANSPARENT = png_bytes(Image.new("RGBA", (64, 64), (0, 0, 0, 0)))
NOISE = noise_png(64)
GRAY = png_bytes(Image.new("RGB", (64, 64), "gray"))
JSON = {"Content-Type": "application/json"}
FIELDS_ONLY = aiohttp.FormData({"size_mm": "40"}, default_to_multipart=True)


@pytest.mark.parametrize(
    ("image", "fields", "status", "code"),
    [
        (b"%PDF-1.4 not an image", {}, 415, "not_an_image"),
        (png_bytes(Image.new("RGB", (64, 64)), "PPM"), {}, 415, "unsupported_format"),
        (NOISE[: len(NOISE) // 2], {}, 422, "truncated_image"),
        (bomb_png(), {}, 422, "too_many_pixels"),
        (png_bytes(Image.new("RGB", (1500, 1500))), {}, 422, "too_many_pixels"),
        (TRANSPARENT, {}, 422, "transparent_image"),
        (png_bytes(Image.new("RGB", (8, 8))), {}, 422, "image_too_small"),
        (
            png_bytes(Image.new("RGB", (64, 64), "gray")),
            {"method": "silhouette"},
            422,
            "no_subject",
        ),
        (NOISE, {"method": "voxels"}, 400, "bad_parameter"),
        (NOISE, {"size_mm": "0"}, 400, "bad_parameter"),
        (NOISE, {"size_mm": "1e9"}, 400, "bad_parameter"),
        (NOISE, {"size_mm": "ten"}, 400, "bad_parameter"),
        (NOISE, {"base_mm": "30"}, 400, "bad_parameter"),
        (NOISE, {"base_mm": "0"}, 400, "bad_parameter"),
        (NOISE, {"size_mm": "6", "thickness_mm": "5"}, 400, "bad_parameter"),
        (NOISE, {"colour": "red"}, 400, "bad_parameter"),
    ],
    ids=[
        "not-image",
        "ppm",
        "truncated",
        "bomb",
        "pixels",
        "transparent",
        "tiny",
        "no-subject",
        "method",
        "size-zero",
        "size-huge",
        "size-text",
        "base-huge",
        "relief-no-base",
        "too-thick",
        "unknown-field",
    ],
)
async def test_bad_input_gets_a_precise_error(
    start_server: Start,
    session: aiohttp.ClientSession,
    image: bytes,
    fields: dict[str, str],
    status: int,
    code: str,
) -> None:
    url = await start_server(max_megapixels=2.0)
    async with session.post(f"{url}/image2stl", data=form(image, **fields), headers=AUTH) as resp:
        body = await resp.json()
        assert (resp.status, body["error"]) == (status, code), body
        assert body["message"].endswith(".")
    async with session.post(f"{url}/jobs", data=form(image, **fields), headers=AUTH) as resp:
        body = await resp.json()
        if resp.status == 202:  # found while running: the job fails with the same error
            job_url = f"{url}/jobs/{body['job_id']}"
            for _ in range(100):
                async with session.get(job_url, headers=AUTH) as job_resp:
                    job = await job_resp.json()
                if job["status"] == "failed":
                    break
                await asyncio.sleep(0.02)
            assert job["error"]["error"] == code
            async with session.get(f"{job_url}/stl", headers=AUTH) as stl_resp:
                body = await stl_resp.json()
                assert (stl_resp.status, body["error"]) == (status, code)
        else:
            assert (resp.status, body["error"]) == (status, code), body
    # The server is still serving.
    async with session.post(f"{url}/image2stl", data=form(png_bytes(drawing())), headers=AUTH) as r:
        assert r.status == 200


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        (
            {"data": b"raw bytes", "headers": {"Content-Type": "image/png"}},
            415,
            "unsupported_media_type",
        ),
        (
            {"data": b"{not json", "headers": {"Content-Type": "application/json"}},
            400,
            "bad_parameter",
        ),
        ({"json": [1, 2]}, 400, "bad_parameter"),
        ({"json": {"size_mm": 40}}, 400, "bad_parameter"),
        ({"json": {"image": "***not base64***"}}, 400, "bad_parameter"),
        (
            {"data": aiohttp.FormData({"size_mm": "40"}, default_to_multipart=True)},
            400,
            "bad_parameter",
        ),
    ],
    ids=["content-type", "json-syntax", "json-list", "json-no-image", "base64", "form-no-image"],
)
async def test_bad_requests(
    start_server: Start,
    session: aiohttp.ClientSession,
    kwargs: dict[str, Any],
    status: int,
    code: str,
) -> None:
    url = await start_server()
    headers = {**kwargs.pop("headers", {}), **AUTH}
    async with session.post(f"{url}/jobs", headers=headers, **kwargs) as resp:
        body = await resp.json()
    assert (resp.status, body["error"]) == (status, code), body


async def test_upload_too_large(start_server: Start, session: aiohttp.ClientSession) -> None:
    url = await start_server(max_upload_mb=0.05)
    big = noise_png(200)  # ≈ 120 kB, over the 52 kB limit
    async with session.post(f"{url}/jobs", data=form(big), headers=AUTH) as resp:
        assert resp.status == 413
        assert (await resp.json())["error"] == "upload_too_large"
    body = {"image": base64.b64encode(big).decode()}
    async with session.post(f"{url}/jobs", json=body, headers=AUTH) as resp:
        assert resp.status == 413
        assert (await resp.json())["error"] == "upload_too_large"
    async with session.get(f"{url}/health") as resp:
        assert resp.status == 200


async def test_unknown_job_and_not_ready(
    start_server: Start, session: aiohttp.ClientSession
) -> None:
    url = await start_server(cpu_workers=1)
    async with session.get(f"{url}/jobs/nope", headers=AUTH) as resp:
        assert resp.status == 404
        assert (await resp.json())["error"] == "not_found"
    async with session.get(f"{url}/jobs/nope/stl", headers=AUTH) as resp:
        assert resp.status == 404
    async with session.post(f"{url}/jobs", data=form(noise_png(1000)), headers=AUTH) as resp:
        job_id = (await resp.json())["job_id"]
    async with session.get(f"{url}/jobs/{job_id}/stl", headers=AUTH) as resp:
        assert resp.status == 409
        assert (await resp.json())["error"] == "not_ready"
    async with session.get(f"{url}/jobs/{job_id}/preview.png", headers=AUTH) as resp:
        assert resp.status == 409


async def test_queue_full_answers_429_with_retry_after(
    start_server: Start, session: aiohttp.ClientSession
) -> None:
    url = await start_server(queue_size=2, cpu_workers=1)
    third = noise_png(1002)  # encoded before the queue fills
    ids = []
    for side in (1000, 1001):
        async with session.post(f"{url}/jobs", data=form(noise_png(side)), headers=AUTH) as resp:
            assert resp.status == 202
            ids.append((await resp.json())["job_id"])
    async with session.get(f"{url}/info", headers=AUTH) as resp:
        assert (await resp.json())["queue"] == {"pending": 2, "max": 2}
    async with session.post(f"{url}/image2stl", data=form(third), headers=AUTH) as resp:
        assert resp.status == 429
        assert int(resp.headers["Retry-After"]) >= 1
        assert (await resp.json())["error"] == "queue_full"
    # Once the queue drains, jobs are accepted again.
    for job_id in ids:
        for _ in range(400):
            async with session.get(f"{url}/jobs/{job_id}", headers=AUTH) as resp:
                if (await resp.json())["status"] == "done":
                    break
            await asyncio.sleep(0.05)
    async with session.post(f"{url}/image2stl", data=form(noise_png(64)), headers=AUTH) as resp:
        assert resp.status == 200


async def test_job_timeout(start_server: Start, session: aiohttp.ClientSession) -> None:
    url = await start_server(job_timeout_s=0.01)
    async with session.post(f"{url}/image2stl", data=form(noise_png(1000)), headers=AUTH) as resp:
        assert resp.status == 504
        body = await resp.json()
    assert body["error"] == "timeout"
    assert "time limit" in body["message"]
    async with session.post(f"{url}/jobs", data=form(noise_png(999)), headers=AUTH) as resp:
        job_id = (await resp.json())["job_id"]
    for _ in range(100):
        async with session.get(f"{url}/jobs/{job_id}", headers=AUTH) as resp:
            job = await resp.json()
        if job["status"] == "failed":
            break
        await asyncio.sleep(0.02)
    assert job["error"]["error"] == "timeout"
    async with session.get(f"{url}/jobs/{job_id}/stl", headers=AUTH) as resp:
        assert resp.status == 504
    async with session.get(f"{url}/jobs/{job_id}/preview.png", headers=AUTH) as resp:
        assert resp.status == 504
        assert (await resp.json())["error"] == "timeout"
