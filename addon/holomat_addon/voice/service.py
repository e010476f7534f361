"""The voice server's engines behind one interface: what it offers, transcribing, speaking."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

import aiohttp
from wyoming.info import (
    AsrModel,
    AsrProgram,
    Attribution,
    Info,
    TtsProgram,
    TtsVoice,
    WakeModel,
    WakeProgram,
)

from .. import __version__
from ..options import VoiceSettings
from .audio import STT_CHANNELS, STT_RATE, STT_WIDTH, AudioFormat, has_speech_energy, to_wav
from .cache import PhraseCache
from .errors import UnsupportedRequestError
from .espeak import ESPEAK_FORMAT, ESPEAK_VOICES, espeak_synthesize
from .openai_api import SPEECH_FORMAT, OpenAIAudioClient, TranscriptPiece
from .sphinx import CommandRecognizer
from .text import is_noise_transcript
from .wake import WAKE_PROGRAM, WakeWord, choose

_LOGGER = logging.getLogger(__name__)
STT_PROGRAM = "holomat-stt"
TTS_PROGRAM = "holomat-tts"
OFFLINE_STT_MODEL = "pocketsphinx-commands"
LANGUAGES = ["en", "fr"]
_HOLOMAT = Attribution(name="HoloMat", url="https://github.com/holomat/holomat-ha")
_ESPEAK = Attribution(name="eSpeak NG", url="https://github.com/espeak-ng/espeak-ng")
_SPHINX = Attribution(name="CMU Sphinx", url="https://github.com/cmusphinx/pocketsphinx")
_MICRO_WAKE_WORD = Attribution(
    name="microWakeWord", url="https://github.com/kahrendt/microWakeWord"
)
OFFLINE_STT_DESCRIPTION = (
    "Offline commands (English only): recognises HoloMat's printer, light and status commands "
    "and their usual paraphrases with the configured names (X1C said x one c), gives the "
    "canonical sentence, and no text when unsure; cannot transcribe free speech or other languages"
)


@dataclass(frozen=True)
class Voice:
    """A voice the server offers: Wyoming name, languages, output format, and engine voice id."""

    name: str
    languages: list[str]
    fmt: AudioFormat
    engine_voice: str
    offline: bool


@dataclass(frozen=True)
class TranscriptResult:
    """A streamed piece (``final`` False) or the final transcript; ``no_speech`` says why empty."""

    text: str
    final: bool
    no_speech: str | None = None


class VoiceService:
    """Transcribe and synthesize with the configured endpoint and the offline engines."""

    def __init__(
        self,
        settings: VoiceSettings,
        recognizer: CommandRecognizer,
        session: aiohttp.ClientSession | None = None,
        wake_words: Sequence[WakeWord] = (),
    ) -> None:
        """Use ``recognizer`` offline and ``session`` (needed when an endpoint is configured).

        ``wake_words`` are the loaded wake word models (``wake.bundled_wake_words``); none: no
        ``wake`` program.
        """
        self.settings = settings
        self.recognizer = recognizer
        self._wake_words = tuple(wake_words)
        self.cache = PhraseCache(int(settings.cache_mb * 1024 * 1024))
        self._client: OpenAIAudioClient | None = None
        if settings.openai_url and session is not None:
            self._client = OpenAIAudioClient(
                session, settings.openai_url, settings.openai_api_key, settings.timeout
            )
        self.voices = {
            "espeak-en": Voice(
                "espeak-en", ["en"], ESPEAK_FORMAT, ESPEAK_VOICES["espeak-en"], True
            ),
            "espeak-fr": Voice(
                "espeak-fr", ["fr"], ESPEAK_FORMAT, ESPEAK_VOICES["espeak-fr"], True
            ),
        }
        if self._client is not None:
            for name in settings.openai_voices:
                self.voices[name] = Voice(name, list(LANGUAGES), SPEECH_FORMAT, name, False)

    def info(self) -> Info:
        """Return the Wyoming ``info``: STT, streaming TTS, the wake words; no ``handle``."""
        models = [
            AsrModel(
                name=OFFLINE_STT_MODEL,
                attribution=_SPHINX,
                installed=True,
                description=OFFLINE_STT_DESCRIPTION,
                version="5.1.1",
                languages=["en"],
            )
        ]
        if self._client is not None:
            models.insert(
                0,
                AsrModel(
                    name=self.settings.stt_model,
                    attribution=_HOLOMAT,
                    installed=True,
                    description=f"{self.settings.stt_model} at {self.settings.openai_url}",
                    version=None,
                    languages=list(LANGUAGES),
                ),
            )
        voices = [
            TtsVoice(
                name=voice.name,
                attribution=_ESPEAK if voice.offline else _HOLOMAT,
                installed=True,
                description=(
                    f"eSpeak NG offline ({voice.languages[0]})"
                    if voice.offline
                    else f"{voice.name} ({self.settings.tts_model})"
                ),
                version=None,
                languages=voice.languages,
            )
            for voice in self.voices.values()
        ]
        return Info(
            asr=[
                AsrProgram(
                    name=STT_PROGRAM,
                    attribution=_HOLOMAT,
                    installed=True,
                    description="HoloMat speech-to-text",
                    version=__version__,
                    models=models,
                    supports_transcript_streaming=self.settings.stt_streaming,
                )
            ],
            tts=[
                TtsProgram(
                    name=TTS_PROGRAM,
                    attribution=_HOLOMAT,
                    installed=True,
                    description="HoloMat text-to-speech",
                    version=__version__,
                    voices=voices,
                    supports_synthesize_streaming=True,
                )
            ],
            wake=self._wake_info(),
        )

    def _wake_info(self) -> list[WakeProgram]:
        """Return the ``wake`` program with each loaded wake word (none if none loaded)."""
        if not self._wake_words:
            return []
        models = [
            WakeModel(
                name=word.name,
                attribution=_MICRO_WAKE_WORD,
                installed=True,
                description=f"{word.phrase} (offline, probability cutoff {word.cutoff:g})",
                version=word.version or None,
                languages=list(word.languages),
                phrase=word.phrase,
            )
            for word in self._wake_words
        ]
        return [
            WakeProgram(
                name=WAKE_PROGRAM,
                attribution=_HOLOMAT,
                installed=True,
                description="HoloMat wake word",
                version=__version__,
                models=models,
            )
        ]

    def wake_words(self, names: object) -> list[WakeWord]:
        """Return the wake words a ``detect`` names (all for none); see ``wake.choose``."""
        return choose(self._wake_words, names)

    async def transcribe(
        self, pcm: bytes, language: str | None, model: str | None
    ) -> AsyncIterator[TranscriptResult]:
        """Transcribe 16 kHz 16-bit mono PCM; yield streamed pieces, then the final result.

        Uses the endpoint when configured (unless ``model`` names the offline one), else the
        offline grammar (English only). Raises ``UnsupportedRequestError`` and endpoint errors.
        """
        if not has_speech_energy(pcm):
            yield TranscriptResult("", final=True, no_speech="silence")
            return
        offline = self._client is None or model == OFFLINE_STT_MODEL
        if offline:
            if language and language.split("-")[0] != "en":
                raise UnsupportedRequestError(
                    f"the offline command recognizer understands English only, not {language!r}; "
                    "configure voice_openai_url for other languages"
                )
            text = await asyncio.get_running_loop().run_in_executor(
                None, self.recognizer.recognize, pcm
            )
            yield TranscriptResult(text, final=True, no_speech=None if text else "no command")
            return
        assert self._client is not None
        wav = to_wav(pcm, AudioFormat(STT_RATE, STT_WIDTH, STT_CHANNELS))
        piece: TranscriptPiece
        async for piece in self._client.transcribe(
            wav,
            model=self.settings.stt_model,
            language=language,
            stream=self.settings.stt_streaming,
        ):
            if not piece.final:
                yield TranscriptResult(piece.text, final=False)
            elif is_noise_transcript(piece.text):
                _LOGGER.debug("Noise-only transcript %r", piece.text)
                yield TranscriptResult("", final=True, no_speech=f"noise: {piece.text.strip()!r}")
            else:
                yield TranscriptResult(piece.text.strip(), final=True)

    def voice(self, name: str | None) -> Voice:
        """Return the named voice, else the default one; raise ``UnsupportedRequestError``."""
        name = name or self.settings.default_voice
        if name in self.voices:
            return self.voices[name]
        # wyoming 1.7 clients turn a requested language into a voice name.
        for voice in sorted(
            self.voices.values(), key=lambda v: v.name != self.settings.default_voice
        ):
            if name.split("-")[0] in voice.languages:
                return voice
        raise UnsupportedRequestError(
            f"unknown voice {name!r}; this server has {', '.join(self.voices)}"
        )

    async def synthesize(self, text: str, voice: Voice) -> AsyncIterator[bytes]:
        """Yield ``text`` spoken by ``voice`` as raw PCM in ``voice.fmt`` (cached phrases first)."""
        cached = self.cache.get(voice.name, text)
        if cached is not None:
            yield cached
            return
        if voice.offline:
            pcm = await espeak_synthesize(text, voice.engine_voice)
            self.cache.put(voice.name, text, pcm)
            yield pcm
            return
        assert self._client is not None
        parts = []
        async for data in self._client.speech(
            text, model=self.settings.tts_model, voice=voice.engine_voice
        ):
            parts.append(data)
            yield data
        self.cache.put(voice.name, text, b"".join(parts))
