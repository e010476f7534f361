"""Cut an utterance down to its speech: no lead-in, no tail, no long pause after the wake word.

A grammar decoder has to spend every frame on some word of its grammar, so half a second of
room noise before the command (normal after a wake word: the satellite streams from the
detection on) is read as words. This finds the speech by frame energy against the utterance's
own noise floor and keeps only that, with pauses cut to ``KEEP_PAUSE``.
"""

from __future__ import annotations

import numpy as np

from .audio import STT_RATE

FRAME = STT_RATE // 100  # 10 ms frames
# A frame is speech when it rises this share of the way from the noise floor to the loudest
# frames, clamped to MIN_RISE_DB..MAX_RISE_DB above the floor (quiet consonants stay in).
RISE_SHARE = 0.3
MIN_RISE_DB = 6.0
MAX_RISE_DB = 15.0
# Speech bursts shorter than this (s) are clicks or bumps, not words.
MIN_BURST = 0.08
# Audio kept around each speech burst (s), and the length a longer pause between bursts is cut
# to (s): PAD of audio, digital silence, PAD of audio.
PAD = 0.1
KEEP_PAUSE = 0.2


def frame_energy_db(samples: np.ndarray) -> np.ndarray:
    """Return the energy (dB, 16-bit full scale) of each whole 10 ms frame of ``samples``."""
    count = len(samples) // FRAME
    frames = samples[: count * FRAME].astype(np.float64).reshape(count, FRAME)
    power = np.mean(frames**2, axis=1)
    return np.asarray(10 * np.log10(power + 1.0), dtype=np.float64)


def speech_segments(samples: np.ndarray) -> list[tuple[int, int]]:
    """Return the speech bursts of 16 kHz mono ``samples`` as (start, end) sample indices.

    The noise floor is the 10th percentile of frame energies, the speech level the 95th; a frame
    is speech above ``max(floor + MIN_RISE_DB, floor + RISE_SHARE * (speech - floor))``. Bursts
    under ``MIN_BURST`` are dropped. Empty when nothing rises above the floor.
    """
    energy = frame_energy_db(samples)
    if len(energy) == 0:
        return []
    floor, loud = np.percentile(energy, [10, 95])
    threshold = floor + np.clip(RISE_SHARE * (loud - floor), MIN_RISE_DB, MAX_RISE_DB)
    voiced = np.concatenate([[False], energy > threshold, [False]])
    edges = np.flatnonzero(np.diff(voiced.astype(np.int8)))
    min_frames = MIN_BURST * STT_RATE / FRAME
    return [
        (int(start) * FRAME, int(end) * FRAME)
        for start, end in zip(edges[::2], edges[1::2], strict=True)
        if end - start >= min_frames
    ]


def trim_speech(pcm: bytes) -> bytes:
    """Return 16 kHz 16-bit mono ``pcm`` with only its speech, pauses cut to ``KEEP_PAUSE``.

    Each burst keeps ``PAD`` seconds of its surroundings; bursts closer than ``2 * PAD`` are
    merged; between the others, digital silence makes the pause ``KEEP_PAUSE`` long. Returns
    ``b""`` when there is no speech burst.
    """
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2")
    pad = int(PAD * STT_RATE)
    merged: list[list[int]] = []
    for start, end in speech_segments(samples):
        lo, hi = max(0, start - pad), min(len(samples), end + pad)
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = hi
        else:
            merged.append([lo, hi])
    if not merged:
        return b""
    gap = np.zeros(max(0, int(KEEP_PAUSE * STT_RATE) - 2 * pad), dtype="<i2")
    pieces: list[np.ndarray] = []
    for lo, hi in merged:
        if pieces:
            pieces.append(gap)
        pieces.append(samples[lo:hi])
    return bytes(np.concatenate(pieces).astype("<i2").tobytes())
