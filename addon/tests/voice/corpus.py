"""Spoken test corpus for offline STT: espeak-ng speech in seeded room noise, made on demand.

Each clip is what a voice satellite sends after its wake word: 0-1 s of noise-only lead-in, an
optional "jarvis" / "hey jarvis" followed by a pause, the sentence, a short tail; noise at a fixed
SNR (10 dB) over the whole clip. Noise is pink-ish (white noise through a one-pole low-pass, like
a fan or room hum), seeded, so a clip is the same on every run. Speech comes from Debian's
``espeak-ng`` with several voices and speeds (words per minute).

Categories and what a recognizer should return:

- ``grammar``: a command sentence -> exactly its canonical text;
- ``paraphrase``: the same action said otherwise -> the canonical text of that action;
- ``out_of_grammar``: other speech -> no control command;
- ``reply``: what JARVIS says back (its own voice fed back) -> no control command.
"""

from __future__ import annotations

import random
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter
from wyoming.audio import AudioChunk, AudioChunkConverter

from holomat_addon.voice.audio import STT_RATE, parse_wav

VOICES = ("en-us", "en-gb", "en+m3", "en+f2")
SPEEDS = (140, 160, 175, 200)
LEAD_INS = (0.0, 0.3, 0.6, 1.0)
SNR_DB = 10.0
NAMES = ("X1C", "P1S", "A1 mini", "kitchen", "garage")
# Entity names as a user would say them (letters and digits one by one).
SPOKEN = {"X1C": "x one c", "P1S": "p one s", "A1 mini": "a one mini"}

# (spoken sentence, canonical text); {n} is an entity name, said as in SPOKEN.
GRAMMAR = (
    ("pause the {n}", "pause the {n}"),
    ("resume the {n}", "resume the {n}"),
    ("stop the {n}", "stop the {n}"),
    ("pause the printer", "pause the printer"),
    ("resume the printer", "resume the printer"),
    ("stop the printer", "stop the printer"),
    ("what is the status of the {n}", "what is the status of the {n}"),
    ("how long is left on the {n}", "how long is left on the {n}"),
    ("turn on the kitchen lights", "turn on the kitchen lights"),
    ("turn off the garage lights", "turn off the garage lights"),
)
PARAPHRASES = (
    ("continue the print", "resume the printer"),
    ("unpause the {n}", "resume the {n}"),
    ("continue printing", "resume the printer"),
    ("abort the print", "stop the printer"),
    ("cancel the print", "stop the printer"),
    ("halt the {n}", "stop the {n}"),
    ("cancel the {n} print", "stop the {n}"),
    ("switch on the kitchen lights", "turn on the kitchen lights"),
    ("switch off the garage lights", "turn off the garage lights"),
    ("please pause the printer", "pause the printer"),
    ("could you resume the {n}", "resume the {n}"),
    ("stop printing", "stop the printer"),
)
OUT_OF_GRAMMAR = (
    "what is the weather like today",
    "set a timer for ten minutes",
    "play some music in the living room",
    "tell me a joke",
    "how tall is the eiffel tower",
    "remind me to buy milk tomorrow",
    "what time is it in tokyo",
    "open the garage door",
    "i think the printer looks fine",
    "the kids are playing outside",
    "lock the front door",
    "call mom on her phone",
    "add eggs to the shopping list",
    "what did you say",
    "never mind",
    "how do i level the bed",
)
REPLIES = (
    "The {n} is printing, 45 percent done, about 20 minutes left.",
    "The {n} is paused.",
    "OK, I stopped the print on the {n}.",
    "The kitchen lights are on.",
    "Resuming the print now.",
    "The print finished 10 minutes ago.",
    "Sorry, I could not reach the {n}.",
    "The nozzle is at 220 degrees and the bed at 60.",
    "Do you want me to stop the print on the {n}?",
    "It will take about two hours.",
    "The {n} has no print running.",
    "I turned off the garage lights.",
)
CATEGORIES = {
    "grammar": GRAMMAR,
    "paraphrase": PARAPHRASES,
    "out_of_grammar": tuple((s, "") for s in OUT_OF_GRAMMAR),
    "reply": tuple((s, "") for s in REPLIES),
}


@dataclass(frozen=True)
class Clip:
    """One utterance: 16 kHz 16-bit mono ``pcm``, what was said, what should come back."""

    category: str
    said: str
    expected: str
    voice: str
    speed: int
    lead_in: float
    wake: str
    pcm: bytes


def speak(text: str, voice: str = "en-us", speed: int = 175, pitch: int = 50) -> np.ndarray:
    """Return ``text`` said by espeak-ng at ``speed`` words a minute and ``pitch`` (0-99).

    The samples are floats at 16 kHz.
    """
    wav = subprocess.run(
        ["espeak-ng", "--stdout", "-v", voice, "-s", str(speed), "-p", str(pitch), text],
        capture_output=True,
        check=True,
    ).stdout
    fmt, pcm = parse_wav(wav)
    audio = AudioChunkConverter(STT_RATE, 2, 1).convert(AudioChunk(fmt.rate, 2, 1, pcm)).audio
    return np.frombuffer(audio, dtype="<i2").astype(np.float64)


def room_noise(samples: int, rng: np.random.Generator) -> np.ndarray:
    """Return unit-RMS pink-ish noise: white noise through a one-pole low-pass (pole 0.9)."""
    out = lfilter([1.0], [1.0, -0.9], rng.standard_normal(samples + 1000))[1000:]
    return np.asarray(out / np.sqrt(np.mean(out**2)), dtype=np.float64)


def make_clip(
    sentence: str,
    *,
    voice: str,
    speed: int,
    lead_in: float,
    wake: str,
    pause: float,
    seed: int,
    snr: float = SNR_DB,
) -> bytes:
    """Return one clip as 16 kHz 16-bit mono PCM (see the module docstring), noise at ``snr`` dB."""
    rng = np.random.default_rng(seed)
    parts = [np.zeros(int(lead_in * STT_RATE))]
    if wake:
        parts += [speak(wake, voice, speed), np.zeros(int(pause * STT_RATE))]
    speech = speak(sentence, voice, speed)
    parts += [speech, np.zeros(int(0.3 * STT_RATE))]
    return in_noise(np.concatenate(parts), speech, snr, rng)


def in_noise(clean: np.ndarray, speech: np.ndarray, snr: float, rng: np.random.Generator) -> bytes:
    """Return ``clean`` in room noise at ``snr`` dB below ``speech`` as 16-bit PCM.

    The speech level is the RMS of its voiced samples (louder than 5 % of its peak), so pauses
    do not lower it.
    """
    voiced = speech[np.abs(speech) > 0.05 * np.abs(speech).max()]
    speech_rms = float(np.sqrt(np.mean(voiced**2)))
    noisy = clean + room_noise(len(clean), rng) * speech_rms / 10 ** (snr / 20)
    return bytes(np.clip(noisy, -32768, 32767).astype("<i2").tobytes())


def corpus(repeats: Mapping[str, int], seed: int = 8, snr: float = SNR_DB) -> list[Clip]:
    """Return every sentence of each category ``repeats[category]`` times, seeded at random.

    Voice, speed, entity name, wake word and pause are drawn with ``seed``; grammar sentences are
    made at every lead-in of ``LEAD_INS`` (``repeats`` times each), the others at a random one.
    """
    rng = random.Random(seed)
    clips = []
    for category, count in repeats.items():
        for said, expected in CATEGORIES[category]:
            lead_ins = LEAD_INS * count if category == "grammar" else (None,) * count
            for lead_in in lead_ins:
                name = rng.choice(NAMES)
                spoken = said.replace("{n}", SPOKEN.get(name, name))
                wake = rng.choice(("", "jarvis", "hey jarvis"))
                voice, speed = rng.choice(VOICES), rng.choice(SPEEDS)
                lead = rng.choice(LEAD_INS) if lead_in is None else lead_in
                pcm = make_clip(
                    spoken,
                    voice=voice,
                    speed=speed,
                    lead_in=lead,
                    wake=wake,
                    pause=rng.uniform(0.2, 0.8),
                    seed=rng.randrange(2**32),
                    snr=snr,
                )
                clips.append(
                    Clip(
                        category,
                        spoken,
                        expected.replace("{n}", name),
                        voice,
                        speed,
                        lead,
                        wake,
                        pcm,
                    )
                )
    return clips
