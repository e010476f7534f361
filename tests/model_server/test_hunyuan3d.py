"""Hunyuan3D end to end: Home Assistant → the real add-on → hy3dgen on a tiny local checkpoint.

The add-on's tests build a random-weight checkpoint in hy3dgen's real on-disk layout
(``addon/tests/tiny_hunyuan.py``); the add-on loads it through ``from_pretrained`` on CPU, offline,
exactly as it loads Tencent's weights on a GPU host.
"""

from __future__ import annotations

from collections.abc import Iterator
import io
import os
from pathlib import Path
import subprocess

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from PIL import Image, ImageDraw
import pytest

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.model_server.const import SERVICE_GENERATE_3D_MODEL

from .conftest import ADDON_PYTHON, ROOT, AddonServer, model_server_entry, run_addon, setup_entry

TINY_MODEL = ("local/tiny-hunyuan", "hunyuan3d-dit-tiny")  # addon/tests/tiny_hunyuan.py
BUILD = (
    "import sys; from pathlib import Path; "
    "from tests.tiny_hunyuan import build_tiny_checkpoint; build_tiny_checkpoint(Path(sys.argv[1]))"
)


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the tiny Hunyuan3D checkpoint with the add-on's own test helper."""
    if not ADDON_PYTHON.exists():
        pytest.skip("the add-on's environment (addon/.venv) is not installed")
    models = tmp_path_factory.mktemp("hy3dgen-models")
    built = subprocess.run(
        [str(ADDON_PYTHON), "-c", BUILD, str(models)],
        cwd=ROOT / "addon",
        capture_output=True,
        check=False,
    )
    if built.returncode:
        pytest.skip(f"cannot build the tiny checkpoint: {built.stderr.decode()[-300:]}")
    return models


def _hunyuan_addon(models: Path, data_dir: Path, *options: str) -> Iterator[AddonServer]:
    """Run the add-on with Hunyuan3D opted in and loaded from the tiny checkpoint."""
    env = {**os.environ, "HY3DGEN_MODELS": str(models), "HF_HUB_OFFLINE": "1"}
    model_path, subfolder = TINY_MODEL
    with run_addon(
        data_dir,
        "--hunyuan3d-accept-license",
        "true",
        "--hunyuan3d-model-path",
        model_path,
        "--hunyuan3d-subfolder",
        subfolder,
        *options,
        env=env,
    ) as server:
        yield server


@pytest.fixture(scope="module")
def hunyuan_addon(
    tiny_models: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AddonServer]:
    """Run the add-on with Hunyuan3D (2 steps, octree 32)."""
    yield from _hunyuan_addon(
        tiny_models,
        tmp_path_factory.mktemp("hunyuan-data"),
        "--hunyuan3d-steps",
        "2",
        "--hunyuan3d-octree-resolution",
        "32",
    )


@pytest.fixture(scope="module")
def slow_hunyuan_addon(
    tiny_models: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AddonServer]:
    """Run the add-on with a job time limit far shorter than its Hunyuan3D jobs."""
    yield from _hunyuan_addon(
        tiny_models,
        tmp_path_factory.mktemp("slow-hunyuan-data"),
        "--hunyuan3d-steps",
        "400",
        "--hunyuan3d-octree-resolution",
        "16",
        "--job-timeout-s",
        "0.3",
    )


def _disc(folder: Path) -> str:
    """Write a red disc on transparency (the subject cut out, as Hunyuan3D wants it)."""
    image = Image.new("RGBA", (96, 96), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((16, 16, 80, 80), fill=(200, 60, 60, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    path = folder / "disc.png"
    path.write_bytes(out.getvalue())
    return str(path)


async def test_auto_picks_hunyuan3d_and_the_model_is_printable(
    hass: HomeAssistant, hunyuan_addon: AddonServer, media_dir: Path, pictures: Path
) -> None:
    entry = await setup_entry(hass, model_server_entry(hunyuan_addon.url, hunyuan_addon.token))
    assert "hunyuan3d" in entry.runtime_data.info.methods
    assert entry.runtime_data.info.hunyuan3d_loaded
    response = await hass.services.async_call(
        DOMAIN,
        SERVICE_GENERATE_3D_MODEL,
        {"image_path": await hass.async_add_executor_job(_disc, pictures), "size_mm": 30},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["method"] == "hunyuan3d"
    assert response["watertight"]
    assert max(response["size_mm"]) == pytest.approx(30, rel=1e-4)


async def test_the_addon_time_limit_is_a_timeout(
    hass: HomeAssistant, slow_hunyuan_addon: AddonServer, media_dir: Path, pictures: Path
) -> None:
    await setup_entry(hass, model_server_entry(slow_hunyuan_addon.url, slow_hunyuan_addon.token))
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            DOMAIN,
            SERVICE_GENERATE_3D_MODEL,
            {
                "image_path": await hass.async_add_executor_job(_disc, pictures),
                "method": "hunyuan3d",
            },
            blocking=True,
            return_response=True,
        )
    assert err.value.translation_key == "model_timeout"
