"""Recorded-style answers for JARVIS tests: chunk events and the streams they make."""

from __future__ import annotations

from typing import Any

from holomat_dev.dialects import _sse
from holomat_dev.openai_standin import Reply


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    """Return a ``chat.completion.chunk`` event."""
    return {
        "data": {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
    }


def stream(*events: dict[str, Any]) -> Reply:
    """Return a reply sending ``events`` as they are (SSE)."""
    return Reply(raw_stream=_sse(list(events)))


def text_stream(*pieces: str) -> Reply:
    """Return a reply streaming ``pieces`` as content."""
    events = [chunk({"role": "assistant", "content": ""})]
    events += [chunk({"content": piece}) for piece in pieces]
    return stream(*events, chunk({}, "stop"), {"data": "[DONE]"})
