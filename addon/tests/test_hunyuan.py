"""Method hunyuan3d through the real ``from_pretrained`` loader, on a tiny random checkpoint."""

from __future__ import annotations

import io
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import numpy as np
import pytest
import trimesh
from aiohttp import web
from PIL import Image, ImageDraw

pytest.importorskip("torch")
pytest.importorskip("hy3dgen")

from holomat_addon.options import Options
from holomat_addon.server.app import build_app
from holomat_addon.server.main import load_model
from holomat_addon.stl.engine import Engine
from holomat_addon.stl.hunyuan import cut_out, y_up_to_z_up

from .conftest import png_bytes
from .tiny_hunyuan import MODEL_PATH, SUBFOLDER, build_tiny_checkpoint

TOKEN = "tiny"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the tiny checkpoint once and point ``HY3DGEN_MODELS`` at it, offline."""

    root = tmp_path_factory.mktemp("models")
    build_tiny_checkpoint(root)
    saved = {k: os.environ.get(k) for k in ("HY3DGEN_MODELS", "HF_HUB_OFFLINE")}
    os.environ["HY3DGEN_MODELS"] = str(root)
    os.environ["HF_HUB_OFFLINE"] = "1"
    yield root
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def disc() -> Image.Image:
    """Return a filled disc on transparency."""

    image = Image.new("RGBA", (96, 96), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((16, 16, 80, 80), fill=(200, 60, 60, 255))
    return image


async def start(options: Options) -> tuple[web.AppRunner, str]:
    """Start the server with ``options``; return the runner and base URL."""

    model, status = load_model(options)
    runner = web.AppRunner(build_app(options, Engine(model), status))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


@pytest.fixture
async def hunyuan_url(models_dir: Path) -> AsyncIterator[str]:
    """Run a server with the tiny model loaded (2 steps, octree 32)."""

    options = Options(
        token=TOKEN,
        data_dir=str(models_dir),
        hunyuan3d_accept_license=True,
        hunyuan3d_model_path=MODEL_PATH,
        hunyuan3d_subfolder=SUBFOLDER,
        hunyuan3d_steps=2,
        hunyuan3d_octree_resolution=32,
    )
    runner, url = await start(options)
    yield url
    await runner.cleanup()


async def test_hunyuan_loads_and_makes_a_printable_stl(hunyuan_url: str) -> None:
    async with aiohttp.ClientSession(headers=AUTH) as session:
        async with session.get(f"{hunyuan_url}/info") as resp:
            info = await resp.json()
        assert info["methods"] == ["auto", "relief", "silhouette", "hunyuan3d"]
        assert info["hunyuan3d"] == {"enabled": True, "loaded": True, "reason": None}
        assert info["model"] == f"{MODEL_PATH}/{SUBFOLDER}"
        assert info["device"] == "cpu"
        for method in ("hunyuan3d", "auto"):
            data = aiohttp.FormData()
            data.add_field("image", png_bytes(disc()), filename="disc.png")
            data.add_field("method", method)
            data.add_field("size_mm", "30")
            async with session.post(f"{hunyuan_url}/image2stl", data=data) as resp:
                assert resp.status == 200, await resp.text()
                assert resp.headers["X-HoloMat-Method"] == "hunyuan3d"
                stl = await resp.read()
            mesh = trimesh.load(io.BytesIO(stl), file_type="stl")
            assert mesh.is_volume
            assert max(mesh.extents) == pytest.approx(30, rel=1e-4)
            assert mesh.bounds[0][2] == pytest.approx(0, abs=1e-4)


async def test_hunyuan_job_times_out_between_steps(models_dir: Path) -> None:
    options = Options(
        token=TOKEN,
        data_dir=str(models_dir),
        hunyuan3d_accept_license=True,
        hunyuan3d_model_path=MODEL_PATH,
        hunyuan3d_subfolder=SUBFOLDER,
        hunyuan3d_steps=400,
        hunyuan3d_octree_resolution=16,
        job_timeout_s=0.3,
    )
    runner, url = await start(options)
    try:
        async with aiohttp.ClientSession(headers=AUTH) as session:
            data = aiohttp.FormData()
            data.add_field("image", png_bytes(disc()), filename="disc.png")
            async with session.post(f"{url}/image2stl", data=data) as resp:
                assert resp.status == 504
                assert (await resp.json())["error"] == "timeout"
            data = aiohttp.FormData()
            data.add_field("image", png_bytes(disc()), filename="disc.png")
            data.add_field("method", "relief")
            async with session.post(f"{url}/image2stl", data=data) as resp:
                assert resp.status == 200
    finally:
        await runner.cleanup()


def test_missing_weights_mean_cpu_mode(tmp_path: Path, models_dir: Path) -> None:
    options = Options(
        data_dir=str(tmp_path),
        hunyuan3d_accept_license=True,
        hunyuan3d_model_path="tencent/Hunyuan3D-2mini",
    )
    model, status = load_model(options)
    assert model is None
    assert status["loaded"] is False
    assert "CPU mode" in status["reason"]
    assert "no Hunyuan3D weights" in status["reason"]


def test_cut_out_makes_the_background_transparent() -> None:
    image = Image.new("RGBA", (64, 64), (255, 255, 255, 255))
    ImageDraw.Draw(image).rectangle((16, 16, 47, 47), fill=(0, 0, 0, 255))
    alpha = np.asarray(cut_out(image).getchannel("A"))
    assert alpha[32, 32] == 255
    assert alpha[2, 2] == 0
    transparent = disc()
    assert cut_out(transparent) is transparent


def test_y_up_becomes_z_up() -> None:
    up = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert y_up_to_z_up(up).tolist() == [[0.0, 0.0, 1.0], [0.0, -1.0, 0.0]]


def test_closed_surface_from_hy3dgen_becomes_an_upright_printable_mesh() -> None:
    """A tall ellipsoid field through hy3dgen's own extractor and export, then our finalize."""

    import torch
    from hy3dgen.shapegen.models.autoencoders.surface_extractors import MCSurfaceExtractor
    from hy3dgen.shapegen.pipelines import export_to_trimesh

    from holomat_addon.stl.printable import finalize

    octree, box = 48, 1.01
    axis = torch.linspace(-box, box, octree + 1)
    x, y, z = torch.meshgrid(axis, axis, axis, indexing="ij")
    field = 1 - ((x / 0.3) ** 2 + (y / 0.8) ** 2 + (z / 0.3) ** 2)  # tall along +Y (glTF up)
    (surface,) = MCSurfaceExtractor()(
        field[None],
        mc_level=0.0,
        bounds=[-box, -box, -box, box, box, box],
        octree_resolution=octree,
    )
    mesh = export_to_trimesh(surface)
    vertices = y_up_to_z_up(np.asarray(mesh.vertices, dtype=np.float64))
    printable = finalize(vertices, np.asarray(mesh.faces), 40.0, repair=True)
    x_size, y_size, z_size = printable.size_mm
    assert z_size == pytest.approx(40.0)
    assert x_size == pytest.approx(15.0, rel=0.05)
    assert y_size == pytest.approx(15.0, rel=0.05)
    expected = 4 / 3 * np.pi * 7.5 * 7.5 * 20
    assert printable.volume_mm3 == pytest.approx(expected, rel=0.05)
    assert trimesh.Trimesh(printable.vertices, printable.faces).is_volume
