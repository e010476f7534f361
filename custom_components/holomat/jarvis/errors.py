"""Why a JARVIS turn failed, read from what the server said, answered in the user's language.

Home Assistant speaks a raised ``HomeAssistantError`` in English whatever the user's language, so
the agent answers failed turns itself, with the reply each ``TurnError`` names in the
translations. Servers say the same things in their own words (the corpus in
``tests/jarvis/dialects/`` cites each source); ``read_failure`` reads status, code, type and
message together:

- busy: 429 (rate limits), 503 and 529 (OpenAI, Anthropic "overloaded_error", KoboldCpp "Server
  is busy", OpenRouter's "no available provider"), and the same words in a 200 stream;
- loading: llama.cpp's 503 "Loading model", Hugging Face's "is currently loading";
- no model loaded: LM Studio's 404 "No models loaded", TabbyAPI's "No models are currently
  loaded" (a user must load one: not transient);
- out of credits: OpenRouter's 402, OpenAI's 429 ``insufficient_quota``, Anthropic's "credit
  balance is too low", DeepSeek's 402 "Insufficient Balance";
- region: OpenAI's 403 ``unsupported_country_region_territory``, Gemini's "User location is not
  supported";
- prompt refused: OpenAI's ``content_policy_violation``, Azure's ``content_filter``,
  OpenRouter's 403 "flagged" by moderation;
- context overflow (``CONTEXT_PATTERNS``) and a refused key (401; a 403 that is none of the
  above).

How long to wait before a retry comes from ``Retry-After`` / ``retry-after-ms``, Gemini's
``retryDelay``, Hugging Face's ``estimated_time`` or the message ("Please try again in 7.66s",
Groq and OpenAI).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
import json
import re
from typing import Any, Final

import httpx
import openai

from ..texts import Text

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
_REGION: Final = re.compile(
    r"unsupported_country|region, or territory|location is not supported|"
    r"not available in your (country|region)|region (is )?not supported"
)
_POLICY: Final = re.compile(
    r"content_policy|content policy|content_filter|content management policy|flagged|"
    r"moderation|responsibleaipolicyviolation|prohibited content"
)
_CREDITS: Final = re.compile(
    r"insufficient_quota|insufficient credits|insufficient balance|credit balance|"
    r"out of credits|billing|exceeded your current quota"
)
_NOT_LOADED: Final = re.compile(r"no models? (are currently )?loaded|model (is )?(not |un)loaded")
_LOADING: Final = re.compile(r"loading model|model is loading|currently loading|still loading")
_RATE: Final = re.compile(r"rate.?limit")
_BUSY: Final = re.compile(
    r"overloaded|busy|over capacity|temporarily unavailable|try again later|"
    r"no available (model )?provider"
)
_TRY_AGAIN: Final = re.compile(r"try again in (\d+(?:\.\d+)?)\s*(ms|s)\b")
_RETRY_DELAY: Final = re.compile(r'"retryDelay":\s*"(\d+(?:\.\d+)?)s"')
BUSY_STATUSES: Final = frozenset({502, 503, 504, 529})
# Longest server message kept for the log and the repair issue.
MESSAGE_LIMIT: Final = 300


class TurnError(StrEnum):
    """Why a turn failed, as a user would say it."""

    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    RATE_LIMITED = "rate_limited"
    SERVER_BUSY = "server_busy"
    MODEL_LOADING = "model_loading"
    CONTEXT_TOO_LONG = "context_too_long"
    MODEL_MISSING = "model_missing"
    MODEL_NOT_LOADED = "model_not_loaded"
    OUT_OF_CREDITS = "out_of_credits"
    REGION_UNSUPPORTED = "region_unsupported"
    PROMPT_REFUSED = "prompt_refused"
    INVALID_AUTH = "invalid_auth"
    TOO_MANY_ROUNDS = "too_many_rounds"
    NO_ANSWER = "no_answer"
    UNKNOWN = "unknown"

    @property
    def reply(self) -> Text:
        """Return the key of the text that tells the user (``translations``, ``common``)."""
        return Text(f"jarvis_reply_{self}")


# Failures that pass: the request is tried again while the turn has time.
TRANSIENT: Final = frozenset(
    {TurnError.RATE_LIMITED, TurnError.SERVER_BUSY, TurnError.MODEL_LOADING}
)
# Failures that say nothing of the server's health: passing load, the conversation, the model's
# loop, the key, the user's own words.
NOT_SERVER_FAILURES: Final = TRANSIENT | {
    TurnError.CONTEXT_TOO_LONG,
    TurnError.TOO_MANY_ROUNDS,
    TurnError.INVALID_AUTH,
    TurnError.PROMPT_REFUSED,
}


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed request: why, the HTTP status (if any), the server's words, the wait it asked."""

    error: TurnError
    status: int | None
    message: str
    retry_after: float | None = None

    @property
    def transient(self) -> bool:
        """Return whether trying again later may succeed."""
        return self.error in TRANSIENT

    def __str__(self) -> str:
        """Return the failure as the log shows it: status and the server's words."""
        return f"HTTP {self.status}: {self.message}" if self.status else self.message


def server_message(err: Exception) -> str:
    """Return the server's own words about a failed request (its error object, else the text)."""
    body = getattr(err, "body", None)
    if isinstance(body, dict):
        for value in (body.get("error", body), body.get("detail")):
            if isinstance(value, str) and value:
                return value
            if isinstance(value, dict):
                for key in ("message", "msg"):
                    if value.get(key) is not None:
                        return str(value[key])
        if "detail" in body:
            return str(body["detail"])
    return str(getattr(err, "message", err))


def describe(err: BaseException) -> str:
    """Return what a failure says, never empty: status, the server's words, the cause."""
    message = server_message(err) if isinstance(err, Exception) else str(err)
    message = message or type(err).__name__
    cause = err.__cause__
    if cause is not None and (type(cause).__name__, str(cause)) == (type(err).__name__, ""):
        cause = None  # httpx's error wrapping httpcore's, both wordless
    if cause is not None and (not str(cause) or str(cause) not in message):
        message = f"{message} ({type(cause).__name__}: {str(cause) or 'no message'})"
    status = getattr(err, "status_code", None)
    message = message[:MESSAGE_LIMIT]
    return f"HTTP {status}: {message}" if status else message


def is_context_overflow(err: Exception) -> bool:
    """Return whether a refusal says the prompt does not fit the model's context."""
    text = f"{getattr(err, 'code', '')} {getattr(err, 'body', '')} {server_message(err)}".lower()
    return any(pattern in text for pattern in CONTEXT_PATTERNS)


def read_failure(err: Exception) -> Failure:
    """Return why a request to the model server failed, as the server said it."""
    if isinstance(err, openai.APITimeoutError | httpx.TimeoutException):
        return Failure(TurnError.TIMEOUT, None, f"no answer within the timeout: {describe(err)}")
    if isinstance(err, openai.APIConnectionError | httpx.TransportError):
        return Failure(TurnError.UNREACHABLE, None, describe(err))
    status = _status(err)
    message = server_message(err)[:MESSAGE_LIMIT] or type(err).__name__
    body = getattr(err, "body", None)
    text = f"{getattr(err, 'code', '')} {getattr(err, 'type', '')} {_dump(body)} {message}"
    hint = retry_hint(err)
    return Failure(_kind(status, text.lower(), hint, err), status, message, hint)


def _kind(status: int | None, text: str, hint: float | None, err: Exception) -> TurnError:
    """Return the kind of failure that a status and the server's words describe."""
    if status == 401:
        return TurnError.INVALID_AUTH
    if _REGION.search(text):
        return TurnError.REGION_UNSUPPORTED
    if _POLICY.search(text):
        return TurnError.PROMPT_REFUSED
    if status == 402 or "insufficient_quota" in text or (hint is None and _CREDITS.search(text)):
        return TurnError.OUT_OF_CREDITS
    if status == 403:
        return TurnError.INVALID_AUTH
    if is_context_overflow(err):
        return TurnError.CONTEXT_TOO_LONG
    if _NOT_LOADED.search(text):
        return TurnError.MODEL_NOT_LOADED
    if _LOADING.search(text):
        return TurnError.MODEL_LOADING
    if status == 429 or _RATE.search(text):
        return TurnError.RATE_LIMITED
    if status in BUSY_STATUSES or _BUSY.search(text):
        return TurnError.SERVER_BUSY
    if status == 404:
        return TurnError.MODEL_MISSING
    return TurnError.UNKNOWN


def _status(err: Exception) -> int | None:
    """Return the failure's HTTP status, or the code an in-stream error object gives."""
    if isinstance(err, openai.APIStatusError):
        return err.status_code
    body = getattr(err, "body", None)
    code = body.get("code") if isinstance(body, dict) else None
    return code if isinstance(code, int) and 400 <= code < 600 else None


def _dump(body: Any) -> str:
    """Return an error body as text, to search for words."""
    if isinstance(body, str):
        return body
    try:
        return json.dumps(body)
    except (TypeError, ValueError):  # pragma: no cover - bodies come from JSON
        return str(body)


def retry_hint(err: Exception) -> float | None:
    """Return the seconds the server asked to wait before trying again, if it said."""
    response = getattr(err, "response", None)
    headers = response.headers if isinstance(response, httpx.Response) else httpx.Headers()
    if (millis := _number(headers.get("retry-after-ms"))) is not None:
        return millis / 1000
    if (value := headers.get("retry-after")) is not None:
        if (seconds := _number(value)) is not None:
            return seconds
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            pass
    body = getattr(err, "body", None)
    if isinstance(body, dict) and (estimate := _number(body.get("estimated_time"))) is not None:
        return estimate
    text = f"{_dump(body)} {server_message(err)}"
    if (delay := _RETRY_DELAY.search(text)) is not None:
        return float(delay.group(1))
    if (prose := _TRY_AGAIN.search(text.lower())) is not None:
        value = float(prose.group(1))
        return value / 1000 if prose.group(2) == "ms" else value
    return None


def _number(value: Any) -> float | None:
    """Return a non-negative number given as a number or as text."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None
