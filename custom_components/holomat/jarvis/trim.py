"""Fit a request's messages into the model's context, once an overflow showed its size.

Servers say how much did not fit: llama.cpp's error object carries ``n_prompt_tokens`` and
``n_ctx`` (``tools/server/server.cpp``, ``ERROR_TYPE_EXCEED_CONTEXT_SIZE``); OpenAI and vLLM
write "maximum context length is N tokens. However, your messages resulted in M tokens" (vLLM:
"you requested M tokens"). The messages sent are scaled by N / M (by ``UNKNOWN_RATIO`` when the
server gave no numbers) into a budget of characters, and from then on the messages are made to
fit it: tool results are replaced by a short note, the oldest turns first and the largest of a
turn first, then the oldest whole turns are left out. The system prompt and the current turn's
own words are always sent, and a call is never separated from its result.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from .errors import server_message

type Message = dict[str, Any]

SAFETY: Final = 0.9
UNKNOWN_RATIO: Final = 0.5
TRIMMED: Final = json.dumps({"trimmed": "This tool result was removed to fit the model's context."})
_SIZES: Final = re.compile(
    r"maximum context length is (\d+) tokens.*?(?:resulted in|requested) (\d+) tokens", re.DOTALL
)


def size(messages: list[Message]) -> int:
    """Return the size of ``messages`` in characters of JSON."""
    return len(json.dumps(messages))


def overflow_ratio(err: Exception) -> float | None:
    """Return how much of the prompt fits the context (``n_ctx / n_prompt``), if the server said."""
    body = getattr(err, "body", None)
    inner = body.get("error", body) if isinstance(body, dict) else None
    if isinstance(inner, dict):
        fits, sent = inner.get("n_ctx"), inner.get("n_prompt_tokens")
        if isinstance(fits, int) and isinstance(sent, int) and sent > 0:
            return fits / sent
    if (found := _SIZES.search(server_message(err))) is not None and int(found.group(2)):
        return int(found.group(1)) / int(found.group(2))
    return None


def budget_after_overflow(err: Exception, messages: list[Message], fixed: int = 0) -> int:
    """Return the characters the messages may take, from an overflow of ``messages``.

    ``fixed`` is the size of what was sent besides the messages (the tools' schemas).
    """
    ratio = min(overflow_ratio(err) or UNKNOWN_RATIO, 1.0)
    return max(0, int((size(messages) + fixed) * ratio * SAFETY) - fixed)


def _turns(messages: list[Message]) -> list[list[int]]:
    """Return the positions of each turn's messages (a turn starts with a user message)."""
    turns: list[list[int]] = []
    for position, message in enumerate(messages[1:], start=1):
        if message.get("role") == "user" or not turns:
            turns.append([])
        turns[-1].append(position)
    return turns


def fit(messages: list[Message], budget: int) -> list[Message]:
    """Return ``messages`` trimmed to ``budget`` characters, as far as trimming can go."""
    if size(messages) <= budget:
        return messages
    fitted = [dict(message) for message in messages]
    turns = _turns(fitted)
    results = [
        (number, -len(str(fitted[position].get("content"))), position)
        for number, turn in enumerate(turns)
        for position in turn
        if fitted[position].get("role") == "tool"
        and len(str(fitted[position].get("content"))) > len(TRIMMED)
    ]
    for _number, _size, position in sorted(results):
        fitted[position]["content"] = TRIMMED
        if size(fitted) <= budget:
            return fitted
    dropped: set[int] = set()
    for turn in turns[:-1]:
        dropped.update(turn)
        kept = [message for position, message in enumerate(fitted) if position not in dropped]
        if size(kept) <= budget:
            return kept
    return [message for position, message in enumerate(fitted) if position not in dropped]
