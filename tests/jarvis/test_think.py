"""``<think>`` blocks of reasoning models never reach speech, however the stream is chunked."""

from __future__ import annotations

import itertools

from hypothesis import given, strategies as st

from custom_components.holomat.jarvis.stream import ThinkSplitter


def split(chunks: list[str]) -> tuple[str, str]:
    """Feed ``chunks`` and return the joined thinking and answer."""
    splitter = ThinkSplitter()
    pieces = [piece for chunk in chunks for piece in splitter.feed(chunk)] + splitter.flush()
    thinking = "".join(text for kind, text in pieces if kind == "thinking")
    answer = "".join(text for kind, text in pieces if kind == "content")
    return thinking, answer


def chunked(text: str, cuts: list[int]) -> list[str]:
    """Cut ``text`` at ``cuts``."""
    points = sorted({0, len(text), *(c % (len(text) + 1) for c in cuts)})
    return [text[a:b] for a, b in itertools.pairwise(points)]


@given(st.lists(st.integers(min_value=0, max_value=200), max_size=12))
def test_leading_think_block_any_chunking(cuts: list[int]) -> None:
    text = "\n<think>The user greets me. </thi think>\n</think>\n\nGood evening, sir. <think>x"
    assert split(chunked(text, cuts)) == (
        "The user greets me. </thi think>\n",
        "Good evening, sir. <think>x",
    )


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=6))
def test_plain_answers_are_untouched(cuts: list[int]) -> None:
    for text in ("Hello, sir.", "<th", "  <b>bold</b>", " "):
        assert split(chunked(text, cuts)) == ("", text)


def test_unfinished_think_block_stays_thinking() -> None:
    assert split(["<think>still thin", "king</th"]) == ("still thinking</th", "")
