"""Read a streamed Chat Completions answer, including the errors servers put in the stream.

The ``openai`` SDK's event reader follows the SSE specification and skips unknown fields, so an
error llama.cpp's server writes as its own ``error: {json}`` line (``server_sent_event(sink,
"error", ...)`` in ``tools/server/server.cpp``) is lost and the answer looks empty. This reader
turns into ``StreamError`` that line, a ``data: {"error": ...}`` event (OpenAI, vLLM, SGLang,
OpenRouter: "errors that occur mid-generation still arrive as regular data: events with an
error field", openrouter.ai/docs/api-reference/streaming) and vLLM's ``{"object": "error",
"message": ...}`` (block/goose#8031). Comments (``: OPENROUTER PROCESSING``) are skipped.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
import json
from typing import Any


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


def _is_error(event: Any) -> bool:
    """Return whether an event's data is an error rather than a chunk."""
    return isinstance(event, dict) and (
        event.get("error") is not None or event.get("object") == "error"
    )


def _json(text: str) -> Any:
    """Return ``text`` parsed, or the text itself when it is not JSON (or nests too deeply)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


@dataclass(slots=True)
class EventReader:
    """Read the events of one SSE body; ``done`` tells whether ``[DONE]`` ended it."""

    done: bool = False

    async def events(self, lines: AsyncIterator[str]) -> AsyncGenerator[Any]:
        """Yield the JSON data of each event (any shape), until ``[DONE]``.

        Raises ``StreamError`` for an ``error:`` line or an event whose data is an error.
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
                self.done = True
                return
            event = _json(text)
            if _is_error(event):
                raise _error(event)
            yield event


async def _ending_blank(lines: AsyncIterator[str]) -> AsyncIterator[str]:
    """Yield ``lines`` and a blank one, so a last event without its blank line still counts."""
    async for line in lines:
        yield line
    yield ""
