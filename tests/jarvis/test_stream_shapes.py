"""No stream shape crashes the stream parser: what can be read is used, the rest left out.

The chunks are read by the real parser (``sse.EventReader`` and ``stream.transform_stream``)
from SSE lines, as they come off the wire.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import json
from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm
from hypothesis import HealthCheck, given, settings, strategies as st
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.jarvis.chunks import read_chunk, read_completion
from custom_components.holomat.jarvis.client import TurnUsage
from custom_components.holomat.jarvis.dialect import ServerDialect
from custom_components.holomat.jarvis.errors import TurnError
from custom_components.holomat.jarvis.messages import Echo
from custom_components.holomat.jarvis.stream import (
    INVALID_ARGUMENTS,
    Cut,
    StreamResult,
    transform_stream,
)
from holomat_dev.openai_standin import OpenAIStandin, Reply
from tests.texts import translated

from .conftest import AGENT
from .shapes import events, sse_body, sse_lines

NOTES = {cut: f"<{cut}>" for cut in Cut}
DELTA_KEYS = {"role", "content", "thinking_content", "tool_calls", "native"}
RESULT_KEYS = {"role", "tool_call_id", "tool_name", "tool_result"}


async def _lines(lines: list[str]) -> AsyncIterator[str]:
    """Yield lines as the HTTP client does."""
    for line in lines:
        yield line


def parse(lines: list[str], *, tools: bool = True) -> tuple[list[dict[str, Any]], StreamResult]:
    """Return the deltas the real parser makes of ``lines``, and how the answer ended."""
    result = StreamResult(tools_allowed=tools)

    async def run() -> list[dict[str, Any]]:
        stream = transform_stream(_lines(lines), TurnUsage(), result, ServerDialect(), NOTES)
        return [dict(delta) async for delta in stream]

    return asyncio.run(run()), result


def _check(deltas: list[dict[str, Any]]) -> None:
    """Assert every delta has the shape Home Assistant's chat log takes."""
    assert deltas[0] == {"role": "assistant"}
    ids: list[str] = []
    errors: set[str] = set()
    for delta in deltas:
        if delta.get("role") == "tool_result":
            assert set(delta) == RESULT_KEYS
            assert delta["tool_result"]["error"] == INVALID_ARGUMENTS
            errors.add(delta["tool_call_id"])
            continue
        assert set(delta) <= DELTA_KEYS
        for key in ("content", "thinking_content"):
            assert isinstance(delta.get(key, ""), str)
        assert isinstance(delta.get("native", Echo()), Echo)
        for call in delta.get("tool_calls", ()):
            assert isinstance(call, llm.ToolInput)
            assert isinstance(call.tool_name, str)
            assert call.tool_name
            assert isinstance(call.tool_args, dict)
            ids.append(call.id)
            # A call that cannot run is external: it never reaches a tool.
            assert call.external == (call.id in {d.get("tool_call_id") for d in deltas})
    assert len(ids) == len(set(ids))
    assert errors <= set(ids)


@settings(max_examples=300, deadline=None)
@given(events)
def test_any_chunk_shape_is_read_without_error(drawn: list[Any]) -> None:
    deltas, _result = parse(sse_lines(drawn, done=True))
    _check(deltas)


@settings(max_examples=100, deadline=None)
@given(events)
def test_any_chunk_shape_without_tools_runs_no_call(drawn: list[Any]) -> None:
    deltas, _result = parse(sse_lines(drawn, done=False), tools=False)
    _check(deltas)
    assert not any("tool_calls" in delta for delta in deltas)


def chunk(delta: Any, finish: Any = None, **extra: Any) -> dict[str, Any]:
    """Return a chunk event with one choice."""
    return {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}


def test_arguments_as_an_object_and_tool_calls_as_an_object() -> None:
    call = {"id": "call_1", "function": {"name": "f", "arguments": {"name": "X1C"}}}
    deltas, _result = parse(sse_lines([chunk({"tool_calls": call}, "tool_calls")], done=True))
    ((tool_input,),) = [d["tool_calls"] for d in deltas if "tool_calls" in d]
    assert (tool_input.tool_name, tool_input.tool_args, tool_input.id) == (
        "f",
        {"name": "X1C"},
        "call_1",
    )


def test_nulls_and_wrong_types_are_left_out() -> None:
    drawn = [
        {"choices": None},
        {"choices": [None, 3]},
        chunk(None),
        chunk({"content": None, "tool_calls": None}),
        chunk({"content": 5, "tool_calls": "call"}),
        chunk({"content": "Hello", "tool_calls": [{"function": None}, {"index": True}]}),
        chunk({"content": ", sir."}, "stop", usage="lots"),
    ]
    deltas, result = parse(sse_lines(drawn, done=True))
    assert "".join(d.get("content", "") for d in deltas) == "Hello, sir."
    assert not any("tool_calls" in d for d in deltas)
    assert result.finish_reason == "stop"


def test_deep_events_and_deep_arguments_are_never_a_crash() -> None:
    deep = {"a": 1}
    for _ in range(5000):
        deep = {"a": deep}
    call = {"index": 0, "id": "call_1", "function": {"name": "f", "arguments": deep}}
    lines = [f"data: {'[' * 100_000}", "", "data: " + "{" + '"a":' * 3000, ""]
    lines += sse_lines([chunk({"tool_calls": [call]}, "tool_calls")], done=True)
    deltas, _result = parse(lines)
    (error,) = [d for d in deltas if d.get("role") == "tool_result"]
    assert "nest deeper" in error["tool_result"]["error_text"]


def test_a_call_without_a_name_is_a_tool_error() -> None:
    call = {"index": 0, "id": "call_1", "function": {"arguments": "{}"}}
    deltas, _result = parse(sse_lines([chunk({"tool_calls": [call]}, "tool_calls")], done=True))
    (error,) = [d for d in deltas if d.get("role") == "tool_result"]
    assert error["tool_result"]["error_text"] == "The call names no function."


def test_content_parts_split_thinking_from_text() -> None:
    # Magistral's shape (BerriAI/litellm#16272).
    content = [
        {"type": "thinking", "thinking": [{"type": "text", "text": "A greeting."}]},
        {"type": "text", "text": "Hello, sir."},
    ]
    deltas, _result = parse(sse_lines([chunk({"content": content}, "stop")], done=True))
    assert [d for d in deltas if "thinking_content" in d] == [{"thinking_content": "A greeting."}]
    assert [d for d in deltas if "content" in d] == [{"content": "Hello, sir."}]


def test_read_chunk_and_completion_of_other_shapes() -> None:
    assert read_chunk("not json").empty
    assert read_chunk({"choices": [], "usage": {"prompt_tokens": 3}}).usage == (3, 0)
    assert read_chunk(chunk({}, "")).finish_reason is None
    completion = {"choices": {"message": {"content": "Hi", "reasoning_content": "R"}}}
    read = read_completion(completion)
    assert (read.content, read.reasoning, read.echo) == ("Hi", "R", {"reasoning_content": "R"})
    assert read_completion(None).empty
    assert (
        read_chunk(chunk({"tool_calls": [{"id": 7, "function": {"name": "f"}}]})).calls[0].id == "7"
    )


def test_parsed_lines_as_sent() -> None:
    lines = sse_lines([chunk({"content": "a"}), json.dumps([1]), chunk({}, "stop")], done=True)
    deltas, result = parse(lines)
    assert [d.get("content") for d in deltas if "content" in d] == ["a"]
    assert result.cut is None


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=events, done=st.booleans())
async def test_any_chunk_shape_through_the_agent(
    hass: HomeAssistant,
    standin: OpenAIStandin,
    init_integration: MockConfigEntry,
    drawn: list[Any],
    done: bool,
) -> None:
    """Over real HTTP, a turn always ends with something said: an answer or a clear reply."""
    standin.default = Reply(text="Done, sir.")
    standin.script(Reply(raw_stream=sse_body(drawn, done=done)))
    result = await conversation.async_converse(
        hass, "Printers?", None, Context(), language="en", agent_id=AGENT
    )
    said = result.response.speech["plain"]["speech"]
    assert isinstance(said, str)
    assert said
    if result.response.error_code is not None:
        assert said in {translated(error.reply, model="gpt-4o-mini") for error in TurnError}
