"""Errors of the voice server, sent as a Wyoming ``error`` event (see ``AddonError``)."""

from __future__ import annotations

from ..errors import AddonError


class VoiceError(AddonError, code="voice-error"):
    """Base class for the speech engines' errors; ``code`` goes into the Wyoming ``error``."""


class EndpointUnreachableError(VoiceError, code="endpoint-unreachable"):
    """The OpenAI-compatible endpoint did not answer (connection refused, DNS, timeout)."""


class EndpointAuthError(VoiceError, code="endpoint-auth"):
    """The endpoint refused the API key (HTTP 401 or 403)."""


class EndpointResponseError(VoiceError, code="endpoint-error"):
    """The endpoint answered with another error status or a reply we cannot read."""


class UnsupportedAudioError(VoiceError, code="unsupported-audio"):
    """The client sent audio we cannot convert (odd sample width, no audio, too long)."""


class UnsupportedRequestError(VoiceError, code="unsupported-request"):
    """The request asks for a model, voice or language that this server does not have."""


class EngineError(VoiceError, code="engine-error"):
    """An offline engine failed (``espeak-ng`` missing or crashed)."""


class MalformedEventError(VoiceError, code="malformed-event"):
    """The client sent something that is not a well-formed Wyoming event, or one over a limit."""


class TextTooLongError(VoiceError, code="text-too-long"):
    """The text to speak is longer than the server accepts in one request."""
