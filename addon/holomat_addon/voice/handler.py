"""One Wyoming connection: describe, transcribe and synthesize (plain or streamed).

Flows follow the Wyoming protocol as Home Assistant's core ``wyoming`` integration uses it: one
request per connection; a plain ``synthesize`` is answered with one ``audio-start``/``audio-stop``
group; a streamed one (``synthesize-start``, ``synthesize-chunk``..., the compatibility
``synthesize`` which is ignored, ``synthesize-stop``) with one group per sentence, all in one
format, then ``synthesize-stopped``. Failures become an ``error`` event, then the connection
closes (HA waits for a reply until then); other connections are unaffected.

Hostile or broken clients change nothing for the others: events are read by ``wire.read_event``,
which refuses oversized blocks before reading them; malformed events (bad JSON, wrong types,
lengths over the limits) get an ``error`` (code ``malformed-event``) and the connection closes;
texts over ``MAX_TTS_CHARS`` get ``text-too-long``. Events are read while earlier ones are served,
so a client that leaves (end of stream) stops its work at once, ``espeak-ng`` included.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import TypeVar

from wyoming.asr import Transcribe, Transcript, TranscriptChunk, TranscriptStart, TranscriptStop
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event
from wyoming.info import Describe
from wyoming.server import AsyncEventHandler
from wyoming.tts import (
    Synthesize,
    SynthesizeChunk,
    SynthesizeStart,
    SynthesizeStop,
    SynthesizeStopped,
    SynthesizeVoice,
)

from .audio import MAX_CHUNK_BYTES, SttAudioBuffer, split_chunks
from .errors import MalformedEventError, TextTooLongError, UnsupportedAudioError, VoiceError
from .service import Voice, VoiceService
from .text import MAX_TTS_CHARS, SentenceSplitter
from .wire import WireLimits, read_event

_LOGGER = logging.getLogger(__name__)
_T = TypeVar("_T")
# Sentences synthesized ahead while earlier ones play (fewer pauses with slow endpoints).
PARALLEL_SENTENCES = 3
# Events read ahead of the one being served; then reading waits (TCP pushes back on the client).
PENDING_EVENTS = 16
# A data block holds at most a text of MAX_TTS_CHARS (4 bytes each in UTF-8) and a little more.
WIRE_LIMITS = WireLimits(max_data=4 * MAX_TTS_CHARS + 64 * 1024, max_payload=MAX_CHUNK_BYTES)


class VoiceEventHandler(AsyncEventHandler):
    """Serve one client connection with the shared ``VoiceService``."""

    def __init__(
        self, service: VoiceService, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        """Start with no request in progress."""
        super().__init__(reader, writer)
        self._service = service
        self._transcribe: Transcribe | None = None
        self._audio: SttAudioBuffer | None = None
        self._splitter: SentenceSplitter | None = None
        self._stream_voice: Voice | None = None
        self._sentences: asyncio.Queue[tuple[str, asyncio.Task[bytes] | None] | None] = (
            asyncio.Queue()
        )
        self._speaker: asyncio.Task[None] | None = None
        self._prefetches: set[asyncio.Task[bytes]] = set()
        self._prefetch_limit = asyncio.Semaphore(PARALLEL_SENTENCES)
        self._first_sentence = True
        self._streamed_chars = 0

    async def run(self) -> None:
        """Serve events in order while reading the next ones; stop at once if the client leaves.

        The end of the stream means the client left: the request in progress is cancelled (its
        ``espeak-ng`` killed). A malformed event cancels it too and is answered with ``error``.
        """
        self._is_running = True
        queue: asyncio.Queue[Event] = asyncio.Queue(PENDING_EVENTS)
        reading = asyncio.create_task(self._read_events(queue))
        serving = asyncio.create_task(self._serve_events(queue))
        try:
            await asyncio.wait({reading, serving}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (reading, serving):
                task.cancel()
            await asyncio.gather(reading, serving, return_exceptions=True)
            try:
                await self._report_end(reading, serving)
            finally:
                await self.disconnect()
                self.writer.close()

    async def _report_end(self, reading: asyncio.Task[None], serving: asyncio.Task[None]) -> None:
        """Answer a malformed event with ``error``; log what no one expected (and say so)."""
        read_error = None if reading.cancelled() else reading.exception()
        serve_error = None if serving.cancelled() else serving.exception()
        if isinstance(read_error, MalformedEventError):
            await self._report(read_error)
        elif serve_error is not None:
            _LOGGER.error("Unexpected failure serving a client", exc_info=serve_error)
            await self._report(VoiceError(f"internal error: {serve_error!r}"))

    async def _read_events(self, queue: asyncio.Queue[Event]) -> None:
        """Queue events until the client leaves; raise ``MalformedEventError`` on garbage."""
        while self._is_running and (event := await read_event(self.reader, WIRE_LIMITS)):
            await queue.put(event)

    async def _serve_events(self, queue: asyncio.Queue[Event]) -> None:
        """Handle queued events in order until one ends the connection."""
        while await self.handle_event(await queue.get()):
            pass

    async def _report(self, err: VoiceError) -> None:
        """Log a failure and send it to the client as a Wyoming ``error`` (if it still listens)."""
        _LOGGER.warning("%s: %s", type(err).__name__, err)
        try:
            await self.write_event(Error(text=str(err), code=err.code).event())
        except OSError:
            _LOGGER.debug("Client gone before the error could be sent")

    async def handle_event(self, event: Event) -> bool:
        """Handle one event; return ``False`` to close the connection after a failure."""
        try:
            return await self._dispatch(event)
        except VoiceError as err:
            await self._report(err)
            return False
        except OSError:
            # The client went away mid-reply; nothing to tell it.
            return False

    async def _dispatch(self, event: Event) -> bool:
        """Route an event to its flow; unknown events are ignored (newer clients)."""
        if Describe.is_type(event.type):
            await self.write_event(self._service.info().event())
        elif Transcribe.is_type(event.type):
            self._transcribe = _parse(Transcribe.from_event, event)
            _optional_text(event, self._transcribe.language, self._transcribe.name)
            self._audio = SttAudioBuffer()
        elif AudioStart.is_type(event.type):
            self._audio = SttAudioBuffer()
        elif AudioChunk.is_type(event.type):
            if self._audio is None:
                self._audio = SttAudioBuffer()
            self._audio.add(_parse(AudioChunk.from_event, event))
        elif AudioStop.is_type(event.type):
            await self._finish_transcription()
        elif SynthesizeStart.is_type(event.type):
            await self._start_stream(_parse(SynthesizeStart.from_event, event).voice)
        elif SynthesizeChunk.is_type(event.type):
            await self._stream_text(_parse(SynthesizeChunk.from_event, event).text)
        elif Synthesize.is_type(event.type):
            # While streaming, this is the full text for old servers: ignored, not even parsed.
            if self._speaker is None:
                await self._synthesize(_parse(Synthesize.from_event, event))
        elif SynthesizeStop.is_type(event.type):
            await self._stop_stream()
        else:
            _LOGGER.debug("Ignoring event %s", event.type)
        return True

    async def _finish_transcription(self) -> None:
        """Transcribe the buffered utterance and send the transcript (streamed when supported)."""
        if self._audio is None or not self._audio.pcm:
            raise UnsupportedAudioError("audio-stop without any audio")
        request = self._transcribe or Transcribe()
        pcm, self._audio = self._audio.pcm, None
        started = False
        async for result in self._service.transcribe(pcm, request.language, request.name):
            if not result.final:
                if not started:
                    await self.write_event(TranscriptStart(language=request.language).event())
                    started = True
                await self.write_event(TranscriptChunk(result.text).event())
                continue
            context = {"no_speech": result.no_speech} if result.no_speech else None
            if result.no_speech:
                _LOGGER.info("No speech recognised (%s)", result.no_speech)
            await self.write_event(
                Transcript(result.text, context=context, language=request.language).event()
            )
            if started:
                await self.write_event(TranscriptStop().event())

    async def _synthesize(self, request: Synthesize) -> None:
        """Answer a plain ``synthesize`` with exactly one audio group."""
        _check_text(request.text, 0)
        voice = self._service.voice(_voice_name(request.voice))
        await self.write_event(
            AudioStart(voice.fmt.rate, voice.fmt.width, voice.fmt.channels).event()
        )
        await self._send_audio(self._service.synthesize(request.text.strip(), voice), voice)
        await self.write_event(AudioStop().event())

    async def _send_audio(self, audio: AsyncIterator[bytes], voice: Voice) -> None:
        """Send PCM in ``voice.fmt`` as audio chunks of whole frames."""
        fmt = voice.fmt
        frame = fmt.width * fmt.channels
        rest = b""
        async for received in audio:
            data = rest + received
            whole = len(data) - len(data) % frame
            rest = data[whole:]
            for piece in split_chunks(data[:whole], fmt):
                await self.write_event(AudioChunk(fmt.rate, fmt.width, fmt.channels, piece).event())
                # A fast reader never pauses the transport: yield so minutes of audio sent to
                # one client do not hold up the others.
                await asyncio.sleep(0)

    async def _start_stream(self, voice: SynthesizeVoice | None) -> None:
        """Begin a streamed synthesis: sentences are spoken in order by a background task."""
        if self._speaker is not None:
            raise MalformedEventError("synthesize-start while a stream is in progress")
        self._stream_voice = self._service.voice(_voice_name(voice))
        self._splitter = SentenceSplitter()
        self._sentences = asyncio.Queue()
        self._speaker = asyncio.create_task(self._speak_sentences(self._stream_voice))
        self._first_sentence = True
        self._streamed_chars = 0

    async def _stream_text(self, text: str) -> None:
        """Queue the sentences a text chunk completes; the whole stream is capped in length."""
        _check_text(text, self._streamed_chars)
        self._streamed_chars += len(text)
        if self._splitter is None:
            # Clients that skip synthesize-start get the default voice.
            await self._start_stream(None)
        assert self._splitter is not None
        for sentence in self._splitter.feed(text):
            self._queue_sentence(sentence)

    def _queue_sentence(self, sentence: str) -> None:
        """Queue a sentence; all but the first are synthesized ahead, in parallel."""
        assert self._stream_voice is not None
        prefetch = None
        if not self._first_sentence:
            prefetch = asyncio.create_task(self._prefetch(sentence, self._stream_voice))
            self._prefetches.add(prefetch)
            prefetch.add_done_callback(_forget(self._prefetches))
        self._first_sentence = False
        self._sentences.put_nowait((sentence, prefetch))

    async def _prefetch(self, sentence: str, voice: Voice) -> bytes:
        """Return the whole audio of a sentence (at most ``PARALLEL_SENTENCES`` at once)."""
        async with self._prefetch_limit:
            return b"".join([data async for data in self._service.synthesize(sentence, voice)])

    async def _stop_stream(self) -> None:
        """Speak what is left, wait for the speaker, then send ``synthesize-stopped``."""
        if self._splitter is not None and self._speaker is not None:
            for sentence in self._splitter.flush():
                self._queue_sentence(sentence)
            self._sentences.put_nowait(None)
            speaker, self._speaker, self._splitter = self._speaker, None, None
            await speaker
        await self.write_event(SynthesizeStopped().event())

    async def _speak_sentences(self, voice: Voice) -> None:
        """Speak queued sentences, one audio group each; report a failure and close."""
        fmt = voice.fmt
        try:
            while (item := await self._sentences.get()) is not None:
                sentence, prefetch = item
                audio = (
                    self._service.synthesize(sentence, voice)
                    if prefetch is None
                    else _result_of(prefetch)
                )
                await self.write_event(AudioStart(fmt.rate, fmt.width, fmt.channels).event())
                await self._send_audio(audio, voice)
                await self.write_event(AudioStop().event())
        except VoiceError as err:
            await self._report(err)
            await self.stop()
        except OSError:
            await self.stop()

    async def disconnect(self) -> None:
        """Cancel a streamed synthesis the client walked away from, and wait until it stopped."""
        tasks = [*self._prefetches, *([self._speaker] if self._speaker is not None else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _parse(from_event: Callable[[Event], _T], event: Event) -> _T:
    """Return the message of ``event``; raise ``MalformedEventError`` for missing/odd fields."""
    try:
        return from_event(event)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise MalformedEventError(f"{event.type!r} event is malformed: {err!r}") from err


def _optional_text(event: Event, *values: object) -> None:
    """Raise ``MalformedEventError`` unless every value is a string or ``None``."""
    for value in values:
        if value is not None and not isinstance(value, str):
            raise MalformedEventError(f"{event.type!r}: expected text, got {value!r}")


def _check_text(text: object, already: int) -> None:
    """Raise unless ``text`` is a string keeping the request within ``MAX_TTS_CHARS``."""
    if not isinstance(text, str):
        raise MalformedEventError(f"text must be a string, got {type(text).__name__}")
    if already + len(text) > MAX_TTS_CHARS:
        raise TextTooLongError(
            f"text to speak is over {MAX_TTS_CHARS} characters; send shorter replies"
        )


def _voice_name(voice: SynthesizeVoice | None) -> str | None:
    """Return the requested voice name, else the requested language (the service maps it).

    Raises ``MalformedEventError`` when either is not a string.
    """
    if voice is None:
        return None
    for value in (voice.name, voice.language, voice.speaker):
        if value is not None and not isinstance(value, str):
            raise MalformedEventError(f"voice fields must be text, got {value!r}")
    return voice.name or voice.language


async def _result_of(task: asyncio.Task[bytes]) -> AsyncIterator[bytes]:
    """Yield the result of a prefetch task (raising its error)."""
    yield await task


def _forget(tasks: set[asyncio.Task[bytes]]) -> Callable[[asyncio.Task[bytes]], None]:
    """Return a done-callback that drops a task from ``tasks`` and retrieves its error."""

    def done(task: asyncio.Task[bytes]) -> None:
        tasks.discard(task)
        if not task.cancelled():
            task.exception()

    return done
