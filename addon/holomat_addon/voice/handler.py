"""One Wyoming connection: describe, transcribe, synthesize (plain or streamed), detect.

Flows follow the Wyoming protocol as Home Assistant's core ``wyoming`` integration uses it: one
request per connection; a plain ``synthesize`` is answered with one audio group; a streamed one
(``synthesize-start``, ``synthesize-chunk``..., the compatibility ``synthesize`` which is
ignored, ``synthesize-stop``) with one group per sentence (``speech.SentenceStream``), then
``synthesize-stopped``. After ``detect``, audio goes to the wake word (``detect.WakeListener``)
instead of speech-to-text until ``audio-stop``. Failures become an ``error`` event, then the
connection closes (HA waits for a reply until then); other connections are unaffected.

Hostile or broken clients change nothing for the others: events are read by ``wire.read_event``,
which refuses oversized blocks before reading them; malformed events (bad JSON, wrong types,
lengths over the limits) get an ``error`` (code ``malformed-event``) and the connection closes;
texts over ``MAX_TTS_CHARS`` get ``text-too-long``. Events are read while earlier ones are served,
so a client that leaves (end of stream) stops its work at once, ``espeak-ng`` included.
"""

from __future__ import annotations

import asyncio
import logging

from wyoming.asr import Transcribe, Transcript, TranscriptChunk, TranscriptStart, TranscriptStop
from wyoming.audio import AudioChunk, AudioStart
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
from wyoming.wake import Detect

from .audio import MAX_CHUNK_BYTES, SttAudioBuffer
from .detect import WakeListener
from .errors import MalformedEventError, UnsupportedAudioError, VoiceError
from .events import check_optional_text, check_text, parse, voice_name
from .service import VoiceService
from .speech import SentenceStream, send_audio_group
from .text import MAX_TTS_CHARS
from .wire import WireLimits, read_event

_LOGGER = logging.getLogger(__name__)
# Events read ahead of the one being served; then reading waits (TCP pushes back on the client).
PENDING_EVENTS = 16
# A data block holds at most a text of MAX_TTS_CHARS (4 bytes each in UTF-8) and a little more.
WIRE_LIMITS = WireLimits(max_data=4 * MAX_TTS_CHARS + 64 * 1024, max_payload=MAX_CHUNK_BYTES)
_AUDIO_EVENTS = ("audio-start", "audio-chunk", "audio-stop")


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
        self._stream: SentenceStream | None = None
        self._wake: WakeListener | None = None

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
            self._transcribe = parse(Transcribe.from_event, event)
            check_optional_text(event, self._transcribe.language, self._transcribe.name)
            self._audio = SttAudioBuffer()
            self._wake = None
        elif Detect.is_type(event.type):
            names = parse(Detect.from_event, event).names
            self._wake = WakeListener(self._service.wake_words(names))
        elif event.type in _AUDIO_EVENTS:
            await (self._wake_audio(event) if self._wake is not None else self._stt_audio(event))
        elif SynthesizeStart.is_type(event.type):
            self._start_stream(parse(SynthesizeStart.from_event, event).voice)
        elif SynthesizeChunk.is_type(event.type):
            text = parse(SynthesizeChunk.from_event, event).text
            # Clients that skip synthesize-start get the default voice.
            (self._stream or self._start_stream(None)).feed(text)
        elif Synthesize.is_type(event.type):
            # While streaming, this is the full text for old servers: ignored, not even parsed.
            if self._stream is None:
                await self._synthesize(parse(Synthesize.from_event, event))
        elif SynthesizeStop.is_type(event.type):
            await self._stop_stream()
        else:
            _LOGGER.debug("Ignoring event %s", event.type)
        return True

    async def _stt_audio(self, event: Event) -> None:
        """Collect an utterance (``audio-start``, ``audio-chunk``...); transcribe it at the stop."""
        if AudioStart.is_type(event.type):
            self._audio = SttAudioBuffer()
        elif AudioChunk.is_type(event.type):
            if self._audio is None:
                self._audio = SttAudioBuffer()
            self._audio.add(parse(AudioChunk.from_event, event))
        else:
            await self._finish_transcription()

    async def _wake_audio(self, event: Event) -> None:
        """Listen for the wake word; answer ``detection``s, then ``not-detected`` if none."""
        assert self._wake is not None
        if AudioStart.is_type(event.type):
            self._wake.start()
        elif AudioChunk.is_type(event.type):
            for detection in await self._wake.feed(parse(AudioChunk.from_event, event)):
                await self.write_event(detection)
        else:
            for answer in self._wake.stop():
                await self.write_event(answer)
            self._wake = None

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
        text = check_text(request.text, 0).strip()
        voice = self._service.voice(voice_name(request.voice))
        audio = self._service.synthesize(text, voice)
        await send_audio_group(self.write_event, audio, voice.fmt)

    def _start_stream(self, voice: SynthesizeVoice | None) -> SentenceStream:
        """Begin a streamed synthesis; return it."""
        if self._stream is not None:
            raise MalformedEventError("synthesize-start while a stream is in progress")
        chosen = self._service.voice(voice_name(voice))
        self._stream = SentenceStream(self._service, chosen, self.write_event, self._stream_failed)
        return self._stream

    async def _stop_stream(self) -> None:
        """Speak what is left, wait for the speaker, then send ``synthesize-stopped``."""
        if self._stream is not None:
            # Forgotten only once finished: a client leaving meanwhile cancels it in disconnect.
            await self._stream.finish()
            self._stream = None
        await self.write_event(SynthesizeStopped().event())

    async def _stream_failed(self, err: VoiceError | None) -> None:
        """Report a failed streamed synthesis (unless the client left) and close."""
        if err is not None:
            await self._report(err)
        await self.stop()

    async def disconnect(self) -> None:
        """Cancel a streamed synthesis the client walked away from, and wait until it stopped."""
        if self._stream is not None:
            await self._stream.cancel()
