"""Slicing over HTTP: ``POST /slice`` on the real server, with the real PrusaSlicer."""

from __future__ import annotations

import asyncio
import base64
import io
import zipfile
from typing import Any

import aiohttp
import pytest
from PIL import Image

from .conftest import AUTH, Start, drawing, png_bytes
from .slicing.conftest import box
from .slicing.test_failures import _open_cube
from .test_server import form

CUBE = box(20, 20, 20)


def model_form(model: bytes | None = None, **fields: str) -> aiohttp.FormData:
    """Return a multipart form with an optional ``model`` STL part and fields."""

    data = aiohttp.FormData()
    if model is not None:
        data.add_field("model", model, filename="model.stl", content_type="model/stl")
    for name, value in fields.items():
        data.add_field(name, value)
    return data


async def wait_done(session: aiohttp.ClientSession, url: str, job_id: str) -> dict[str, Any]:
    """Poll job ``job_id`` until it ends; return its last description."""

    for _ in range(1200):
        async with session.get(f"{url}/jobs/{job_id}", headers=AUTH) as resp:
            job: dict[str, Any] = await resp.json()
        if job["status"] in ("done", "failed"):
            return job
        await asyncio.sleep(0.1)
    raise AssertionError(f"job {job_id} did not end: {job}")


async def test_an_uploaded_stl_becomes_a_printable_plate(
    start_server: Start, session: aiohttp.ClientSession
) -> None:
    url = await start_server()
    body = model_form(CUBE, printer="a1-mini", nozzle="0.4", material="petg", name="Cube à 20")
    async with session.post(f"{url}/slice", data=body, headers=AUTH) as resp:
        assert resp.status == 202, await resp.text()
        created = await resp.json()
    assert (created["kind"], created["status"]) == ("slice", "queued")
    job = await wait_done(session, url, created["job_id"])
    assert job["status"] == "done", job
    assert (job["kind"], job["progress"], job["error"]) == ("slice", 1.0, None)
    result = job["result"]
    assert result["printer"] == "A1 mini"
    assert (result["nozzle"], result["material"], result["name"]) == (0.4, "PETG", "Cube à 20")
    assert result["size_mm"] == pytest.approx([20, 20, 20], abs=0.01)
    assert result["layers"] == 100  # 20 mm in 0.2 mm layers
    assert result["print_seconds"] > 0
    assert result["filament_g"] > 0
    assert result["slicer"].startswith("PrusaSlicer")
    assert result["cached"] is False

    job_url = f"{url}/jobs/{created['job_id']}"
    async with session.get(f"{job_url}/3mf", headers=AUTH) as resp:
        assert resp.status == 200
        assert resp.content_type == "model/3mf"
        assert resp.headers["X-HoloMat-Layers"] == "100"
        assert int(resp.headers["X-HoloMat-Print-Seconds"]) == result["print_seconds"]
        assert "Cube_20.gcode.3mf" in resp.headers["Content-Disposition"]
        data = await resp.read()
    assert len(data) == result["file_bytes"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        gcode = archive.read("Metadata/plate_1.gcode").decode()
        model = archive.read("3D/3dmodel.model").decode()
    assert "; total layer number: 100" in gcode
    assert '<metadata name="Title">Cube à 20</metadata>' in model
    async with session.get(f"{job_url}/preview.png", headers=AUTH) as resp:
        assert resp.status == 200
        assert Image.open(io.BytesIO(await resp.read())).size == (512, 512)
    # Not a model job: it has no STL.
    async with session.get(f"{job_url}/stl", headers=AUTH) as resp:
        assert resp.status == 404

    # The same request again is answered from the cache, in JSON too.
    again = {
        "model": base64.b64encode(CUBE).decode(),
        "printer": "A1 mini",
        "material": "PETG",
        "name": "Cube à 20",
    }
    async with session.post(f"{url}/slice", json=again, headers=AUTH) as resp:
        assert resp.status == 200
        cached = await resp.json()
    assert cached["status"] == "done"
    async with session.get(f"{url}/jobs/{cached['job_id']}/3mf", headers=AUTH) as resp:
        assert resp.headers["X-HoloMat-Cached"] == "true"
        assert await resp.read() == data


async def test_a_model_job_is_sliced_by_its_id_while_the_server_keeps_serving(
    start_server: Start, session: aiohttp.ClientSession
) -> None:
    url = await start_server()
    async with session.post(
        f"{url}/jobs", data=form(png_bytes(drawing()), method="silhouette"), headers=AUTH
    ) as resp:
        model_job = (await resp.json())["job_id"]
    assert (await wait_done(session, url, model_job))["status"] == "done"
    async with session.get(f"{url}/jobs/{model_job}/3mf", headers=AUTH) as resp:
        assert resp.status == 404  # a model job has no plate

    body = {"job_id": model_job, "printer": "P1S", "name": "drawing"}
    async with session.post(f"{url}/slice", json=body, headers=AUTH) as resp:
        assert resp.status == 202, await resp.text()
        job_id = (await resp.json())["job_id"]
    # The slicer runs in a worker: the server answers while it works.
    seen: set[str] = set()
    while True:
        async with session.get(f"{url}/jobs/{job_id}", headers=AUTH) as resp:
            job = await resp.json()
        async with session.get(f"{url}/health") as resp:
            assert resp.status == 200
        seen.add(job["status"])
        if job["status"] in ("done", "failed"):
            break
        await asyncio.sleep(0.05)
    assert job["status"] == "done", job
    assert "running" in seen
    assert job["result"]["printer"] == "P1S"
    assert max(job["result"]["size_mm"]) == pytest.approx(80, abs=0.5)
    async with session.get(f"{url}/info", headers=AUTH) as resp:
        slicing = (await resp.json())["slicing"]
    assert slicing["slicer"].startswith("PrusaSlicer")
    assert "A1 mini" in slicing["printers"]
    assert (slicing["nozzles"], slicing["materials"]) == ([0.2, 0.4, 0.6], ["PLA", "PETG"])


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (model_form(CUBE, printer="Ender 3"), 400, "unknown_profile"),
        (model_form(CUBE, printer="P1S", nozzle="0.3"), 400, "unknown_profile"),
        (model_form(CUBE, printer="P1S", material="ABS"), 400, "unknown_profile"),
        (model_form(CUBE, printer="P1S", nozzle="wide"), 400, "bad_parameter"),
        (model_form(CUBE), 400, "bad_parameter"),
        (model_form(CUBE, printer="P1S", colour="red"), 400, "bad_parameter"),
        ({"printer": "P1S"}, 400, "bad_parameter"),
        (model_form(CUBE, printer="P1S", job_id="abc"), 400, "bad_parameter"),
        ({"printer": "P1S", "job_id": "abc"}, 404, "not_found"),
    ],
)
async def test_bad_requests_are_refused_before_any_work(
    start_server: Start,
    session: aiohttp.ClientSession,
    body: aiohttp.FormData | dict[str, str],
    status: int,
    code: str,
) -> None:
    url = await start_server()
    sent = {"json": body} if isinstance(body, dict) else {"data": body}
    async with session.post(f"{url}/slice", headers=AUTH, **sent) as resp:
        assert resp.status == status
        answer = await resp.json()
    assert answer["error"] == code
    async with session.get(f"{url}/info", headers=AUTH) as resp:
        assert (await resp.json())["queue"]["pending"] == 0


async def test_a_slice_job_is_not_a_model_to_slice(
    start_server: Start, session: aiohttp.ClientSession
) -> None:
    url = await start_server()
    async with session.post(
        f"{url}/slice", data=model_form(CUBE, printer="P1S"), headers=AUTH
    ) as resp:
        job_id = (await resp.json())["job_id"]
    await wait_done(session, url, job_id)
    body = {"job_id": job_id, "printer": "P1S"}
    async with session.post(f"{url}/slice", json=body, headers=AUTH) as resp:
        assert resp.status == 400
        assert "slice job" in (await resp.json())["message"]


async def test_an_stl_over_the_limit_is_refused(
    start_server: Start, session: aiohttp.ClientSession
) -> None:
    url = await start_server(max_model_mb=0.0005)  # 524 bytes: the cube has 684
    async with session.post(
        f"{url}/slice", data=model_form(CUBE, printer="P1S"), headers=AUTH
    ) as resp:
        assert resp.status == 413
        assert "smaller model" in (await resp.json())["message"]


@pytest.mark.parametrize(
    ("model", "printer", "code"),
    [
        (box(300, 20, 20), "A1 mini", "model_too_big"),
        (_open_cube(), "P1S", "not_manifold"),
        (b"solid nothing\nendsolid nothing\n", "P1S", "unreadable_model"),
    ],
)
async def test_a_model_the_slicer_cannot_print_fails_its_job_with_a_clear_error(
    start_server: Start, session: aiohttp.ClientSession, model: bytes, printer: str, code: str
) -> None:
    url = await start_server()
    async with session.post(
        f"{url}/slice", data=model_form(model, printer=printer), headers=AUTH
    ) as resp:
        assert resp.status == 202
        job_id = (await resp.json())["job_id"]
    job = await wait_done(session, url, job_id)
    assert job["status"] == "failed"
    assert job["error"]["error"] == code
    async with session.get(f"{url}/jobs/{job_id}/3mf", headers=AUTH) as resp:
        assert resp.status == 422
        assert (await resp.json())["error"] == code
