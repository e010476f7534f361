"""Offline command recognition: ``pocketsphinx``'s bundled English model and a JSGF grammar.

The grammar holds HoloMat's spoken commands (printer pause/resume/stop/status, lights on/off, and
their usual paraphrases) with the configured entity names, names like "X1C" spelled "x one c".
Before decoding, steady noise is subtracted and the audio is cut to its speech (lead-in, tail,
pause after the wake word).

A grammar decoder forces any speech onto some command, so a hypothesis is only accepted when it
is stable and plausible (utterance verification):

- the same command comes out of the audio decoded eight ways (``VARIANTS``: noise subtracted
  more or less, sped up and slowed down by 4 to 12 %, i.e. speed perturbation), at least
  ``MIN_AGREEING`` times. A command really said survives these; other speech forced onto the
  grammar lands on different commands;
- no word of the hypothesis is stretched over far more frames than its phones take: other
  speech forced onto a short command leaves some grammar word covering whole foreign words.

A doubtful hypothesis gives ``""``. Rejecting is safe (the user says it again); acting on what
was not said is not. English only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from pocketsphinx import Decoder  # type: ignore[import-untyped]

from .audio import STT_RATE
from .commands import EXTRA_WORDS, PAUSE_WORD, canonical, command_grammar
from .denoise import denoise
from .pronounce import guess_pronunciations
from .spoken_names import spoken_words
from .trim import trim_speech

_LOGGER = logging.getLogger(__name__)
DEFAULT_NAMES = ("printer", "lights", "lab", "workshop")
# (spectral floor of the noise subtraction, tempo factor) of each decoding; the first is the
# reading proposed, at least MIN_AGREEING of them must give it (chosen on the bench's corpus:
# 8 of 8 rejects too many commands, 6 of 8 lets replies through).
VARIANTS = (
    (0.02, 1.0),
    (0.1, 1.0),
    (0.02, 0.92),
    (0.02, 1.08),
    (0.05, 0.96),
    (0.05, 1.04),
    (0.1, 0.88),
    (0.1, 1.12),
)
MIN_AGREEING = 7
# Most 10 ms frames one phone of a word may take on average, and the whole speech per phone
# of the hypothesis (measured on bench/stt_accuracy.py's corpus: commands stay under 20 and 12).
MAX_FRAMES_PER_PHONE = 22.0
MAX_SPEECH_FRAMES_PER_PHONE = 12.5
_FRAME = STT_RATE // 100
_NON_WORDS = frozenset({"<s>", "</s>", "<sil>", PAUSE_WORD})


@dataclass(frozen=True)
class Decoded:
    """One decoding: grammar hypothesis, its canonical command, and its duration check."""

    hypothesis: str
    command: str
    plausible: bool


class CommandRecognizer:
    """Recognise HoloMat commands in 16 kHz 16-bit mono PCM; thread-safe, blocking."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        """Load the model and build the grammar over ``names``.

        Words missing from the pronunciation dictionary are said as espeak-ng says them; names
        with a word neither can say (not English letters) are left out, with a warning.
        """
        self._lock = threading.Lock()
        # Filler words between grammar words make the search stop early on short commands.
        self._decoder = Decoder(samprate=STT_RATE, lm=None, fsgusefiller=False, logfn="/dev/null")
        for word, phones in EXTRA_WORDS.items():
            self._decoder.add_word(word, phones, True)
        self.names = self._known_names([*DEFAULT_NAMES, *names])
        self._spoken = {tuple(words.split()): name for words, name in self.names.items()}
        self._decoder.add_jsgf_string("holomat", command_grammar(self.names))
        self._decoder.activate_search("holomat")

    def _known_names(self, names: Iterable[str]) -> dict[str, str]:
        """Return spoken form -> name for the names whose every word can be said.

        Words the dictionary lacks get espeak-ng's pronunciation first (``pronounce``).
        """
        known: dict[str, str] = {}
        said = [(name, spoken_words(name)) for name in names]
        self._learn({word for _, words in said for word in words})
        for name, words in said:
            if not words:
                continue
            missing = [w for w in words if self._decoder.lookup_word(w) is None]
            if missing:
                _LOGGER.warning("offline STT leaves out %r: unknown words %s", name, missing)
                continue
            known.setdefault(" ".join(words), " ".join(name.replace("_", " ").split()))
        return known

    def _learn(self, words: set[str]) -> None:
        """Add espeak-ng's pronunciation of the ``words`` the dictionary lacks."""
        missing = sorted(word for word in words if self._decoder.lookup_word(word) is None)
        guessed = guess_pronunciations(missing)
        for word, phones in guessed.items():
            self._decoder.add_word(word, phones, False)
        if guessed:
            _LOGGER.debug("pronunciations guessed by espeak-ng: %s", guessed)

    def _phones(self, word: str) -> int:
        """Return how many phones the dictionary gives ``word`` (``word(2)``: its 2nd spelling)."""
        phones = self._decoder.lookup_word(word) or self._decoder.lookup_word(
            word.split("(", maxsplit=1)[0]
        )
        return len(phones.split()) if phones else 1

    def _decode(self, speech: bytes, tempo: float = 1.0) -> Decoded:
        """Decode trimmed speech with the grammar (the lock held).

        ``tempo`` is the speed perturbation ``speech`` went through: durations are judged at
        the pace the user spoke (a slowed-down copy is not a slow speaker).
        """
        if not speech:
            return Decoded("", "", plausible=False)
        self._decoder.start_utt()
        self._decoder.process_raw(speech, full_utt=True)
        self._decoder.end_utt()
        hyp = self._decoder.hyp()
        if hyp is None:
            return Decoded("", "", plausible=False)
        words = [seg for seg in self._decoder.seg() if seg.word not in _NON_WORDS]
        stretch = tempo * max(
            ((seg.end_frame - seg.start_frame + 1) / self._phones(seg.word) for seg in words),
            default=0.0,
        )
        phones = sum(self._phones(seg.word) for seg in words) or 1
        plausible = (
            stretch <= MAX_FRAMES_PER_PHONE
            and tempo * len(speech) / 2 / _FRAME / phones <= MAX_SPEECH_FRAMES_PER_PHONE
        )
        return Decoded(hyp.hypstr.strip(), canonical(hyp.hypstr, self._spoken), plausible)

    def decode(self, pcm: bytes) -> list[Decoded]:
        """Return the grammar's readings of ``pcm`` under ``VARIANTS``; ``[]`` if silent.

        Stops early once fewer than ``MIN_AGREEING`` readings can agree with the first.
        """
        samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2")
        results: list[Decoded] = []
        misses = 0
        for floor, tempo in VARIANTS:
            cleaned = denoise(samples, floor)
            if tempo != 1.0:
                # Speed perturbation: read the samples at ``tempo`` times their pace.
                positions = np.arange(int(len(cleaned) / tempo)) * tempo
                cleaned = np.interp(positions, np.arange(len(cleaned)), cleaned)
            speech = trim_speech(np.clip(cleaned, -32768, 32767).astype("<i2").tobytes())
            if not speech:
                return []
            with self._lock:
                result = self._decode(speech, tempo)
            results.append(result)
            if result.command == results[0].command and not result.plausible:
                break  # an implausible reading of the command rejects it
            if result.command != results[0].command:
                misses += 1
                if misses > len(VARIANTS) - MIN_AGREEING:
                    break  # agreement is out of reach: spare the other decodings
        return results

    def recognize(self, pcm: bytes) -> str:
        """Return the canonical command heard, or ``""`` when none was heard for sure."""
        results = self.decode(pcm)
        command = results[0].command if results else ""
        same = [result for result in results if result.command == command]
        if not command or len(same) < MIN_AGREEING or not all(r.plausible for r in same):
            _LOGGER.debug("no command for sure: %s", [result.hypothesis for result in results])
            return ""
        return command
