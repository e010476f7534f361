"""Errors of a JARVIS turn, answered in the user's language.

Home Assistant speaks a raised ``HomeAssistantError`` in English whatever the user's language, so
the agent answers failed turns itself with one of these replies.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

import httpx
import openai

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


REPLIES: dict[str, dict[TurnError, str]] = {
    "en": {
        TurnError.UNREACHABLE: "I cannot reach the model server at the moment.",
        TurnError.TIMEOUT: "The model server took too long to answer. Please try again.",
        TurnError.RATE_LIMITED: "The model server is rate limiting me. Please try again shortly.",
        TurnError.CONTEXT_TOO_LONG: (
            "Our conversation is too long for the model. Please start a new one."
        ),
        TurnError.MODEL_MISSING: "The model {model} is not available on the server.",
        TurnError.INVALID_AUTH: (
            "The model server refused my API key. Please enter a new one in the settings."
        ),
        TurnError.TOO_MANY_ROUNDS: "I could not finish that in the allowed number of steps.",
        TurnError.NO_ANSWER: "The model gave no answer. Please try again.",
        TurnError.UNKNOWN: "Something went wrong with the model server.",
    },
    "fr": {
        TurnError.UNREACHABLE: "Je n'arrive pas à joindre le serveur du modèle pour le moment.",
        TurnError.TIMEOUT: "Le serveur du modèle a mis trop de temps à répondre. Réessayez.",
        TurnError.RATE_LIMITED: (
            "Le serveur du modèle limite mes requêtes. Réessayez dans un instant."
        ),
        TurnError.CONTEXT_TOO_LONG: (
            "Notre conversation est trop longue pour le modèle. Commencez-en une nouvelle."
        ),
        TurnError.MODEL_MISSING: "Le modèle {model} n'est pas disponible sur le serveur.",
        TurnError.INVALID_AUTH: (
            "Le serveur du modèle a refusé ma clé d'API. Saisissez-en une nouvelle dans les "
            "paramètres."
        ),
        TurnError.TOO_MANY_ROUNDS: "Je n'ai pas pu terminer en si peu d'étapes.",
        TurnError.NO_ANSWER: "Le modèle n'a rien répondu. Réessayez.",
        TurnError.UNKNOWN: "Le serveur du modèle a rencontré un problème.",
    },
}


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


def reply(error: TurnError, language: str | None, **placeholders: str) -> str:
    """Return the reply for ``error`` in ``language`` (``fr-CA`` → French), English otherwise."""
    lang = (language or "en").replace("_", "-").split("-", 1)[0].lower()
    return REPLIES.get(lang, REPLIES["en"])[error].format(**placeholders)
