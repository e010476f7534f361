"""Tests of the generate_3d_model action: each image source, response, events, preview, errors.

Models come from the real add-on server; hung, failing and overloaded servers and rotated tokens
come from the stand-in, which reaches those states on demand.
"""

from __future__ import annotations

from pathlib import Path
import struct
from typing import Any

from homeassistant.components.image import async_get_image
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context, Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError, Unauthorized
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
)

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.model_server.const import (
    EVENT_MODEL_FAILED,
    EVENT_MODEL_GENERATED,
    SERVICE_GENERATE_3D_MODEL,
)
from custom_components.holomat.model_server.image import MODEL_ATTRIBUTES

from .conftest import RunningServer, png_bytes

PREVIEW_ENTITY = "image.holomat_add_on_last_model"
PICTURE_ENTITY = "image.holomat_add_on_last_model_picture"


async def _generate(hass: HomeAssistant, **data: Any) -> dict[str, Any]:
    """Call the action and return its response."""
    response = await hass.services.async_call(
        DOMAIN, SERVICE_GENERATE_3D_MODEL, data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


def _read(path: str) -> bytes:
    """Return the bytes of file ``path``."""
    return Path(path).read_bytes()


def _sparse_file(path: Path, size: int) -> None:
    """Make ``path`` a file of ``size`` bytes without writing them."""
    with path.open("wb") as file:
        file.truncate(size)


def _check_stl(response: dict[str, Any], size_mm: float) -> None:
    """Check the STL written matches the response: triangles, bounding box, base at z = 0."""
    stl = Path(response["path"]).read_bytes()
    count = struct.unpack_from("<I", stl, 80)[0]
    assert len(stl) == 84 + 50 * count == 84 + 50 * response["triangles"]
    vertices = [
        struct.unpack_from("<3f", stl, 84 + 50 * face + 12 + 12 * corner)
        for face in range(count)
        for corner in range(3)
    ]
    low = [min(vertex[axis] for vertex in vertices) for axis in range(3)]
    high = [max(vertex[axis] for vertex in vertices) for axis in range(3)]
    assert [h - lo for h, lo in zip(high, low, strict=True)] == pytest.approx(
        response["size_mm"], abs=1e-3
    )
    assert max(response["size_mm"]) == pytest.approx(size_mm)
    assert low[2] == pytest.approx(0, abs=1e-4)
    assert response["watertight"]
    assert response["volume_mm3"] > 0
    assert Path(response["preview_path"]).read_bytes().startswith(b"\x89PNG")


@pytest.mark.usefixtures("init_integration")
async def test_from_a_file(hass: HomeAssistant, pictures: Path, media_dir: Path) -> None:
    generated = async_capture_events(hass, EVENT_MODEL_GENERATED)
    assert hass.states.get(PREVIEW_ENTITY).state == "unknown"
    response = await _generate(
        hass,
        image_path=str(pictures / "drawing.png"),
        method="relief",
        size_mm=60,
        base_mm=1,
        thickness_mm=2,
        invert=True,
        name="Space rocket",
    )
    stl_path = media_dir / "holomat" / "space_rocket.stl"
    assert response["path"] == str(stl_path)
    assert response["preview_path"] == str(media_dir / "holomat" / "space_rocket.png")
    assert response["media_content_id"] == (
        "media-source://media_source/local/holomat/space_rocket.stl"
    )
    assert response["url"] == "/media/local/holomat/space_rocket.stl"
    assert response["method"] == "relief"
    assert 0 < response["quality"] <= 1
    assert "stretched" in response["quality_reason"]
    assert response["source"] == str(pictures / "drawing.png")
    assert response["size_mm"][2] <= 1 + 2 + 1e-6  # base + relief height
    _check_stl(response, 60)
    [event] = generated
    assert event.data == {"config_entry_id": event.data["config_entry_id"], **response}
    state = hass.states.get(PREVIEW_ENTITY)
    assert state.state != "unknown"
    # What the model card shows, and where it fetches the STL from.
    assert {key: state.attributes[key] for key in MODEL_ATTRIBUTES} == {
        **{key: response[key] for key in MODEL_ATTRIBUTES if key != "stl_url"},
        "stl_url": "/api/holomat/models/space_rocket.stl",
    }
    preview = await async_get_image(hass, PREVIEW_ENTITY)
    assert preview.content_type == "image/png"
    assert preview.content == _read(response["preview_path"])
    # The picture it was made from is kept beside it, and shown.
    assert response["picture_path"] == str(media_dir / "holomat" / "space_rocket.picture.png")
    assert _read(response["picture_path"]) == _read(str(pictures / "drawing.png"))
    assert response["picture_url"] == "/media/local/holomat/space_rocket.picture.png"
    assert response["prompt"] is None
    picture = await async_get_image(hass, PICTURE_ENTITY)
    assert picture.content == _read(response["picture_path"])


@pytest.mark.usefixtures("init_integration")
async def test_default_name_and_cached_result(hass: HomeAssistant, pictures: Path) -> None:
    (pictures / "unique.png").write_bytes(png_bytes((41, 23)))
    path = str(pictures / "unique.png")
    first = await _generate(hass, image_path=path, method="silhouette", size_mm=45)
    second = await _generate(hass, image_path=path, method="silhouette", size_mm=45)
    assert Path(first["path"]).name.startswith("model_")
    assert first["path"] != second["path"]
    assert (first["cached"], second["cached"]) == (False, True)
    assert first["method"] == "silhouette"
    _check_stl(first, 45)


@pytest.mark.usefixtures("init_integration")
async def test_from_media_source(
    hass: HomeAssistant, media_dir: Path, workbench_camera: str
) -> None:
    (media_dir / "drawing.png").write_bytes(png_bytes((30, 60)))
    assert await async_setup_component(hass, "media_source", {})
    media_id = "media-source://media_source/local/drawing.png"
    response = await _generate(
        hass, media={"media_content_id": media_id, "media_content_type": "image/png"}
    )
    assert response["source"] == media_id
    assert response["size_mm"][1] == pytest.approx(80)  # the picture is taller than wide
    _check_stl(response, 80)
    # Cameras and image entities in the media browser give a snapshot.
    camera_media = f"media-source://camera/{workbench_camera}"
    response = await _generate(hass, media=camera_media, size_mm=15)
    assert response["source"] == camera_media
    _check_stl(response, 15)
    preview_media = f"media-source://image/{PREVIEW_ENTITY}"
    response = await _generate(hass, media=preview_media, size_mm=12)
    assert response["source"] == preview_media
    _check_stl(response, 12)
    with pytest.raises(HomeAssistantError) as err:
        await _generate(hass, media="media-source://image/image.nowhere")
    assert err.value.translation_key == "camera_image_failed"
    with pytest.raises(ServiceValidationError) as err:
        await _generate(hass, media="media-source://media_source/local/missing.png")
    assert err.value.translation_key == "image_not_readable"
    with pytest.raises(ServiceValidationError) as err:
        await _generate(hass, media="media-source://nowhere/x")
    assert err.value.translation_key == "media_not_found"


@pytest.mark.usefixtures("init_integration")
async def test_from_a_url(hass: HomeAssistant, image_host: str) -> None:
    failed = async_capture_events(hass, EVENT_MODEL_FAILED)
    response = await _generate(hass, image_url=f"{image_host}/drawing.png", size_mm=25)
    assert response["source"] == f"{image_host}/drawing.png"
    _check_stl(response, 25)
    response = await _generate(hass, image_url=f"{image_host}/untyped/drawing.png")
    assert response["triangles"] > 0
    for name in ("missing.png", "huge.png"):
        with pytest.raises(HomeAssistantError) as err:
            await _generate(hass, image_url=f"{image_host}/{name}")
        assert err.value.translation_key == "image_download_failed"
    assert [event.data["source"] for event in failed] == [
        f"{image_host}/missing.png",
        f"{image_host}/huge.png",
    ]
    assert {event.data["reason"] for event in failed} == {"image_download_failed"}


@pytest.mark.usefixtures("init_integration")
async def test_from_a_camera(hass: HomeAssistant, workbench_camera: str) -> None:
    response = await _generate(hass, camera_entity_id=workbench_camera, size_mm=20)
    assert response["source"] == workbench_camera
    _check_stl(response, 20)
    # The snapshot is gone from the camera, but kept beside the model.
    assert response["picture_path"].endswith(".picture.png")
    assert _read(response["picture_path"]) == png_bytes((50, 50))
    with pytest.raises(HomeAssistantError) as err:
        await _generate(hass, camera_entity_id="camera.nowhere")
    assert err.value.translation_key == "camera_image_failed"


@pytest.mark.usefixtures("init_integration")
async def test_disallowed_and_missing_files(hass: HomeAssistant, pictures: Path) -> None:
    failed = async_capture_events(hass, EVENT_MODEL_FAILED)
    with pytest.raises(ServiceValidationError) as err:
        await _generate(hass, image_path="/etc/passwd")
    assert err.value.translation_key == "path_not_allowed"
    with pytest.raises(ServiceValidationError) as err:
        await _generate(hass, image_path=str(pictures / "missing.png"))
    assert err.value.translation_key == "image_not_readable"
    await hass.async_add_executor_job(_sparse_file, pictures / "huge.png", 33 * 1024 * 1024)
    with pytest.raises(ServiceValidationError) as err:
        await _generate(hass, image_path=str(pictures / "huge.png"))
    assert err.value.translation_key == "image_not_readable"
    assert [event.data["reason"] for event in failed] == [
        "path_not_allowed",
        "image_not_readable",
        "image_not_readable",
    ]


@pytest.mark.usefixtures("init_integration")
async def test_unwritable_media_folder(
    hass: HomeAssistant, pictures: Path, media_dir: Path
) -> None:
    failed = async_capture_events(hass, EVENT_MODEL_FAILED)
    await hass.async_add_executor_job((media_dir / "holomat").write_bytes, b"not a folder")
    err = await _failure(hass, failed, image_path=str(pictures / "drawing.png"))
    assert err.translation_key == "model_write_failed"


async def test_without_a_media_folder(
    hass: HomeAssistant, init_integration: MockConfigEntry, pictures: Path, tmp_path: Path
) -> None:
    hass.config.media_dirs = {}
    hass.config.config_dir = str(tmp_path / "config")
    response = await _generate(hass, image_path=str(pictures / "drawing.png"), name="plain")
    assert response["path"] == str(tmp_path / "config" / "media" / "holomat" / "plain.stl")
    assert (response["media_content_id"], response["url"]) == (None, None)


async def _failure(hass: HomeAssistant, failed: list[Event], **data: Any) -> HomeAssistantError:
    """Call the action expecting an error; check the failure event matches it."""
    with pytest.raises(HomeAssistantError) as err:
        await _generate(hass, **data)
    assert failed[-1].data["reason"] == err.value.translation_key
    assert failed[-1].data["message"] == str(err.value)
    return err.value


@pytest.mark.usefixtures("init_integration")
async def test_images_the_server_refuses(hass: HomeAssistant, pictures: Path) -> None:
    failed = async_capture_events(hass, EVENT_MODEL_FAILED)
    (pictures / "notes.png").write_bytes(b"just text")
    (pictures / "ghost.png").write_bytes(png_bytes(alpha=0))
    for path, method, code in (
        ("notes.png", "auto", "not_an_image"),
        ("ghost.png", "auto", "transparent_image"),
        ("drawing.png", "hunyuan3d", "method_unavailable"),
    ):
        err = await _failure(hass, failed, image_path=str(pictures / path), method=method)
        assert err.translation_key == "model_rejected"
        assert err.translation_placeholders["code"] == code


@pytest.mark.usefixtures("init_standin")
async def test_server_failures(hass: HomeAssistant, pictures: Path, standin: RunningServer) -> None:
    failed = async_capture_events(hass, EVENT_MODEL_FAILED)
    drawing = str(pictures / "drawing.png")
    standin.standin.fail_jobs = {"error": "unprintable_mesh", "message": "The mesh is open."}
    err = await _failure(hass, failed, image_path=drawing)
    assert err.translation_key == "model_rejected"
    assert err.translation_placeholders["error"] == "The mesh is open."
    standin.standin.fail_jobs = None

    standin.standin.hold_jobs = True
    err = await _failure(hass, failed, image_path=drawing, size_mm=10, timeout=1)
    assert err.translation_key == "model_timeout"
    standin.standin.queue_max = 1
    err = await _failure(hass, failed, image_path=drawing, size_mm=11)
    assert err.translation_key == "model_server_busy"
    assert err.translation_placeholders["retry_after"] == "5"

    standin.standin.token = "rotated"
    err = await _failure(hass, failed, image_path=drawing)
    assert err.translation_key == "model_server_auth_failed"
    await standin.standin.stop()
    err = await _failure(hass, failed, image_path=drawing)
    assert err.translation_key == "model_server_unreachable_action"


@pytest.mark.usefixtures("init_integration")
async def test_only_administrators_may_call_it(
    hass: HomeAssistant, hass_read_only_user: MockUser, pictures: Path
) -> None:
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            SERVICE_GENERATE_3D_MODEL,
            {"image_path": str(pictures / "drawing.png")},
            blocking=True,
            return_response=True,
            context=Context(user_id=hass_read_only_user.id),
        )


async def test_without_a_server(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, pictures: Path
) -> None:
    assert await async_setup_component(hass, DOMAIN, {})
    data = {"image_path": str(pictures / "drawing.png")}
    with pytest.raises(ServiceValidationError) as err:
        await _generate(hass, **data)
    assert err.value.translation_key == "no_model_server"
    mock_config_entry.add_to_hass(hass)
    with pytest.raises(ServiceValidationError) as err:
        await _generate(hass, config_entry_id=mock_config_entry.entry_id, **data)
    assert err.value.translation_key == "model_server_not_loaded"


async def test_setup_retries_while_the_server_is_down(
    hass: HomeAssistant, standin_entry: MockConfigEntry, standin: RunningServer
) -> None:
    await standin.standin.stop()
    standin_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(standin_entry.entry_id)
    assert standin_entry.state is ConfigEntryState.SETUP_RETRY


async def test_unload(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    assert hass.states.get(PREVIEW_ENTITY).state == "unavailable"
