"""Offline STT in a room: lead-in, noise, names said letter by letter, paraphrases, rejection.

Clips are espeak-ng speech mixed with seeded room noise (``corpus.make_clip``); the recognizer
is the real one with the corpus's entity names. The full corpus is ``bench/stt_accuracy.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

from holomat_addon.voice.commands import canonical, command_grammar
from holomat_addon.voice.denoise import denoise
from holomat_addon.voice.sphinx import CommandRecognizer
from holomat_addon.voice.spoken_names import spoken_words
from holomat_addon.voice.trim import speech_segments, trim_speech

from . import corpus
from .corpus import make_clip


@pytest.fixture(scope="module")
def room() -> CommandRecognizer:
    """Load the recognizer with the corpus's names (X1C, P1S, A1 mini, kitchen, garage)."""
    return CommandRecognizer(corpus.NAMES)


def clip(text: str, *, snr: float, lead_in: float, wake: str = "", voice: str = "en-us") -> bytes:
    """Return ``text`` said after ``lead_in`` s of room noise at ``snr`` dB (seed 1)."""
    return make_clip(
        text, voice=voice, speed=160, lead_in=lead_in, wake=wake, pause=0.6, seed=1, snr=snr
    )


@pytest.mark.parametrize(
    ("said", "lead_in", "wake", "expected"),
    [
        ("stop the printer", 1.0, "hey jarvis", "stop the printer"),
        ("resume the printer", 0.3, "", "resume the printer"),
        ("pause the printer", 0.6, "jarvis", "pause the printer"),
        ("turn on the kitchen lights", 1.0, "", "turn on the kitchen lights"),
        ("what is the status of the p one s", 0.3, "", "what is the status of the P1S"),
        ("unpause the a one mini", 0.3, "", "resume the A1 mini"),
        ("continue the print", 0.3, "", "resume the printer"),
        ("abort the print", 0.3, "", "stop the printer"),
        ("switch off the garage lights", 0.3, "", "turn off the garage lights"),
    ],
)
def test_commands_after_lead_in(
    room: CommandRecognizer, said: str, lead_in: float, wake: str, expected: str
) -> None:
    """Room noise before the command and a pause after the wake word do not change it.

    Paraphrases give the canonical sentence; model names come back as configured.
    """
    assert room.recognize(clip(said, snr=30, lead_in=lead_in, wake=wake)) == expected


@pytest.mark.parametrize(
    "said",
    [
        "The x one c is printing, 45 percent done, about 20 minutes left.",
        "OK, I stopped the print on the x one c.",
        "Resuming the print now.",
        "The garage is paused.",
        "remind me to buy milk tomorrow",
        "lock the front door",
    ],
)
def test_other_speech_is_no_command(room: CommandRecognizer, said: str) -> None:
    """JARVIS's own replies and other requests in 10 dB noise are not turned into commands."""
    assert room.recognize(clip(said, snr=10, lead_in=0.3)) == ""


def test_noise_alone_is_no_command(room: CommandRecognizer) -> None:
    """A second of room noise (no speech) gives no command."""
    noise = corpus.room_noise(16000, np.random.default_rng(3)) * 300
    assert room.recognize(noise.astype("<i2").tobytes()) == ""


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("X1C", ["x.", "one", "c."]),
        ("A1 mini", ["a.", "one", "mini"]),
        ("Bambu P1S", ["bambu", "p.", "one", "s."]),
        ("Living_Room", ["living", "room"]),
        ("LED strip", ["l.", "e.", "d.", "strip"]),
    ],
)
def test_names_said_letter_by_letter(name: str, words: list[str]) -> None:
    """Letters and digits of model names are said one by one; other words stay words."""
    assert spoken_words(name) == words


def test_model_names_recognised_with_digits(room: CommandRecognizer) -> None:
    """The grammar knows "x one c" and gives the configured name back."""
    assert room.names["x. one c."] == "X1C"
    assert "x. one c." in command_grammar(room.names)


@pytest.mark.parametrize(
    ("hyp", "expected"),
    [
        ("hey jarvis halt the print", ""),
        ("jarvis hushpause could you continue printing", "resume the printer"),
        ("cancel the x. one c. print", "stop the X1C"),
        ("switch the kitchen lights on", "turn on the kitchen lights"),
        ("turn off the lights", "turn off the lights"),
        ("what's the status of the a. one mini", "what is the status of the A1 mini"),
        ("is the printer done", "is the printer done"),
        ("stop the x. one", ""),
        ("what is the status of the", ""),
        ("turn the kitchen", ""),
    ],
)
def test_canonical_sentences(hyp: str, expected: str) -> None:
    """Each way of saying a command maps to one sentence; partial hypotheses map to nothing."""
    names = {("x.", "one", "c."): "X1C", ("a.", "one", "mini"): "A1 mini"}
    names |= {("kitchen",): "kitchen", ("lights",): "lights", ("printer",): "printer"}
    assert canonical(hyp, names) == expected


def test_trim_keeps_only_speech() -> None:
    """A second of noise before and after a burst of speech is cut away."""
    rng = np.random.default_rng(0)
    speech = np.sin(np.arange(8000) * 0.2) * 8000
    samples = np.concatenate([np.zeros(16000), speech, np.zeros(16000)])
    samples += rng.standard_normal(len(samples)) * 50
    pcm = samples.astype("<i2").tobytes()
    ((start, end),) = speech_segments(np.frombuffer(pcm, dtype="<i2"))
    assert abs(start - 16000) < 400
    assert abs(end - 24000) < 400
    assert 0.5 <= len(trim_speech(pcm)) / 32000 < 0.75
    assert trim_speech(bytes(32000)) == b""


def rms(samples: np.ndarray) -> float:
    """Return the root mean square of ``samples``."""
    return float(np.sqrt(np.mean(samples**2)))


def test_denoise_lowers_steady_noise() -> None:
    """Spectral subtraction halves a steady noise, keeps a tone in it and keeps the length."""
    noise = corpus.room_noise(48000, np.random.default_rng(1)) * 1000
    tone = np.zeros(48000)
    tone[16000:32000] = np.sin(np.arange(16000) * 0.3) * 3000
    cleaned = denoise(noise + tone)
    assert len(cleaned) == len(noise)
    assert rms(cleaned[:14000]) < 0.6 * rms(noise[:14000])
    assert rms(cleaned[18000:30000]) > 0.8 * rms((noise + tone)[18000:30000])
    assert len(denoise(noise[:100])) == 100
