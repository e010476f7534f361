"""Tests of the HA-free add-on client against the API served on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import struct

import aiohttp
from aiohttp import web
import pytest

from custom_components.holomat.bambu import read_project
from custom_components.holomat.model_server.client import (
    Job,
    JobStatus,
    ModelParameters,
    ModelServerAuthError,
    ModelServerBusyError,
    ModelServerClient,
    ModelServerConnectionError,
    ModelServerRequestError,
    ModelServerTimeoutError,
)
from custom_components.holomat.model_server.plates import SliceSettings
from holomat_dev.stl_files import box

from .conftest import AddonServer, RunningServer, png_bytes


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an aiohttp session closed after the test."""
    async with aiohttp.ClientSession() as session:
        yield session


async def test_info_and_health(standin: RunningServer, session: aiohttp.ClientSession) -> None:
    client = ModelServerClient(session, standin.url + "/", standin.token)
    assert await client.async_health() == "ok"
    info = await client.async_info()
    assert info.methods == ("auto", "relief", "silhouette")
    assert info.device == "cpu"
    assert not info.hunyuan3d_loaded
    assert info.queue_max == 4
    assert info.max_upload_bytes > 0


async def test_wrong_token(standin: RunningServer, session: aiohttp.ClientSession) -> None:
    client = ModelServerClient(session, standin.url, "wrong")
    with pytest.raises(ModelServerAuthError):
        await client.async_info()


async def test_server_down(session: aiohttp.ClientSession) -> None:
    client = ModelServerClient(session, "http://127.0.0.1:9", "token")
    with pytest.raises(ModelServerConnectionError):
        await client.async_info()


async def test_job_round_trip(standin: RunningServer, session: aiohttp.ClientSession) -> None:
    client = ModelServerClient(session, standin.url, standin.token)
    parameters = ModelParameters(method="relief", size_mm=60, base_mm=1.5, thickness_mm=4)
    job = await client.async_submit(png_bytes(), parameters, content_type="image/png")
    assert job.status is JobStatus.QUEUED
    seen: list[Job] = []
    done = await client.async_wait(job, 10, poll_interval=0.01, on_progress=seen.append)
    assert [step.status for step in seen] == [JobStatus.RUNNING, JobStatus.DONE]
    assert done.result is not None
    assert done.result.size_mm == (60.0, 30.0, 5.5)
    assert done.result.watertight
    stl = await client.async_stl(job.job_id)
    assert len(stl) == 84 + 50 * struct.unpack_from("<I", stl, 80)[0]
    assert (await client.async_preview(job.job_id)).startswith(b"\x89PNG")
    assert standin.standin.uploads[0]["thickness_mm"] == "4"
    # The same image and parameters come back from the cache, done at once.
    again = await client.async_submit(png_bytes(), parameters, content_type="image/png")
    assert again.status is JobStatus.DONE
    assert (await client.async_job(again.job_id)).result.cached  # type: ignore[union-attr]


async def test_rejections(standin: RunningServer, session: aiohttp.ClientSession) -> None:
    client = ModelServerClient(session, standin.url, standin.token)
    with pytest.raises(ModelServerRequestError) as err:
        await client.async_submit(b"not an image", ModelParameters())
    assert (err.value.status, err.value.code) == (415, "not_an_image")
    with pytest.raises(ModelServerRequestError) as err:
        await client.async_submit(png_bytes(), ModelParameters(size_mm=1000))
    assert err.value.status == 400
    with pytest.raises(ModelServerRequestError) as err:
        await client.async_job("nope")
    assert err.value.status == 404
    job = await client.async_submit(png_bytes(), ModelParameters(invert=True))
    with pytest.raises(ModelServerRequestError) as err:
        await client.async_stl(job.job_id)
    assert err.value.status == 409


async def test_full_queue(standin: RunningServer, session: aiohttp.ClientSession) -> None:
    standin.standin.queue_max = 1
    client = ModelServerClient(session, standin.url, standin.token)
    await client.async_submit(png_bytes(), ModelParameters())
    with pytest.raises(ModelServerBusyError) as err:
        await client.async_submit(png_bytes((30, 30)), ModelParameters())
    assert err.value.retry_after == 5


async def test_failed_and_stuck_jobs(
    standin: RunningServer, session: aiohttp.ClientSession
) -> None:
    client = ModelServerClient(session, standin.url, standin.token)
    standin.standin.fail_jobs = {"error": "not_printable", "message": "The mesh is open."}
    job = await client.async_submit(png_bytes(), ModelParameters())
    with pytest.raises(ModelServerRequestError) as err:
        await client.async_wait(job, 10, poll_interval=0.01)
    assert (err.value.code, err.value.message) == ("not_printable", "The mesh is open.")
    standin.standin.fail_jobs = None
    standin.standin.hold_jobs = True
    job = await client.async_submit(png_bytes((22, 22)), ModelParameters())
    with pytest.raises(ModelServerTimeoutError):
        await client.async_wait(job, 0.1, poll_interval=0.01)


@pytest.fixture
async def not_the_addon() -> AsyncIterator[str]:
    """Serve answers the add-on never gives (HTML, lists, bare 5xx, hangs) on 127.0.0.1."""

    async def html(request: web.Request) -> web.Response:
        return web.Response(text="<html>router login</html>", content_type="text/html")

    async def listing(request: web.Request) -> web.Response:
        return web.json_response(["not", "an", "object"])

    async def half_info(request: web.Request) -> web.Response:
        return web.json_response({"version": "1"})

    async def crash(request: web.Request) -> web.Response:
        return web.Response(status=502, text="Bad Gateway")

    async def gateway_timeout(request: web.Request) -> web.Response:
        return web.json_response({"error": "timeout", "message": "Too slow."}, status=504)

    async def odd_job(request: web.Request) -> web.Response:
        return web.json_response({"job_id": "1", "status": "sleeping"})

    async def empty_job(request: web.Request) -> web.Response:
        return web.json_response({"job_id": "1", "status": "done", "result": None})

    async def failed_job(request: web.Request) -> web.Response:
        return web.json_response({"job_id": "1", "status": "failed", "error": None})

    async def hang(request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.json_response({})

    app = web.Application()
    for path, handler in (
        ("/html/info", html),
        ("/list/info", listing),
        ("/half/info", half_info),
        ("/crash/info", crash),
        ("/slow/jobs/1", gateway_timeout),
        ("/odd/jobs/1", odd_job),
        ("/empty/jobs/1", empty_job),
        ("/failed/jobs/1", failed_job),
        ("/hang/info", hang),
    ):
        app.router.add_get(path, handler)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


async def test_answers_that_are_not_the_api(
    not_the_addon: str, session: aiohttp.ClientSession
) -> None:
    for prefix in ("html", "list", "half", "crash"):
        client = ModelServerClient(session, f"{not_the_addon}/{prefix}", "token")
        with pytest.raises(ModelServerConnectionError):
            await client.async_info()
    with pytest.raises(ModelServerTimeoutError):
        await ModelServerClient(session, f"{not_the_addon}/slow", "t").async_job("1")
    with pytest.raises(ModelServerConnectionError):
        await ModelServerClient(session, f"{not_the_addon}/odd", "t").async_job("1")
    queued = Job("1", JobStatus.QUEUED, 0.0, None, None, None)
    with pytest.raises(ModelServerConnectionError, match="no result"):
        await ModelServerClient(session, f"{not_the_addon}/empty", "t").async_wait(queued, 5)
    with pytest.raises(ModelServerRequestError, match="failed"):
        await ModelServerClient(session, f"{not_the_addon}/failed", "t").async_wait(queued, 5)
    client = ModelServerClient(session, f"{not_the_addon}/hang", "t", request_timeout=0.1)
    with pytest.raises(ModelServerConnectionError, match="did not answer in time"):
        await client.async_info()


async def test_the_real_addon(addon_server: AddonServer, session: aiohttp.ClientSession) -> None:
    client = ModelServerClient(session, addon_server.url, addon_server.token)
    info = await client.async_info()
    assert {"auto", "relief", "silhouette"} <= set(info.methods)
    job = await client.async_submit(
        png_bytes((64, 48)), ModelParameters(method="relief", size_mm=33), content_type="image/png"
    )
    done = await client.async_wait(job, 30)
    assert done.result is not None
    assert max(done.result.size_mm) == pytest.approx(33)
    stl = await client.async_stl(job.job_id)
    assert len(stl) == 84 + 50 * done.result.triangles == done.result.stl_bytes
    with pytest.raises(ModelServerRequestError) as err:
        await client.async_submit(png_bytes(), ModelParameters(size_mm=1000))
    assert (err.value.status, err.value.code) == (400, "bad_parameter")


async def test_the_real_addon_slices(
    addon_server: AddonServer, session: aiohttp.ClientSession
) -> None:
    """An uploaded STL and a model the add-on made both become plates HoloMat can read."""
    client = ModelServerClient(session, addon_server.url, addon_server.token)
    settings = SliceSettings(printer="A1 mini", nozzle=0.4, material="PETG", name="cube")
    job = await client.async_slice(settings, stl=box(20, 20, 10))
    assert job.kind == "slice"
    done = await client.async_wait(job, 120)
    plate = done.plate
    assert plate is not None
    assert done.result is None
    assert (plate.printer, plate.nozzle, plate.material, plate.name) == (
        "A1 mini",
        0.4,
        "PETG",
        "cube",
    )
    assert plate.layers == 50
    assert plate.size_mm == pytest.approx((20, 20, 10), abs=0.01)
    assert plate.print_seconds > 0
    data = await client.async_gcode_3mf(job.job_id)
    assert len(data) == plate.file_bytes
    project = read_project(data)
    assert project.task_name == "cube"
    assert project.plate(1).has_gcode
    assert project.sliced

    model = await client.async_submit(
        png_bytes((64, 48)), ModelParameters(method="silhouette", size_mm=40)
    )
    await client.async_wait(model, 30)
    by_id = await client.async_wait(
        await client.async_slice(SliceSettings(printer="P1S"), job_id=model.job_id), 120
    )
    assert by_id.plate is not None
    assert max(by_id.plate.size_mm) == pytest.approx(40, abs=0.5)

    with pytest.raises(ModelServerRequestError) as err:
        await client.async_slice(SliceSettings(printer="Ender 3"), stl=box(20, 20, 10))
    assert (err.value.status, err.value.code) == (400, "unknown_profile")
    too_big = await client.async_slice(SliceSettings(printer="A1 mini"), stl=box(300, 20, 10))
    with pytest.raises(ModelServerRequestError) as err:
        await client.async_wait(too_big, 120)
    assert err.value.code == "model_too_big"
    assert "180" in err.value.message  # the A1 mini's plate
