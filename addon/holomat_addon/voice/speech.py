"""Speak to a Wyoming client: one audio group for a text, or a stream of sentences.

A plain ``synthesize`` is answered with one ``audio-start``/``audio-chunk``.../``audio-stop``
group. A streamed synthesis (``synthesize-start``, ``synthesize-chunk``..., ``synthesize-stop``,
as Home Assistant's core ``wyoming`` integration sends it) is answered with one group per
sentence, all in one format: the first sentence is spoken as it is synthesized, the next ones are
synthesized ahead (``PARALLEL_SENTENCES`` at once) while earlier ones play, so slow endpoints
leave fewer pauses.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.event import Event

from .audio import AudioFormat, split_chunks
from .errors import VoiceError
from .events import check_text
from .service import Voice, VoiceService
from .text import SentenceSplitter

# Sentences synthesized ahead while earlier ones play (fewer pauses with slow endpoints).
PARALLEL_SENTENCES = 3
Write = Callable[[Event], Awaitable[None]]


async def send_audio_group(write: Write, audio: AsyncIterator[bytes], fmt: AudioFormat) -> None:
    """Send ``audio-start``, the PCM in ``fmt`` as chunks of whole frames, ``audio-stop``."""
    await write(AudioStart(fmt.rate, fmt.width, fmt.channels).event())
    frame = fmt.width * fmt.channels
    rest = b""
    async for received in audio:
        data = rest + received
        whole = len(data) - len(data) % frame
        rest = data[whole:]
        for piece in split_chunks(data[:whole], fmt):
            await write(AudioChunk(fmt.rate, fmt.width, fmt.channels, piece).event())
            # A fast reader never pauses the transport: yield so minutes of audio sent to
            # one client do not hold up the others.
            await asyncio.sleep(0)
    await write(AudioStop().event())


class SentenceStream:
    """One streamed synthesis in ``voice``: sentences spoken in order by a background task.

    ``write`` sends an event to the client; ``on_failure`` is awaited once if speaking fails,
    with the ``VoiceError`` to report, or ``None`` when the client went away (``OSError``). The
    whole stream's text is capped at ``MAX_TTS_CHARS`` (``feed`` raises ``TextTooLongError``).
    """

    def __init__(
        self,
        service: VoiceService,
        voice: Voice,
        write: Write,
        on_failure: Callable[[VoiceError | None], Awaitable[None]],
    ) -> None:
        """Start the speaker task; it waits for the first sentence."""
        self._service = service
        self._voice = voice
        self._write = write
        self._on_failure = on_failure
        self._splitter = SentenceSplitter()
        self._sentences: asyncio.Queue[tuple[str, asyncio.Task[bytes] | None] | None] = (
            asyncio.Queue()
        )
        self._prefetches: set[asyncio.Task[bytes]] = set()
        self._prefetch_limit = asyncio.Semaphore(PARALLEL_SENTENCES)
        self._first_sentence = True
        self._chars = 0
        self._speaker = asyncio.create_task(self._speak_sentences())

    def feed(self, text: object) -> None:
        """Queue the sentences a text chunk completes; raise if it is malformed or too long."""
        text = check_text(text, self._chars)
        self._chars += len(text)
        for sentence in self._splitter.feed(text):
            self._queue_sentence(sentence)

    async def finish(self) -> None:
        """Queue what is left of the text and wait until every sentence was spoken."""
        for sentence in self._splitter.flush():
            self._queue_sentence(sentence)
        self._sentences.put_nowait(None)
        await self._speaker

    async def cancel(self) -> None:
        """Stop speaking and synthesizing ahead, and wait until it stopped (client gone)."""
        tasks = [*self._prefetches, self._speaker]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _queue_sentence(self, sentence: str) -> None:
        """Queue a sentence; all but the first are synthesized ahead, in parallel."""
        prefetch = None
        if not self._first_sentence:
            prefetch = asyncio.create_task(self._prefetch(sentence))
            self._prefetches.add(prefetch)
            prefetch.add_done_callback(self._forget)
        self._first_sentence = False
        self._sentences.put_nowait((sentence, prefetch))

    async def _prefetch(self, sentence: str) -> bytes:
        """Return the whole audio of a sentence (at most ``PARALLEL_SENTENCES`` at once)."""
        async with self._prefetch_limit:
            synthesized = self._service.synthesize(sentence, self._voice)
            return b"".join([data async for data in synthesized])

    def _forget(self, task: asyncio.Task[bytes]) -> None:
        """Drop a finished prefetch, retrieving its error (the speaker reports it)."""
        self._prefetches.discard(task)
        if not task.cancelled():
            task.exception()

    async def _speak_sentences(self) -> None:
        """Speak queued sentences, one audio group each, until the end of the stream."""
        try:
            while (item := await self._sentences.get()) is not None:
                sentence, prefetch = item
                audio = (
                    self._service.synthesize(sentence, self._voice)
                    if prefetch is None
                    else _result_of(prefetch)
                )
                await send_audio_group(self._write, audio, self._voice.fmt)
        except VoiceError as err:
            await self._on_failure(err)
        except OSError:
            await self._on_failure(None)


async def _result_of(task: asyncio.Task[bytes]) -> AsyncIterator[bytes]:
    """Yield the result of a prefetch task (raising its error)."""
    yield await task
