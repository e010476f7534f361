"""Hypothesis strategies for the shapes servers stream: every field well-formed or anything.

Each field of a ``chat.completion.chunk`` is drawn either in OpenAI's shape or as any JSON value
(null, a number, a list, an object...), at every level: the chunk, its choices, the delta, the
tool calls and their functions. Events are whole JSON chunks or non-JSON text.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

NAMES = ("assist__HolomatPrinterStatus", "assist__GetDateTime", "")

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False)
    | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Return ``strategy`` or any JSON value in its place."""
    return st.one_of(strategy, json_values)


arguments = st.one_of(
    st.just('{"name": "X1C"}'),
    st.just("{}"),
    st.sampled_from(['{"na', 'me": 1}', "[1]", "{{"]),
    st.dictionaries(st.sampled_from(["name", "x"]), json_values, max_size=2),
)
function = st.fixed_dictionaries(
    {}, optional={"name": maybe(st.sampled_from(NAMES)), "arguments": maybe(arguments)}
)
call = st.fixed_dictionaries(
    {},
    optional={
        "index": maybe(st.integers(0, 2)),
        "id": maybe(st.sampled_from(["call_1", "call_2"])),
        "type": maybe(st.just("function")),
        "function": maybe(function),
        "extra_content": json_values,
    },
)
part = st.fixed_dictionaries(
    {},
    optional={
        "type": maybe(st.sampled_from(["text", "thinking"])),
        "text": maybe(st.text(max_size=6)),
        "thinking": maybe(
            st.lists(
                st.fixed_dictionaries({"type": st.just("text"), "text": st.text(max_size=4)}),
                max_size=2,
            )
        ),
    },
)
delta = st.fixed_dictionaries(
    {},
    optional={
        "role": maybe(st.just("assistant")),
        "content": maybe(st.text(max_size=12) | st.lists(maybe(part), max_size=2)),
        "reasoning_content": maybe(st.text(max_size=6)),
        "reasoning": maybe(st.text(max_size=6)),
        "reasoning_details": json_values,
        "tool_calls": maybe(st.lists(maybe(call), max_size=2) | call),
    },
)
choice = st.fixed_dictionaries(
    {},
    optional={
        "index": maybe(st.integers(0, 1)),
        "delta": maybe(delta),
        "finish_reason": maybe(
            st.sampled_from(["stop", "length", "tool_calls", "content_filter", "error", ""])
        ),
    },
)
usage = st.fixed_dictionaries(
    {},
    optional={
        "prompt_tokens": maybe(st.integers(0, 9)),
        "completion_tokens": maybe(st.integers(0, 9)),
    },
)
chunk = st.fixed_dictionaries(
    {"object": st.just("chat.completion.chunk")},
    optional={
        "id": maybe(st.just("chatcmpl-1")),
        "choices": maybe(st.lists(maybe(choice), max_size=2) | choice),
        "usage": maybe(usage),
        "prompt_filter_results": json_values,
    },
)


def _not_an_error(event: Any) -> bool:
    """Return whether an event is no error event (those end the stream on purpose)."""
    return not isinstance(event, dict) or (
        event.get("error") is None and event.get("object") != "error"
    )


def _data(event: Any) -> str:
    """Return an event's data line."""
    return event if isinstance(event, str) else json.dumps(event)


events = st.lists(
    st.one_of(
        chunk,
        json_values.filter(_not_an_error),
        st.text(max_size=8).filter(lambda t: "\n" not in t),
    ),
    max_size=8,
)


def sse_lines(drawn: list[Any], *, done: bool) -> list[str]:
    """Return the SSE lines of drawn events (``data:`` each, a blank line after each)."""
    lines: list[str] = []
    for event in drawn:
        lines += [f"data: {_data(event)}", ""]
    return lines + (["data: [DONE]", ""] if done else [])


def sse_body(drawn: list[Any], *, done: bool) -> str:
    """Return the SSE body of drawn events."""
    return "".join(f"{line}\n" for line in sse_lines(drawn, done=done))
