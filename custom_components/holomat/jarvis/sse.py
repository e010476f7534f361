"""Read a streamed Chat Completions answer, including the errors servers put in the stream.

The ``openai`` SDK's event reader follows the SSE specification and skips unknown fields, so an
error llama.cpp's server writes as its own ``error: {json}`` line (``server_sent_event(sink,
"error", ...)`` in ``tools/server/server.cpp``) is lost and the answer looks empty. This reader
turns both that line and a ``data: {"error": ...}`` event (OpenAI, vLLM) into ``StreamError``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
import json
from typing import Any

from openai.types.chat import ChatCompletionChunk


class StreamError(Exception):
    """The server reported an error inside the stream; ``message`` is its own words."""

    def __init__(self, message: str, body: Any = None) -> None:
        """Keep the server's message and the whole error object."""
        super().__init__(message)
        self.message = message
        self.body = body


def _error(value: Any) -> StreamError:
    """Return the error described by an error event's JSON (``{"error": {...}}`` or bare)."""
    inner = value.get("error", value) if isinstance(value, dict) else value
    message = inner.get("message") if isinstance(inner, dict) else None
    return StreamError(str(message if message is not None else inner), inner)


def _json(text: str) -> Any:
    """Return ``text`` parsed, or the text itself when it is not JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return text


async def iter_chunks(lines: AsyncIterator[str]) -> AsyncIterator[ChatCompletionChunk]:
    """Yield the ``chat.completion.chunk`` events of an SSE body, until ``[DONE]``.

    Raises ``StreamError`` for an ``error:`` line or an event whose data has an ``error`` key.
    """
    data: list[str] = []
    async for line in _ending_blank(lines):
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "error":
            raise _error(_json(value))
        if field == "data":
            data.append(value)
            continue
        if line or not data:
            continue  # comments, event names, ids
        text, data = "\n".join(data), []
        if text.strip() == "[DONE]":
            return
        event = _json(text)
        if isinstance(event, dict) and "error" in event:
            raise _error(event)
        if isinstance(event, dict):
            yield ChatCompletionChunk.construct(**event)


async def _ending_blank(lines: AsyncIterator[str]) -> AsyncIterator[str]:
    """Yield ``lines`` and a blank one, so a last event without its blank line still counts."""
    async for line in lines:
        yield line
    yield ""
