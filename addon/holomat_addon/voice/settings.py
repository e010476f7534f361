"""The voice server's settings, read from the add-on's options file and the command line."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_PORT = 10300
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


@dataclass(frozen=True)
class VoiceSettings:
    """What the voice server talks to and which names its offline grammar knows.

    ``openai_url`` is the base URL of an OpenAI-compatible API (``https://api.openai.com/v1``, or a
    local speaches/faster-whisper server); ``None`` leaves only the offline engines.
    ``command_names`` are the entity names (printers, lights, ...) the offline grammar recognises.
    ``cache_mb`` bounds the phrase cache in MiB of audio (0 disables it).
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

    @property
    def has_endpoint(self) -> bool:
        """Return whether an OpenAI-compatible endpoint is configured."""
        return bool(self.openai_url)


def settings_from_options(options: Mapping[str, Any]) -> VoiceSettings:
    """Build settings from the add-on's options (keys prefixed ``voice_``; missing keys default).

    Raises ``ValueError`` with the option's name when a value has the wrong type.
    """
    defaults = VoiceSettings()

    def text(key: str, default: str | None) -> str | None:
        value = options.get(f"voice_{key}", default)
        if value is None or value == "":
            return default
        if not isinstance(value, str):
            raise ValueError(f"option voice_{key} must be text, got {value!r}")
        return value

    names = options.get("voice_command_names", [])
    voices = options.get("voice_openai_voices", list(defaults.openai_voices))
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError("option voice_command_names must be a list of names")
    if not isinstance(voices, list) or not all(isinstance(v, str) for v in voices):
        raise ValueError("option voice_openai_voices must be a list of voice names")
    return VoiceSettings(
        openai_url=text("openai_url", None),
        openai_api_key=text("openai_api_key", None),
        stt_model=text("stt_model", defaults.stt_model) or defaults.stt_model,
        stt_streaming=bool(options.get("voice_stt_streaming", False)),
        tts_model=text("tts_model", defaults.tts_model) or defaults.tts_model,
        openai_voices=tuple(voices),
        default_voice=text("default_voice", defaults.default_voice) or defaults.default_voice,
        command_names=tuple(names),
        cache_mb=float(options.get("voice_cache_mb", defaults.cache_mb)),
    )


def load_options(path: Path) -> dict[str, Any]:
    """Read the add-on's options JSON (``/data/options.json``); a missing file gives ``{}``."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path} must hold a JSON object")
    return data
