"""Take steady room noise (fans, hum, hiss) out of an utterance by spectral subtraction.

The noise spectrum is estimated from the utterance's own quietest frames (a wake-word satellite
always sends some noise before and after the command), then subtracted from every frame's power
spectrum with a floor (Boll 1979; Berouti et al. 1979 over-subtraction). Steady noise only:
babble and music stay.
"""

from __future__ import annotations

import numpy as np

WINDOW = 512  # 32 ms at 16 kHz
HOP = WINDOW // 2
# Share of the quietest frames taken as noise-only.
NOISE_SHARE = 0.2
# Over-subtraction factor and spectral floor (share of the noisy power kept).
OVER_SUBTRACT = 2.0
FLOOR = 0.02


def denoise(samples: np.ndarray, floor: float = FLOOR) -> np.ndarray:
    """Return float ``samples`` (any rate, mono) with their steady background noise subtracted.

    ``floor`` is the share of each bin's noisy power always kept (less musical noise when larger).

    Same length as the input; inputs shorter than one window come back unchanged.
    """
    samples = np.asarray(samples, dtype=np.float64)
    if len(samples) < WINDOW:
        return samples
    window = np.sqrt(np.hanning(WINDOW + 1)[:WINDOW])  # sqrt-Hann: perfect overlap-add at 50 %
    count = 1 + (len(samples) - WINDOW + HOP - 1) // HOP
    padded = np.zeros((count - 1) * HOP + WINDOW)
    padded[: len(samples)] = samples
    starts = np.arange(count) * HOP
    frames = np.stack([padded[s : s + WINDOW] for s in starts]) * window
    spectrum = np.fft.rfft(frames, axis=1)
    power = np.abs(spectrum) ** 2
    energy = power.sum(axis=1)
    quiet = energy <= np.quantile(energy, NOISE_SHARE)
    noise = power[quiet].mean(axis=0)
    gain = np.sqrt(np.maximum(1.0 - OVER_SUBTRACT * noise / np.maximum(power, 1e-9), floor))
    cleaned = np.fft.irfft(spectrum * gain, n=WINDOW, axis=1) * window
    out = np.zeros_like(padded)
    for start, frame in zip(starts, cleaned, strict=True):
        out[start : start + WINDOW] += frame
    return out[: len(samples)]
