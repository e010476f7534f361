"""The add-on's options, for both servers: defaults < options file < ``HOLOMAT_*`` < command line.

The Supervisor writes the options of ``config.yaml`` to ``/data/options.json`` (elsewhere:
``HOLOMAT_OPTIONS``). The image → STL server reads the top-level names as ``Options``; the voice
server the ``voice_`` ones as ``VoiceSettings``. Any option ``name`` can be overridden by the
environment variable ``HOLOMAT_<NAME>`` (``HOLOMAT_VOICE_CACHE_MB``; a list as a JSON array),
then by the server's command line. Empty or ``null`` values keep the default.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import secrets
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, TypeVar

_LOGGER = logging.getLogger(__name__)
OPTIONS_FILE = Path("/data/options.json")
SUPERVISOR_URL = "http://supervisor"
STL_PORT = 8099
VOICE_PORT = 10300
OPENAI_VOICES = (
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "fable",
    "nova",
    "onyx",
    "sage",
    "shimmer",
    "verse",
)
_TRUE = ("1", "true", "yes", "on")
_Settings = TypeVar("_Settings", "Options", "VoiceSettings")
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True, slots=True)
class Options:
    """What the image → STL server reads at start; names match ``config.yaml``'s options."""

    host: str = "0.0.0.0"  # noqa: S104 -- a container's server listens on all interfaces
    port: int = STL_PORT
    token: str = ""
    data_dir: str = "/data"
    max_upload_mb: float = 15.0
    max_model_mb: float = 64.0
    max_megapixels: float = 16.0
    queue_size: int = 4
    job_timeout_s: float = 300.0
    cpu_workers: int = 1
    cache_mb: int = 256
    hunyuan3d_accept_license: bool = False
    hunyuan3d_model_path: str = "tencent/Hunyuan3D-2mini"
    hunyuan3d_subfolder: str = "hunyuan3d-dit-v2-mini-turbo"
    hunyuan3d_steps: int = 5
    hunyuan3d_octree_resolution: int = 256
    hunyuan3d_device: str = "auto"
    supervisor_url: str = SUPERVISOR_URL
    log_level: str = "info"

    @property
    def max_upload_bytes(self) -> int:
        """Return the upload limit in bytes."""

        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def max_model_bytes(self) -> int:
        """Return the limit of an STL sent to be sliced, in bytes."""

        return int(self.max_model_mb * 1024 * 1024)

    @property
    def max_pixels(self) -> int:
        """Return the pixel-count limit."""

        return int(self.max_megapixels * 1_000_000)


@dataclass(frozen=True, slots=True)
class VoiceSettings:
    """What the voice server talks to and which names its offline grammar knows.

    Read from the options named ``voice_<field>``. ``openai_url`` is the base URL of an
    OpenAI-compatible API (``https://api.openai.com/v1``, or a local speaches/faster-whisper
    server); ``None`` leaves only the offline engines. ``command_names`` are the entity names
    (printers, lights, ...) the offline grammar recognises. ``cache_mb`` bounds the phrase cache
    in MiB of audio (0 disables it); ``timeout`` is per endpoint request, in seconds.
    ``wake_cutoff`` replaces the wake word model's own probability cutoff (0.97 for "hey
    jarvis"): lower hears more wake words and wakes more often by mistake (figures in
    DOCS.md); ``None`` keeps the model's.
    """

    openai_url: str | None = None
    openai_api_key: str | None = None
    stt_model: str = "whisper-1"
    stt_streaming: bool = False
    tts_model: str = "gpt-4o-mini-tts"
    openai_voices: tuple[str, ...] = OPENAI_VOICES
    default_voice: str = "espeak-en"
    command_names: tuple[str, ...] = ()
    cache_mb: float = 32.0
    timeout: float = 30.0
    wake_cutoff: float | None = None

    @property
    def has_endpoint(self) -> bool:
        """Return whether an OpenAI-compatible endpoint is configured."""

        return bool(self.openai_url)


def options_path(environ: Mapping[str, str]) -> Path:
    """Return the options file: ``HOLOMAT_OPTIONS`` if set, else ``/data/options.json``."""

    return Path(environ.get("HOLOMAT_OPTIONS", OPTIONS_FILE))


def read_options(path: Path) -> dict[str, Any]:
    """Return the options JSON object at ``path``; a missing file gives ``{}``.

    Raises ``ValueError`` when the file is not JSON or not an object.
    """

    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path} must hold a JSON object")
    return data


def typed_options(
    cls: type[_Settings],
    options: Mapping[str, Any],
    *,
    prefix: str = "",
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> _Settings:
    """Return the dataclass ``cls`` read from ``options`` (keys ``<prefix><field>``).

    ``environ``'s ``HOLOMAT_<PREFIX><FIELD>`` then ``overrides[field]`` (command-line values)
    win over the file. Text is converted to the field's type (``bool``, ``int``, ``float``,
    ``float | None``, ``str``, ``str | None``, ``tuple[str, ...]``). Raises ``ValueError``
    naming the option when a value has the wrong type.
    """

    environ = environ or {}
    overrides = overrides or {}
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in fields(cls):
        key, kind = f"{prefix}{field.name}", hints[field.name]
        value = options.get(key)
        for override in (environ.get(f"HOLOMAT_{key.upper()}"), overrides.get(field.name)):
            if override is not None:
                value = _from_text(key, kind, override)
        if value is not None and value != "":
            values[field.name] = _convert(key, kind, value)
    return cls(**values)


def _from_text(key: str, kind: object, value: Any) -> Any:
    """Return a text override of a list option decoded from its JSON array; others as given."""

    if kind != tuple[str, ...] or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError as err:
        raise ValueError(f"option {key} must be a JSON list of text, got {value!r}") from err


def _convert(key: str, kind: object, value: Any) -> Any:
    """Return ``value`` as the type ``kind``; raise ``ValueError`` naming option ``key``."""

    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in (*_TRUE, *_FALSE):
            return value.strip().lower() in _TRUE
        raise ValueError(f"option {key} must be true or false, got {value!r}")
    if kind is int or kind is float or kind == float | None:
        return _number(key, value, whole=kind is int)
    if kind == tuple[str, ...]:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"option {key} must be a list of text, got {value!r}")
        return tuple(value)
    if not isinstance(value, str):
        raise ValueError(f"option {key} must be text, got {value!r}")
    return value


def _number(key: str, value: Any, *, whole: bool) -> float:
    """Return ``value`` as a float, or an int when ``whole``; raise ``ValueError`` naming it."""

    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise TypeError
        if not whole:
            return float(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, float):
            raise TypeError
        return int(value)
    except (TypeError, ValueError) as err:
        kind = "a whole number" if whole else "a number"
        raise ValueError(f"option {key} must be {kind}, got {value!r}") from err


def load_options(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    options_file: Path | None = None,
) -> Options:
    """Return the image → STL server's options: file, then ``HOLOMAT_<NAME>``, then ``argv``.

    Raises ``ValueError`` naming an option of the wrong type.
    """

    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(prog="python -m holomat_addon", description=__doc__)
    parser.add_argument("--options", type=Path, help="options JSON file (/data/options.json)")
    names = [field.name for field in fields(Options)]
    for name in names:
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None)
    args = parser.parse_args(argv)
    path = args.options or options_file or options_path(environ)
    cli = {name: getattr(args, name) for name in names}
    return typed_options(Options, read_options(path), environ=environ, overrides=cli)


def settings_from_options(
    options: Mapping[str, Any],
    *,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> VoiceSettings:
    """Return the voice server's settings from the options named ``voice_<field>``.

    Missing keys keep the defaults; ``environ`` and ``overrides`` win as in ``typed_options``.
    Raises ``ValueError`` with the option's name when a value has the wrong type.
    """

    return typed_options(
        VoiceSettings, options, prefix="voice_", environ=environ, overrides=overrides
    )


def ensure_token(options: Options) -> Options:
    """Return ``options`` with a token: the configured one, else one kept in ``data_dir``.

    A generated token is written to ``<data_dir>/token`` so it survives restarts; the
    Supervisor discovery hands it to Home Assistant.
    """

    if options.token:
        return options
    path = Path(options.data_dir) / "token"
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError:
        token = ""
    if not token:
        token = secrets.token_urlsafe(32)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(token, encoding="utf-8")
            path.chmod(0o600)
        except OSError as err:
            _LOGGER.warning("Could not keep the generated token in %s: %s", path, err)
        else:
            _LOGGER.info("Generated an API token, kept in %s", path)
    return replace(options, token=token)
