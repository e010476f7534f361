"""Errors of a JARVIS turn, answered in the user's language.

Home Assistant speaks a raised ``HomeAssistantError`` in English whatever the user's language, so
the agent answers failed turns itself, with the reply each ``TurnError`` names in the translations.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

import httpx
import openai

from ..texts import Text
from .sse import StreamError

# How servers say a prompt does not fit: OpenAI/vLLM ("maximum context length",
# "context_length_exceeded"), llama.cpp ("the request exceeds the available context size",
# type "exceed_context_size_error"; older builds "input is too large to process"), Ollama and
# LocalAI ("context window", "prompt is too long").
CONTEXT_PATTERNS: Final = (
    "context_length",
    "context length",
    "too long",
    "exceeds the available context size",
    "exceed_context_size",
    "context size",
    "context window",
    "input is too large",
)


class TurnError(StrEnum):
    """Why a turn failed, as a user would say it."""

    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    RATE_LIMITED = "rate_limited"
    CONTEXT_TOO_LONG = "context_too_long"
    MODEL_MISSING = "model_missing"
    INVALID_AUTH = "invalid_auth"
    TOO_MANY_ROUNDS = "too_many_rounds"
    NO_ANSWER = "no_answer"
    UNKNOWN = "unknown"

    @property
    def reply(self) -> Text:
        """Return the key of the text that tells the user (``translations``, ``common``)."""
        return Text(f"jarvis_reply_{self}")


def classify(err: Exception) -> TurnError:
    """Return why a request to the model server failed."""
    if isinstance(err, openai.APITimeoutError | httpx.TimeoutException):
        return TurnError.TIMEOUT
    if isinstance(err, openai.APIConnectionError | httpx.TransportError):
        return TurnError.UNREACHABLE
    if isinstance(err, openai.AuthenticationError | openai.PermissionDeniedError):
        return TurnError.INVALID_AUTH
    if isinstance(err, openai.RateLimitError):
        return TurnError.RATE_LIMITED
    if isinstance(err, openai.NotFoundError):
        return TurnError.MODEL_MISSING
    if isinstance(err, openai.APIStatusError | StreamError) and is_context_overflow(err):
        return TurnError.CONTEXT_TOO_LONG
    return TurnError.UNKNOWN


def server_message(err: Exception) -> str:
    """Return the server's own words about a failed request (its error object, else the text)."""
    body = getattr(err, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message") is not None:
            return str(inner["message"])
        if "detail" in body:
            return str(body["detail"])
    return str(getattr(err, "message", err))


def is_context_overflow(err: Exception) -> bool:
    """Return whether a refusal says the prompt does not fit the model's context."""
    text = f"{getattr(err, 'code', '')} {getattr(err, 'body', '')} {server_message(err)}".lower()
    return any(pattern in text for pattern in CONTEXT_PATTERNS)
