"""Read the fields of a client's Wyoming events, refusing malformed ones with a clear error.

A hostile or broken client may send any JSON in an event's data: every field the server uses is
checked here, and a wrong one raises ``MalformedEventError`` (code ``malformed-event``) or
``TextTooLongError`` (``text-too-long``) instead of failing somewhere deeper.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from wyoming.event import Event
from wyoming.tts import SynthesizeVoice

from .errors import MalformedEventError, TextTooLongError
from .text import MAX_TTS_CHARS

_T = TypeVar("_T")


def parse(from_event: Callable[[Event], _T], event: Event) -> _T:
    """Return the message of ``event``; raise ``MalformedEventError`` for missing/odd fields."""
    try:
        return from_event(event)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise MalformedEventError(f"{event.type!r} event is malformed: {err!r}") from err


def check_optional_text(event: Event, *values: object) -> None:
    """Raise ``MalformedEventError`` unless every value is a string or ``None``."""
    for value in values:
        if value is not None and not isinstance(value, str):
            raise MalformedEventError(f"{event.type!r}: expected text, got {value!r}")


def check_text(text: object, already: int) -> str:
    """Return ``text`` if it is a string keeping the request within ``MAX_TTS_CHARS``.

    ``already`` is the number of characters the request sent before (a stream's earlier chunks).
    Raises ``MalformedEventError`` for a non-string, ``TextTooLongError`` past the limit.
    """
    if not isinstance(text, str):
        raise MalformedEventError(f"text must be a string, got {type(text).__name__}")
    if already + len(text) > MAX_TTS_CHARS:
        raise TextTooLongError(
            f"text to speak is over {MAX_TTS_CHARS} characters; send shorter replies"
        )
    return text


def voice_name(voice: SynthesizeVoice | None) -> str | None:
    """Return the requested voice name, else the requested language (the service maps it).

    Raises ``MalformedEventError`` when either is not a string.
    """
    if voice is None:
        return None
    for value in (voice.name, voice.language, voice.speaker):
        if value is not None and not isinstance(value, str):
            raise MalformedEventError(f"voice fields must be text, got {value!r}")
    return voice.name or voice.language
