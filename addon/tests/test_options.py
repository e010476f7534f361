"""One options loader for both servers: any value of an option's type is read back as written."""

from __future__ import annotations

import json
import tempfile
import typing
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from holomat_addon.options import (
    Options,
    VoiceSettings,
    load_options,
    read_options,
    settings_from_options,
)

_TEXT = st.text(min_size=1)  # an empty value means "use the default"
_BY_TYPE: dict[object, st.SearchStrategy[Any]] = {
    bool: st.booleans(),
    int: st.integers(0, 2**40),
    float: st.floats(0, 1e9, allow_nan=False),
    float | None: st.floats(0, 1e9, allow_nan=False),
    str: _TEXT,
    str | None: _TEXT,
    tuple[str, ...]: st.lists(st.text(), max_size=5).map(tuple),
}


def values_of(cls: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Return a strategy for every field of ``cls`` with a value of the field's type."""
    hints = typing.get_type_hints(cls)
    return st.fixed_dictionaries({f.name: _BY_TYPE[hints[f.name]] for f in fields(cls)})


def as_text(value: Any) -> str:
    """Return ``value`` as an environment variable or the command line would give it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return json.dumps(list(value))
    return str(value)


@given(values_of(Options))
def test_server_options_from_file_or_environment(values: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "options.json"
        path.write_text(json.dumps(values), encoding="utf-8")
        assert load_options([], environ={"HOLOMAT_OPTIONS": str(path)}) == Options(**values)
    missing = Path("/nonexistent/options.json")
    from_env = {f"HOLOMAT_{name.upper()}": as_text(value) for name, value in values.items()}
    assert load_options([], environ=from_env, options_file=missing) == Options(**values)


@given(values_of(VoiceSettings))
def test_voice_settings_from_file_or_environment(values: dict[str, Any]) -> None:
    in_file = {
        f"voice_{name}": list(v) if isinstance(v, tuple) else v for name, v in values.items()
    }
    assert settings_from_options(in_file) == VoiceSettings(**values)
    from_env = {f"HOLOMAT_VOICE_{name.upper()}": as_text(value) for name, value in values.items()}
    assert settings_from_options({}, environ=from_env) == VoiceSettings(**values)


def test_file_then_environment_then_command_line(tmp_path: Path) -> None:
    path = tmp_path / "options.json"
    path.write_text(json.dumps({"voice_stt_model": "file", "voice_tts_model": "file", "port": 1}))
    options = read_options(path)
    environ = {"HOLOMAT_VOICE_STT_MODEL": "env", "HOLOMAT_VOICE_TTS_MODEL": "env"}
    settings = settings_from_options(options, environ=environ, overrides={"tts_model": "cli"})
    assert (settings.stt_model, settings.tts_model) == ("env", "cli")
    assert load_options(["--options", str(path)], environ={}).port == 1


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"HOLOMAT_PORT": "http"}, "option port must be a whole number, got 'http'"),
        ({"HOLOMAT_QUEUE_SIZE": "2.5"}, "option queue_size must be a whole number"),
        ({"HOLOMAT_MAX_UPLOAD_MB": "lots"}, "option max_upload_mb must be a number"),
        ({"HOLOMAT_HUNYUAN3D_ACCEPT_LICENSE": "maybe"}, "must be true or false, got 'maybe'"),
    ],
)
def test_wrong_server_options_are_named(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_options([], environ=environ, options_file=Path("/nonexistent"))


def test_a_list_in_the_environment_is_json() -> None:
    environ = {"HOLOMAT_VOICE_COMMAND_NAMES": "kitchen"}
    with pytest.raises(ValueError, match="voice_command_names must be a JSON list"):
        settings_from_options({}, environ=environ)
