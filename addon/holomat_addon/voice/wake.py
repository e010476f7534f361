"""Offline wake word: the "hey jarvis" microWakeWord model bundled in ``pymicro-wakeword``.

Facts from the ``pymicro-wakeword`` 2.5.0 wheel: it ships ``models/hey_jarvis.tflite`` with its
``hey_jarvis.json`` (wake word "Hey Jarvis", ``trained_languages`` ``["en"]``, ``micro``
``probability_cutoff`` 0.97 and ``sliding_window_size`` 5) and ``lib/libtensorflowlite_c.so``,
built for x86_64 with glibc >= 2.35 only (no aarch64 build on PyPI). ``MicroWakeWordFeatures``
turns 16 kHz 16-bit mono PCM into one feature window per 10 ms; ``process_streaming_prob`` gives
the model's probability averaged over the sliding window (0.0 until the window is full), and the
wake word is detected when that mean is above the cutoff. The model keeps state between calls, so
every audio stream gets its own instance (about 2.5 ms to load).

Where the package or its library cannot load (an aarch64 image), ``bundled_wake_words`` returns
nothing and the server offers no wake word; speech-to-text and text-to-speech are unaffected.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .audio import STT_RATE
from .errors import MalformedEventError, UnsupportedRequestError

if TYPE_CHECKING:
    from pymicro_wakeword import MicroWakeWord

_LOGGER = logging.getLogger(__name__)
WAKE_PROGRAM = "holomat-wake"
HEY_JARVIS = "hey_jarvis"
# Seconds of audio after a detection during which the same wake word is not reported again
# (one "hey jarvis" keeps the mean above the cutoff for several windows).
REFRACTORY_S = 2.0
WINDOW_SAMPLES = STT_RATE // 100  # one feature window per 10 ms


@dataclass(frozen=True)
class WakeWord:
    """A bundled wake word: its model ``name``, spoken ``phrase``, languages and cutoff.

    ``cutoff`` is the probability (0-1) the windowed mean must exceed; ``model_cutoff`` is the
    one the model's author recommends (its JSON), kept to say when a setting overrides it.
    """

    name: str
    phrase: str
    languages: tuple[str, ...]
    cutoff: float
    model_cutoff: float
    version: str


def _model_config(name: str) -> dict[str, Any] | None:
    """Return the JSON of the bundled model ``name``; ``None`` without pymicro-wakeword."""
    try:
        import pymicro_wakeword  # noqa: PLC0415 -- optional: no aarch64 build
    except ImportError as err:
        _LOGGER.warning("No wake word: pymicro-wakeword is not installed (%s)", err)
        return None
    models = Path(pymicro_wakeword.__file__).parent / "models"
    config: dict[str, Any] = json.loads((models / f"{name}.json").read_text(encoding="utf-8"))
    return config


def bundled_wake_words(cutoff: float | None = None) -> list[WakeWord]:
    """Return the bundled "hey jarvis" model if it loads here, else an empty list.

    ``cutoff`` replaces the model's own probability cutoff (0.97) when given. Loading is tried
    once (the TensorFlow Lite library is x86_64-only): a failure is logged, not raised.
    Raises ``ValueError`` for a ``cutoff`` outside 0-1 (exclusive).
    """
    if cutoff is not None and not 0.0 < cutoff < 1.0:
        raise ValueError(f"option voice_wake_cutoff must be between 0 and 1, got {cutoff}")
    config = _model_config(HEY_JARVIS)
    if config is None:
        return []
    try:
        _load(HEY_JARVIS)
    except OSError as err:
        _LOGGER.warning("No wake word: the bundled TensorFlow Lite library cannot load: %s", err)
        return []
    model_cutoff = float(config["micro"]["probability_cutoff"])
    return [
        WakeWord(
            name=HEY_JARVIS,
            phrase=str(config["wake_word"]),
            languages=tuple(config.get("trained_languages", ["en"])),
            cutoff=model_cutoff if cutoff is None else cutoff,
            model_cutoff=model_cutoff,
            version=str(config.get("version", "")),
        )
    ]


def _load(name: str) -> MicroWakeWord:
    """Return a fresh ``MicroWakeWord`` of the bundled model ``name`` (its own state)."""
    from pymicro_wakeword import MicroWakeWord, Model  # noqa: PLC0415 -- optional package

    return MicroWakeWord.from_builtin(Model(name))


@dataclass
class Trigger:
    """Turn a probability trace into detections: above ``cutoff``, then quiet for a while.

    ``refractory`` is in samples of 16 kHz audio; ``update`` takes the sample offset of each
    probability and returns whether it is a new detection.
    """

    cutoff: float
    refractory: int = int(REFRACTORY_S * STT_RATE)
    _last: int | None = field(default=None, init=False)

    def update(self, offset: int, probability: float) -> bool:
        """Return whether ``probability`` at ``offset`` is a detection (not a repeat of one)."""
        if probability <= self.cutoff:
            return False
        if self._last is not None and offset - self._last < self.refractory:
            return False
        self._last = offset
        return True


class WakeStream:
    """One audio stream listened to for ``words``: feed 16 kHz 16-bit mono PCM, get detections."""

    def __init__(self, words: Sequence[WakeWord]) -> None:
        """Load one model instance per wake word (each stream has its own state)."""
        from pymicro_wakeword import MicroWakeWordFeatures  # noqa: PLC0415 -- optional package

        self.words = tuple(words)
        self._features = MicroWakeWordFeatures()
        self._models = [_load(word.name) for word in self.words]
        self._triggers = [Trigger(word.cutoff) for word in self.words]
        self._windows = 0
        self.detections = 0

    def scores(self, pcm: bytes) -> Iterator[tuple[int, list[float]]]:
        """Yield, per 10 ms feature window, its end (in samples) and each word's probability.

        The probability is 0.0 until the model's sliding window is full and between the
        windows where the model steps (every third).
        """
        for features in self._features.process_streaming(pcm):
            self._windows += 1
            offset = self._windows * WINDOW_SAMPLES
            yield offset, [model.process_streaming_prob(features) or 0.0 for model in self._models]

    def feed(self, pcm: bytes) -> list[str]:
        """Return the names of the wake words detected in ``pcm`` (which follows the last)."""
        found = []
        for offset, probabilities in self.scores(pcm):
            for word, trigger, probability in zip(
                self.words, self._triggers, probabilities, strict=True
            ):
                if trigger.update(offset, probability):
                    found.append(word.name)
        self.detections += len(found)
        return found


def choose(words: Sequence[WakeWord], names: object) -> list[WakeWord]:
    """Return the wake words a ``detect`` asks for (``None`` or empty: all of them).

    Raises ``MalformedEventError`` when ``names`` is not a list of text, and
    ``UnsupportedRequestError`` naming what this server has when a name is unknown or no wake
    word could be loaded here.
    """
    if names is not None and (
        not isinstance(names, list) or not all(isinstance(name, str) for name in names)
    ):
        raise MalformedEventError(f"detect: names must be a list of text, got {names!r}")
    if not words:
        raise UnsupportedRequestError(
            "no wake word on this server: pymicro-wakeword needs x86_64 Linux with glibc 2.35+"
        )
    if not names:
        return list(words)
    known = {word.name: word for word in words}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UnsupportedRequestError(
            f"unknown wake word {unknown[0]!r}; this server has {', '.join(known)}"
        )
    return [known[str(name)] for name in dict.fromkeys(names)]
