"""Wake word benchmark (not a test): prints figures. Run from addon/ in its env.

    cd addon && .venv/bin/python -m bench.wake_word [--snr 10] [--hours 1] [--seed 12]

Runs the server's own detector (``holomat_addon.voice.wake``: the bundled "hey jarvis"
microWakeWord model, a new stream per clip) on speech made here, in seeded room noise
(``tests/voice/corpus.py``) at ``--snr`` dB:

- **detections**: "hey jarvis" said by every English espeak-ng voice (7 accents x the default
  and the 12 numbered variants m1-m7, f1-f5) at 3 speeds (140, 175, 210 words a minute) and 3
  pitches (35, 50, 65), with 0.5-1 s of noise around it. The same phrase by flite's 5 voices
  (diphones cut from recordings of real speakers; Debian's ``flite``, skipped when missing) at
  3 durations and 4 pitches, as a reference for voices closer to the natural speech the model
  was trained on;
- **false wakes per hour**: ``--hours`` of continuous speech that is not the wake word (commands,
  questions, JARVIS's replies, and one utterance in five a near miss: "hey travis", "jarvis"
  alone, "hey charles", ...), random voices, speeds and pitches from the same grid, 0.3-3 s
  apart, noise throughout, one stream (as a satellite listens), a detection re-armed after 2 s;
- **CPU**: process time of the detector per second of audio (one thread), on that stream.

Both rates are given at several probability cutoffs: the model's own (0.97) and others a user
can choose (option ``voice_wake_cutoff``). The figures are for synthetic voices only.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from wyoming.audio import AudioChunk, AudioChunkConverter

from holomat_addon.voice.audio import STT_RATE, parse_wav
from holomat_addon.voice.wake import Trigger, WakeStream, WakeWord, bundled_wake_words
from tests.voice.corpus import (
    GRAMMAR,
    NAMES,
    OUT_OF_GRAMMAR,
    PARAPHRASES,
    REPLIES,
    SPOKEN,
    in_noise,
    speak,
)

ACCENTS = (
    "en-us",
    "en-gb",
    "en-gb-scotland",
    "en-gb-x-rp",
    "en-gb-x-gbclan",
    "en-029",
    "en-us-nyc",
)
VARIANTS = ("", *(f"+m{i}" for i in range(1, 8)), *(f"+f{i}" for i in range(1, 6)))
SPEEDS = (140, 175, 210)
PITCHES = (35, 50, 65)
FLITE_VOICES = ("kal", "kal16", "awb", "rms", "slt")
FLITE_STRETCH = (0.8, 1.0, 1.25)
FLITE_PITCHES = (None, 80, 120, 180)  # mean f0 in Hz (None: the voice's own)
CUTOFFS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99)
NEAR_MISSES = (
    "hey travis",
    "jarvis",
    "hey charles",
    "hey marvin",
    "hey jarvie",
    "hey service",
    "harvest",
    "hey there",
    "jarvis, are you there",
    "hey jar of beans",
)
CHUNK = 1024 * 2  # HA's chunks: 1024 samples


def floats(pcm: bytes, rate: int) -> np.ndarray:
    """Return 16-bit mono PCM at ``rate`` as float samples at 16 kHz."""
    audio = AudioChunkConverter(STT_RATE, 2, 1).convert(AudioChunk(rate, 2, 1, pcm)).audio
    return np.frombuffer(audio, dtype="<i2").astype(np.float64)


def flite(text: str, voice: str, stretch: float, f0: int | None) -> np.ndarray:
    """Return ``text`` said by flite's ``voice``, ``stretch`` times slower, at mean ``f0`` Hz.

    The samples are floats at 16 kHz.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "said.wav"
        command = ["flite", "-voice", voice, "--setf", f"duration_stretch={stretch}"]
        if f0 is not None:
            command += ["--setf", f"int_f0_target_mean={f0}"]
        subprocess.run([*command, "-t", text, "-o", str(path)], check=True)
        fmt, pcm = parse_wav(path.read_bytes())
    return floats(pcm, fmt.rate)


def clip(speech: np.ndarray, rng: np.random.Generator, snr: float) -> bytes:
    """Return ``speech`` with 0.5-1 s of silence each side, in noise at ``snr`` dB."""
    pad = [np.zeros(int(rng.uniform(0.5, 1.0) * STT_RATE)) for _ in range(2)]
    return in_noise(np.concatenate([pad[0], speech, pad[1]]), speech, snr, rng)


def peak(words: list[WakeWord], pcm: bytes) -> float:
    """Return the highest probability the detector gives a fresh stream of ``pcm``."""
    stream = WakeStream(words)
    best = 0.0
    for start in range(0, len(pcm), CHUNK):
        for _, probabilities in stream.scores(pcm[start : start + CHUNK]):
            best = max(best, probabilities[0])
    return best


def detection_rates(peaks: list[float]) -> str:
    """Return the share of clips whose peak is over each cutoff, as one line."""
    return "  ".join(f"{100 * np.mean(np.array(peaks) > c):5.1f}" for c in CUTOFFS)


Voice = tuple[str, str, int, int]  # accent, variant, speed, pitch


def espeak_peaks(words: list[WakeWord], snr: float, rng: np.random.Generator) -> dict[Voice, float]:
    """Return the peak probability of each espeak-ng "hey jarvis" clip, keyed by its voice."""
    return {
        (accent, variant, speed, pitch): peak(
            words, clip(speak("hey jarvis", accent + variant, speed, pitch), rng, snr)
        )
        for accent in ACCENTS
        for variant in VARIANTS
        for speed in SPEEDS
        for pitch in PITCHES
    }


def utterances(rng: random.Random) -> Iterator[tuple[str, str, int, int]]:
    """Yield speech that is not the wake word: (text, voice, speed, pitch), one in 5 a near miss."""
    sentences = [s for s, _ in GRAMMAR + PARAPHRASES] + list(OUT_OF_GRAMMAR) + list(REPLIES)
    while True:
        if rng.random() < 0.2:
            text = rng.choice(NEAR_MISSES)
        else:
            name = rng.choice(NAMES)
            text = rng.choice(sentences).replace("{n}", SPOKEN.get(name, name))
        voice = rng.choice(ACCENTS) + rng.choice(VARIANTS)
        yield text, voice, rng.choice(SPEEDS), rng.choice(PITCHES)


@dataclass
class FalseWakes:
    """What streaming other speech woke: per cutoff and kind of speech, and what it cost."""

    wakes: dict[float, Counter[str]] = field(
        default_factory=lambda: {cutoff: Counter() for cutoff in CUTOFFS}
    )
    heard: Counter[str] = field(default_factory=Counter)
    utterances: Counter[str] = field(default_factory=Counter)
    audio_s: float = 0.0
    cpu_s: float = 0.0

    def per_hour(self, kinds: tuple[str, ...] = ("near miss", "other")) -> str:
        """Return the wakes per hour of audio at each cutoff, counting ``kinds``, as one line."""
        hours = self.audio_s / 3600
        return "  ".join(
            f"{sum(self.wakes[c][kind] for kind in kinds) / hours:5.1f}" for c in CUTOFFS
        )


def false_wakes(words: list[WakeWord], seconds: float, snr: float, seed: int) -> FalseWakes:
    """Stream ``seconds`` of other speech through one detector; return what woke it.

    ``heard`` holds, for the model's own cutoff, the utterances heard as the wake word.
    """
    rng, noise_rng = random.Random(seed), np.random.default_rng(seed)
    stream = WakeStream(words)
    triggers = {cutoff: Trigger(cutoff) for cutoff in CUTOFFS}
    result = FalseWakes()
    for text, voice, speed, pitch in utterances(rng):
        if result.audio_s >= seconds:
            break
        kind = "near miss" if text in NEAR_MISSES else "other"
        result.utterances[kind] += 1
        speech = speak(text, voice, speed, pitch)
        gap = np.zeros(int(rng.uniform(0.3, 3.0) * STT_RATE))
        pcm = in_noise(np.concatenate([speech, gap]), speech, snr, noise_rng)
        result.audio_s += len(pcm) / 2 / STT_RATE
        for start in range(0, len(pcm), CHUNK):
            began = time.process_time()
            scores = list(stream.scores(pcm[start : start + CHUNK]))
            result.cpu_s += time.process_time() - began
            for offset, probabilities in scores:
                for cutoff, trigger in triggers.items():
                    if trigger.update(offset, probabilities[0]):
                        result.wakes[cutoff][kind] += 1
                        if cutoff == words[0].model_cutoff:
                            result.heard[f"{text!r} ({voice} s{speed} p{pitch})"] += 1
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--snr", type=float, default=10.0, help="noise level, dB SNR")
    parser.add_argument("--hours", type=float, default=1.0, help="other speech to stream")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    words = bundled_wake_words()
    if not words:
        raise SystemExit("pymicro-wakeword is not installed here")
    rng = np.random.default_rng(args.seed)
    print(f"model {words[0].name}, own cutoff {words[0].model_cutoff}, noise {args.snr:g} dB SNR")
    print(f"{'':34s}" + "  ".join(f"{c:>5}" for c in CUTOFFS) + "   (cutoff)")
    peaks = espeak_peaks(words, args.snr, rng)
    print(
        f"{'espeak-ng hey jarvis, % detected':34s}{detection_rates(list(peaks.values()))}"
        f"   ({len(peaks)} clips)"
    )
    for accent in ACCENTS:
        own = [p for voice, p in peaks.items() if voice[0] == accent]
        print(f"{'  ' + accent:34s}{detection_rates(own)}")
    for variant in VARIANTS:
        own = [p for voice, p in peaks.items() if voice[1] == variant]
        print(f"{'  variant ' + (variant or 'default'):34s}{detection_rates(own)}")
    for name, values in (("speed", SPEEDS), ("pitch", PITCHES)):
        for value in values:
            index = 2 if name == "speed" else 3
            own = [p for voice, p in peaks.items() if voice[index] == value]
            print(f"{f'  {name} {value}':34s}{detection_rates(own)}")
    if shutil.which("flite"):
        flite_peaks = {
            voice: [
                peak(words, clip(flite("hey jarvis", voice, stretch, f0), rng, args.snr))
                for stretch in FLITE_STRETCH
                for f0 in FLITE_PITCHES
            ]
            for voice in FLITE_VOICES
        }
        every = [p for peaks_of_voice in flite_peaks.values() for p in peaks_of_voice]
        print(
            f"{'flite hey jarvis, % detected':34s}{detection_rates(every)}   ({len(every)} clips)"
        )
        for voice, own in flite_peaks.items():
            print(f"{'  ' + voice:34s}{detection_rates(own)}")
    else:
        print("flite hey jarvis: skipped (apt-get install flite)")
    found = false_wakes(words, args.hours * 3600, args.snr, args.seed)
    counts = found.utterances
    print(
        f"{'false wakes per hour':34s}{found.per_hour()}   ({found.audio_s / 60:.0f} min: "
        f"{counts['other']} utterances, {counts['near miss']} near misses)"
    )
    print(f"{'  on ordinary speech':34s}{found.per_hour(('other',))}")
    print(f"{'  on near misses':34s}{found.per_hour(('near miss',))}")
    for text, count in found.heard.most_common(10):
        print(f"  woke at {words[0].model_cutoff} on {text} x{count}")
    cpu = found.cpu_s / found.audio_s
    print(f"CPU per second of audio: {1000 * cpu:.2f} ms (real-time factor {cpu:.4f})")


if __name__ == "__main__":
    main()
