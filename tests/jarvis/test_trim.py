"""Fitting a history to a context: tool results first, oldest and largest first, pairs intact."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, strategies as st

from custom_components.holomat.jarvis.trim import TRIMMED, budget_after_overflow, fit, size
from holomat_dev.openai_standin import error_body


@st.composite
def histories(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Return a system prompt and turns of user words, tool calls with results, answers."""
    messages: list[dict[str, Any]] = [{"role": "system", "content": "You are JARVIS."}]
    for turn in range(draw(st.integers(1, 4))):
        messages.append({"role": "user", "content": f"question {turn}"})
        calls = [f"call_{turn}_{n}" for n in range(draw(st.integers(0, 3)))]
        if calls:
            messages.append(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [{"id": c, "type": "function"} for c in calls],
                }
            )
            messages += [
                {"role": "tool", "tool_call_id": c, "content": "x" * draw(st.integers(0, 900))}
                for c in calls
            ]
        messages.append({"role": "assistant", "content": f"answer {turn}"})
    return messages


def _calls_answered(messages: list[dict[str, Any]]) -> bool:
    """Return whether each call has its result and each result follows its call."""
    called: list[str] = []
    for message in messages:
        called += [call["id"] for call in message.get("tool_calls", ())]
        if message["role"] == "tool" and message["tool_call_id"] not in called:
            return False
    results = {m["tool_call_id"] for m in messages if m["role"] == "tool"}
    return set(called) == results


@given(histories(), st.integers(0, 6000))
def test_fit_trims_what_it_must_and_keeps_pairs(
    messages: list[dict[str, Any]], budget: int
) -> None:
    fitted = fit(messages, budget)
    assert fitted[0] == messages[0]
    assert fitted[-1] == messages[-1]
    assert [m for m in fitted if m["role"] == "user"][-1] == [
        m for m in messages if m["role"] == "user"
    ][-1]
    assert _calls_answered(fitted)
    if size(fitted) > budget:
        # Nothing more could go: every large tool result trimmed, only the current turn left.
        assert all(len(m["content"]) <= len(TRIMMED) for m in fitted if m["role"] == "tool")
        assert sum(m["role"] == "user" for m in fitted) == 1
    # What was trimmed was older, or as old and larger, than any large result kept whole.
    large = [
        (sum(m["role"] == "user" for m in messages[:position]), -len(m["content"]), m)
        for position, m in enumerate(messages)
        if m["role"] == "tool" and len(m["content"]) > len(TRIMMED)
    ]
    trimmed = [key[:2] for *key, m in large if {**m, "content": TRIMMED} in fitted]
    kept = [key[:2] for *key, m in large if m in fitted]
    if trimmed and kept:
        assert max(trimmed) <= min(kept)


def test_budget_from_the_server_numbers() -> None:
    messages = [{"role": "user", "content": "x" * 1000}]
    llama = error_body("the request exceeds the available context size", "x", None, None)
    llama["error"] |= {"n_prompt_tokens": 2000, "n_ctx": 1000}

    class NumbersError(Exception):
        body = llama

    class UnsaidError(Exception):
        body = json.loads('{"error": {"message": "prompt is too long"}}')

    half = int(size(messages) * 0.5 * 0.9)
    assert budget_after_overflow(NumbersError(), messages) == half
    assert budget_after_overflow(UnsaidError(), messages) == half
    assert budget_after_overflow(NumbersError(), messages, fixed=10_000) == 0
