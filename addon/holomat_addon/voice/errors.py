"""Errors raised by the voice engines; each carries a message a user can act on."""

from __future__ import annotations


class VoiceError(Exception):
    """Base class for the speech engines' errors; ``code`` goes into the Wyoming ``error``."""

    code = "voice-error"


class EndpointUnreachableError(VoiceError):
    """The OpenAI-compatible endpoint did not answer (connection refused, DNS, timeout)."""

    code = "endpoint-unreachable"


class EndpointAuthError(VoiceError):
    """The endpoint refused the API key (HTTP 401 or 403)."""

    code = "endpoint-auth"


class EndpointResponseError(VoiceError):
    """The endpoint answered with another error status or a reply we cannot read."""

    code = "endpoint-error"


class UnsupportedAudioError(VoiceError):
    """The client sent audio we cannot convert (odd sample width, no audio, too long)."""

    code = "unsupported-audio"


class UnsupportedRequestError(VoiceError):
    """The request asks for a model, voice or language that this server does not have."""

    code = "unsupported-request"


class EngineError(VoiceError):
    """An offline engine failed (``espeak-ng`` missing or crashed)."""

    code = "engine-error"


class MalformedEventError(VoiceError):
    """The client sent something that is not a well-formed Wyoming event, or one over a limit."""

    code = "malformed-event"


class TextTooLongError(VoiceError):
    """The text to speak is longer than the server accepts in one request."""

    code = "text-too-long"
