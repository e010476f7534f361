"""The add-on's options become the voice server's settings; wrong values are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from holomat_addon.options import VoiceSettings, read_options, settings_from_options


def test_defaults_from_empty_options(tmp_path: Path) -> None:
    """No options file: offline engines only, English default voice."""
    settings = settings_from_options(read_options(tmp_path / "missing.json"))
    assert settings == VoiceSettings()
    assert not settings.has_endpoint


def test_options_file(tmp_path: Path) -> None:
    """Options written by the Supervisor are read, empty strings meaning "not set"."""
    path = tmp_path / "options.json"
    path.write_text(
        json.dumps(
            {
                "voice_openai_url": "http://speaches:8000/v1",
                "voice_openai_api_key": "",
                "voice_stt_streaming": True,
                "voice_default_voice": "ballad",
                "voice_command_names": ["Kitchen", "Bambu X1C"],
                "voice_cache_mb": 8,
            }
        )
    )
    settings = settings_from_options(read_options(path))
    assert settings.openai_url == "http://speaches:8000/v1"
    assert settings.openai_api_key is None
    assert settings.stt_streaming
    assert settings.default_voice == "ballad"
    assert settings.command_names == ("Kitchen", "Bambu X1C")
    assert settings.cache_mb == 8


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"voice_openai_url": 3}, "voice_openai_url must be text"),
        ({"voice_command_names": "kitchen"}, "voice_command_names must be a list"),
        ({"voice_openai_voices": [1]}, "voice_openai_voices must be a list"),
    ],
)
def test_wrong_types_named(options: dict[str, object], message: str) -> None:
    """A wrong value names the option to fix."""
    with pytest.raises(ValueError, match=message):
        settings_from_options(options)


def test_options_file_not_an_object(tmp_path: Path) -> None:
    """An options file that is not a JSON object is refused."""
    path = tmp_path / "options.json"
    path.write_text("[]")
    with pytest.raises(ValueError, match="must hold a JSON object"):
        read_options(path)
