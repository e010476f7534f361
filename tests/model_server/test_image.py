"""Tests of the last model's preview and picture images across restarts."""

from __future__ import annotations

from pathlib import Path

from homeassistant.components.image import async_get_image
from homeassistant.core import HomeAssistant, State
from pytest_homeassistant_custom_component.common import MockConfigEntry, mock_restore_cache

from .conftest import png_bytes

PREVIEW_ENTITY = "image.holomat_add_on_last_model"
PICTURE_ENTITY = "image.holomat_add_on_last_model_picture"
BEFORE_RESTART = "2026-11-30T21:15:00+00:00"


async def test_the_preview_survives_a_restart(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, media_dir: Path
) -> None:
    folder = media_dir / "holomat"
    await hass.async_add_executor_job(folder.mkdir)
    preview = png_bytes((64, 64))
    await hass.async_add_executor_job((folder / "rocket.png").write_bytes, preview)
    attributes = {
        "path": str(folder / "rocket.stl"),
        "url": "/media/local/holomat/rocket.stl",
        "triangles": 1204,
        "size_mm": [80.0, 41.5, 3.0],
        "volume_mm3": 5120.5,
        "watertight": True,
        "quality": 0.8,
        "quality_reason": None,
        "method": "relief",
        "source": "camera.workbench",
    }
    mock_restore_cache(hass, [State(PREVIEW_ENTITY, BEFORE_RESTART, attributes)])
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(PREVIEW_ENTITY)
    assert state.state == BEFORE_RESTART
    # The model card's facts, as before the restart.
    assert {key: state.attributes[key] for key in attributes} == attributes
    assert (await async_get_image(hass, PREVIEW_ENTITY)).content == preview


async def test_a_preview_deleted_meanwhile_is_not_restored(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, media_dir: Path
) -> None:
    attributes = {"path": str(media_dir / "holomat" / "gone.stl"), "url": None}
    mock_restore_cache(hass, [State(PREVIEW_ENTITY, BEFORE_RESTART, attributes)])
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(PREVIEW_ENTITY)
    assert state.state == "unknown"
    assert "path" not in state.attributes


async def test_the_picture_survives_a_restart_in_its_own_format(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, media_dir: Path
) -> None:
    folder = media_dir / "holomat"
    await hass.async_add_executor_job(folder.mkdir)
    snapshot = b"\xff\xd8\xff\xe0 a JPEG snapshot"
    await hass.async_add_executor_job((folder / "rocket.picture.jpg").write_bytes, snapshot)
    attributes = {
        "picture_path": str(folder / "rocket.picture.jpg"),
        "picture_url": "/media/local/holomat/rocket.picture.jpg",
        "source": "a rocket",
        "prompt": "a rocket",
    }
    mock_restore_cache(
        hass,
        [
            State(PICTURE_ENTITY, BEFORE_RESTART, attributes),
            State(PREVIEW_ENTITY, BEFORE_RESTART, {"path": str(folder / "gone.stl")}),
        ],
    )
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(PICTURE_ENTITY)
    assert state.state == BEFORE_RESTART
    assert {key: state.attributes[key] for key in attributes} == attributes
    picture = await async_get_image(hass, PICTURE_ENTITY)
    assert (picture.content, picture.content_type) == (snapshot, "image/jpeg")
    assert hass.states.get(PREVIEW_ENTITY).state == "unknown"  # its preview is gone
