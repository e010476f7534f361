"""Tool calls however a server streams or writes them; arguments read without RecursionError."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, strategies as st
import pytest

from custom_components.holomat.jarvis.textcalls import TextCall, TextCallSplitter, parse_text_calls
from custom_components.holomat.jarvis.toolcalls import (
    MAX_DEPTH,
    CallAssembler,
    ToolArgumentsError,
    new_call_id,
    parse_arguments,
    short_id,
)

MISTRAL_ID = re.compile(r"^[a-zA-Z0-9]{9}$")


def assembled(fragments: list[tuple[int | None, str | None, str | None, str | None]]) -> list:
    """Return ``(id, name, arguments)`` of the calls assembled from ``fragments``."""
    calls = CallAssembler()
    for fragment in fragments:
        calls.add(*fragment)
    return [(call.id, call.name, call.arguments) for call in calls.calls]


def test_openai_fragments_by_index() -> None:
    assert assembled(
        [
            (0, "call_a", "f", ""),
            (0, None, None, '{"x"'),
            (0, None, None, ": 1}"),
            (1, "call_b", "g", "{}"),
        ]
    ) == [("call_a", "f", '{"x": 1}'), ("call_b", "g", "{}")]


def test_ollama_repeats_index_zero_with_new_ids() -> None:
    assert assembled([(0, "call_1", "f", "{}"), (0, "call_2", "g", '{"a": 2}')]) == [
        ("call_1", "f", "{}"),
        ("call_2", "g", '{"a": 2}'),
    ]


def test_localai_repeats_the_id_with_new_indexes() -> None:
    assert assembled(
        [
            (0, "req", "f", None),
            (0, "req", None, "{}"),
            (1, "req", "g", None),
            (1, "req", None, "{}"),
        ]
    ) == [("req", "f", "{}"), ("req", "g", "{}")]


def test_whole_calls_without_id_or_index() -> None:
    assert assembled([(None, None, "f", "{}"), (None, None, "g", "{}")]) == [
        ("", "f", "{}"),
        ("", "g", "{}"),
    ]


def test_repeated_id_and_name_on_every_fragment() -> None:
    assert assembled([(0, "c", "f", '{"a"'), (0, "c", "f", ": 1}")]) == [("c", "f", '{"a": 1}')]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": ' * 2000 + "1" + "}" * 2000, "nest deeper"),
        ("[" * 100_000, "nest deeper"),
        ('{"name": ', "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
    ],
    ids=["deep-objects", "deep-unclosed-lists", "broken", "not-an-object"],
)
def test_unusable_arguments_raise_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(ToolArgumentsError, match=message):
        parse_arguments(text)


def test_arguments_at_the_depth_bound_are_read() -> None:
    text = '{"a": ' * (MAX_DEPTH - 1) + '{"s": "[[[[{{{{"}' + "}" * (MAX_DEPTH - 1)
    assert parse_arguments(text)["a"]["a"]
    assert parse_arguments("") == {}


def test_call_ids_are_mistral_ids() -> None:
    assert MISTRAL_ID.match(new_call_id())
    ulid = "01JEXAMPLE0000000000000000"
    assert MISTRAL_ID.match(short_id(ulid))
    assert short_id(ulid) == short_id(ulid)
    assert short_id("D681PevKs") == "D681PevKs"
    assert short_id("call_1") != short_id("call_2")


@pytest.mark.parametrize(
    ("text", "calls"),
    [
        (
            (
                '<tool_call>\n{"name": "f", "arguments": {"a": 1}}\n</tool_call>\n'
                '<tool_call>{"name": "g", "arguments": {}}</tool_call>'
            ),
            [TextCall("f", {"a": 1}), TextCall("g", {})],
        ),
        ('<tool_call>{"name": "f", "arguments": {"a": 1}}', [TextCall("f", {"a": 1})]),
        (
            '[TOOL_CALLS][{"name": "f", "arguments": {"a": 1}}, {"name": "g", "arguments": {}}]',
            [TextCall("f", {"a": 1}), TextCall("g", {})],
        ),
        (
            '[TOOL_CALLS]f[ARGS]{"a": 1}[TOOL_CALLS]g[ARGS]{}',
            [TextCall("f", {"a": 1}), TextCall("g", {})],
        ),
        ('[TOOL_CALLS]f[CALL_ID]a1b2c3d4e[ARGS]{"a": 1}', [TextCall("f", {"a": 1})]),
        (
            '<|python_tag|>{"name": "f", "parameters": {"a": 1}}; {"name": "g", "parameters": {}}',
            [TextCall("f", {"a": 1}), TextCall("g", {})],
        ),
        (
            '<tool_call>{"name": "f", "arguments": "{\\"a\\": 1}"}</tool_call>',
            [TextCall("f", {"a": 1})],
        ),
        (
            '<tool_call>{"name": "f", "arguments": [1]}</tool_call>',
            [TextCall("f", {}, "The arguments must be a JSON object.")],
        ),
    ],
    ids=[
        "hermes",
        "hermes-unclosed",
        "mistral-v3",
        "mistral-v11",
        "mistral-call-id",
        "llama",
        "string-args",
        "list-args",
    ],
)
def test_text_calls(text: str, calls: list[TextCall]) -> None:
    assert parse_text_calls(text) == calls


@pytest.mark.parametrize(
    "text",
    ["<tool_call>not json</tool_call>", '<|python_tag|>{"no": "name"}', "[TOOL_CALLS] maybe later"],
)
def test_unreadable_text_calls(text: str) -> None:
    with pytest.raises(ValueError, match=r"Expecting value|not a tool call"):
        parse_text_calls(text)


def test_deep_text_call_is_refused_before_parsing() -> None:
    with pytest.raises(ToolArgumentsError):
        parse_text_calls("<tool_call>" + "[" * 50_000)


@given(st.lists(st.integers(min_value=0, max_value=80), max_size=10))
def test_markers_are_held_back_however_chunked(cuts: list[int]) -> None:
    text = 'Checking, sir. <tool_call>{"name": "f", "arguments": {}}</tool_call>'
    points = sorted({0, len(text), *(c % (len(text) + 1) for c in cuts)})
    splitter = TextCallSplitter()
    said = "".join(splitter.feed(text[a:b]) for a, b in itertools.pairwise(points))
    said += splitter.flush()
    assert said == "Checking, sir. "
    assert splitter.held.startswith("<tool_call>")


def test_text_without_marker_is_all_speech() -> None:
    splitter = TextCallSplitter()
    assert splitter.feed("Price: [TOOL") == "Price: "
    assert splitter.feed("S] and <b>") == "[TOOLS] and <b>"
    assert splitter.flush() == ""
    assert not splitter.found
