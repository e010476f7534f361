"""PCM helpers: WAV parsing, conversion to the STT format, chunking and a speech energy gate."""

from __future__ import annotations

import io
import math
import struct
import wave
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from wyoming.audio import AudioChunk, AudioChunkConverter

from .errors import UnsupportedAudioError

STT_RATE = 16000
STT_WIDTH = 2
STT_CHANNELS = 1
SAMPLES_PER_CHUNK = 1024
# Whole utterances are buffered before recognition; more than this is not a voice command.
MAX_STT_SECONDS = 60
# Largest audio-chunk payload read off the wire: HA and satellites send 1024-sample chunks
# (2 KiB); one second of 192 kHz 32-bit stereo still fits. Checked before the payload is read.
MAX_CHUNK_BYTES = 2 * 1024 * 1024
MAX_RATE = 192_000
# Below this RMS (16-bit full scale 32768, ~ -50 dBFS) in every 30 ms frame there is no speech.
SILENCE_RMS = 100.0


@dataclass(frozen=True)
class AudioFormat:
    """Raw PCM format: ``rate`` in Hz, ``width`` in bytes per sample, ``channels``."""

    rate: int
    width: int
    channels: int


def parse_wav(data: bytes) -> tuple[AudioFormat, bytes]:
    """Return the format and PCM frames of a RIFF/WAVE file.

    Tolerates the streaming placeholders ``espeak-ng --stdout`` writes (RIFF and data sizes of
    ``0x7FFFF000``): the data chunk runs to the end of the bytes. Raises ``UnsupportedAudioError``
    for anything that is not 16-bit-style integer PCM WAV.
    """
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise UnsupportedAudioError("not a RIFF/WAVE file")
    pos = 12
    fmt: AudioFormat | None = None
    while pos + 8 <= len(data):
        chunk_id = data[pos : pos + 4]
        (size,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        body = pos + 8
        if chunk_id == b"fmt ":
            tag, channels, rate = struct.unpack("<HHI", data[body : body + 8])
            (bits,) = struct.unpack("<H", data[body + 14 : body + 16])
            if tag != 1:
                raise UnsupportedAudioError(f"WAV encoding {tag} is not integer PCM")
            fmt = AudioFormat(rate, bits // 8, channels)
        elif chunk_id == b"data":
            if fmt is None:
                raise UnsupportedAudioError("WAV data before its format")
            frame = fmt.width * fmt.channels
            pcm = data[body : body + min(size, len(data) - body)]
            return fmt, pcm[: len(pcm) - len(pcm) % frame]
        pos = body + size + (size & 1)
    raise UnsupportedAudioError("WAV file without audio data")


def to_wav(pcm: bytes, fmt: AudioFormat) -> bytes:
    """Wrap raw PCM in a WAV header (for uploads to a transcription endpoint)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setframerate(fmt.rate)
        wav.setsampwidth(fmt.width)
        wav.setnchannels(fmt.channels)
        wav.writeframes(pcm)
    return buffer.getvalue()


class SttAudioBuffer:
    """Collect an utterance, converting any 8/16/24/32-bit mono/stereo PCM to 16 kHz 16-bit mono.

    Raises ``UnsupportedAudioError`` for other formats or utterances longer than
    ``MAX_STT_SECONDS``.
    """

    def __init__(self) -> None:
        """Start with an empty utterance."""
        self._converter = AudioChunkConverter(STT_RATE, STT_WIDTH, STT_CHANNELS)
        self._parts: list[bytes] = []
        self._seconds = 0.0

    def add(self, chunk: AudioChunk) -> None:
        """Check one chunk's format and the utterance's length, then convert and keep it.

        Nothing is converted before the checks pass: a chunk may grow 32-fold in conversion
        (8-bit stereo at 1 kHz to 16-bit mono at 16 kHz), so the length is counted in seconds
        of input, not in converted bytes.
        """
        self._seconds += chunk_seconds(chunk)
        if self._seconds > MAX_STT_SECONDS:
            raise UnsupportedAudioError(f"utterance longer than {MAX_STT_SECONDS} s")
        self._parts.append(self._converter.convert(chunk).audio)

    @property
    def pcm(self) -> bytes:
        """Return the utterance as 16 kHz 16-bit mono PCM."""
        return b"".join(self._parts)


def chunk_seconds(chunk: AudioChunk) -> float:
    """Return the seconds of audio in ``chunk`` once its format is checked.

    Accepts 8/16/24/32-bit mono or stereo PCM from 1 kHz to ``MAX_RATE``, in whole frames;
    raises ``UnsupportedAudioError`` for anything else.
    """
    if not (
        _is_int(chunk.rate, 1000, MAX_RATE)
        and _is_int(chunk.width, 1, 4)
        and _is_int(chunk.channels, 1, 2)
    ):
        raise UnsupportedAudioError(
            f"unsupported audio: rate {chunk.rate!r} Hz, width {chunk.width!r} bytes, "
            f"{chunk.channels!r} channels; send 16000 Hz 16-bit mono PCM"
        )
    if not isinstance(chunk.audio, bytes):
        raise UnsupportedAudioError("audio chunk without audio")
    frame = chunk.width * chunk.channels
    if len(chunk.audio) % frame:
        raise UnsupportedAudioError("audio chunk is not a whole number of frames")
    return len(chunk.audio) / frame / chunk.rate


def _is_int(value: object, low: int, high: int) -> bool:
    """Return whether ``value`` is an integer (not a bool) from ``low`` to ``high``."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def has_speech_energy(pcm: bytes, rate: int = STT_RATE) -> bool:
    """Return whether any 30 ms frame of 16-bit mono PCM is louder than ``SILENCE_RMS``."""
    samples = array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    frame = max(1, rate * 30 // 1000)
    for start in range(0, len(samples), frame):
        window = samples[start : start + frame]
        if math.sqrt(sum(s * s for s in window) / len(window)) > SILENCE_RMS:
            return True
    return False


def split_chunks(pcm: bytes, fmt: AudioFormat) -> Iterator[bytes]:
    """Cut PCM into chunks of ``SAMPLES_PER_CHUNK`` frames (the last may be shorter)."""
    size = SAMPLES_PER_CHUNK * fmt.width * fmt.channels
    for start in range(0, len(pcm), size):
        yield pcm[start : start + size]
