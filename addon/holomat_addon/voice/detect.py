"""One Wyoming ``detect`` request: audio in, ``detection`` or ``not-detected`` out.

The flow, as Home Assistant's core ``wyoming`` integration (``wake_word.py``) and satellites use
it: ``detect`` (``names``: the wake words wanted, none = any), ``audio-start``, ``audio-chunk``...
(HA sends 16 kHz 16-bit mono; others are converted), ``audio-stop``. Each wake word heard is
answered at once with ``detection`` (``name``, and the ``timestamp`` of the chunk it ended in);
HA stops at the first and closes the connection, a satellite keeps streaming and may get more
(one per ``REFRACTORY_S`` at most). ``audio-stop`` with nothing heard gets ``not-detected``.
A stream is unbounded (a satellite listens for hours), so nothing is buffered.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from wyoming.audio import AudioChunk, AudioChunkConverter
from wyoming.event import Event
from wyoming.wake import Detection, NotDetected

from .audio import STT_CHANNELS, STT_RATE, STT_WIDTH, chunk_seconds
from .wake import WakeStream, WakeWord


class WakeListener:
    """Listen for ``words`` in the audio of one ``detect`` request."""

    def __init__(self, words: Sequence[WakeWord]) -> None:
        """Wait for the audio (``start``, or the first chunk)."""
        self._words = tuple(words)
        self._converter = AudioChunkConverter(STT_RATE, STT_WIDTH, STT_CHANNELS)
        self._stream: WakeStream | None = None

    def start(self) -> None:
        """Begin a new audio stream (``audio-start``): fresh model state."""
        self._stream = WakeStream(self._words)

    async def feed(self, chunk: AudioChunk) -> list[Event]:
        """Return the ``detection`` events for ``chunk``.

        The chunk's format is checked first (``UnsupportedAudioError``); the model runs in the
        default executor (about 0.3 ms of CPU per 64 ms chunk, more for a large one).
        """
        chunk_seconds(chunk)
        if self._stream is None:
            self.start()
        assert self._stream is not None
        pcm = self._converter.convert(chunk).audio
        found = await asyncio.get_running_loop().run_in_executor(None, self._stream.feed, pcm)
        return [Detection(name=name, timestamp=chunk.timestamp).event() for name in found]

    def stop(self) -> list[Event]:
        """End the stream (``audio-stop``): ``not-detected`` if no wake word was heard."""
        heard = self._stream is not None and self._stream.detections > 0
        # Dropped, not closed: a model still running in the executor keeps it alive until done
        # (its interpreter is freed when the last reference goes).
        self._stream = None
        return [] if heard else [NotDetected().event()]
