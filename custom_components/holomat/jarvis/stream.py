"""Turn Chat Completions answers (streamed or not) into Home Assistant chat log deltas.

Tool calls arrive fragmented and keyed by ``index``: the first fragment carries the id and the
name, the next ones pieces of the JSON arguments (some servers send a whole call at once, some
repeat or omit the id). Fragments are assembled by index and parsed only when the stream ends.

Reasoning models served by Ollama or llama.cpp (qwen3, deepseek-r1) may open their answer with a
``<think>…</think>`` block inside the content: it goes to the chat log as thinking, never to
speech. Reasoning sent apart (``reasoning_content``) goes there too.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass, field
import json
from typing import Any, Final, Literal

from homeassistant.components import conversation
from homeassistant.helpers import llm
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from .client import TurnUsage

THINK_OPEN: Final = "<think>"
THINK_CLOSE: Final = "</think>"


@dataclass(slots=True)
class ThinkSplitter:
    """Split streamed content into a leading ``<think>`` block and the answer, across chunks."""

    state: Literal["start", "thinking", "answer"] = "start"
    buffer: str = ""
    after_think: bool = False

    def feed(self, text: str) -> list[tuple[Literal["thinking", "content"], str]]:
        """Return the thinking and answer pieces that ``text`` completes, in order."""
        out: list[tuple[Literal["thinking", "content"], str]] = []
        self.buffer += text
        if self.state == "start":
            stripped = self.buffer.lstrip()
            if stripped.startswith(THINK_OPEN):
                self.state, self.buffer = "thinking", stripped[len(THINK_OPEN) :]
            elif THINK_OPEN.startswith(stripped):
                return out  # may still become <think>
            else:
                self.state = "answer"
        if self.state == "thinking":
            end = self.buffer.find(THINK_CLOSE)
            if end < 0:
                keep = next(
                    (
                        n
                        for n in range(len(THINK_CLOSE) - 1, 0, -1)
                        if self.buffer.endswith(THINK_CLOSE[:n])
                    ),
                    0,
                )
                if thinking := self.buffer[: len(self.buffer) - keep]:
                    out.append(("thinking", thinking))
                self.buffer = self.buffer[len(self.buffer) - keep :]
                return out
            if thinking := self.buffer[:end]:
                out.append(("thinking", thinking))
            self.state, self.buffer, self.after_think = (
                "answer",
                self.buffer[end + len(THINK_CLOSE) :],
                True,
            )
        if self.after_think:
            self.buffer = self.buffer.lstrip()
            self.after_think = not self.buffer
        if self.buffer:
            out.append(("content", self.buffer))
            self.buffer = ""
        return out

    def flush(self) -> list[tuple[Literal["thinking", "content"], str]]:
        """Return what is left when the answer ends."""
        if not self.buffer:
            return []
        kind: Literal["thinking", "content"] = "thinking" if self.state == "thinking" else "content"
        text, self.buffer = self.buffer, ""
        return [(kind, text)]


def _split_think(
    pieces: list[tuple[Literal["thinking", "content"], str]],
    result: StreamResult,
) -> list[conversation.AssistantContentDeltaDict]:
    """Return the deltas of split content pieces, noting whether any answer was said."""
    deltas: list[conversation.AssistantContentDeltaDict] = []
    for kind, text in pieces:
        if kind == "content":
            result.said_something = True
            deltas.append({"content": text})
        else:
            deltas.append({"thinking_content": text})
    return deltas


@dataclass(slots=True)
class _PendingCall:
    """A tool call being assembled from fragments."""

    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)

    def tool_input(self) -> llm.ToolInput:
        """Return the assembled call; unreadable arguments become none (the tool says so)."""
        try:
            args = json.loads("".join(self.arguments) or "{}")
        except json.JSONDecodeError:
            args = {}
        if not isinstance(args, dict):
            args = {}
        if self.id:
            return llm.ToolInput(tool_name=self.name, tool_args=args, id=self.id)
        return llm.ToolInput(tool_name=self.name, tool_args=args)


@dataclass(slots=True)
class StreamResult:
    """What one answer ended with: its finish reason and whether it said or called anything.

    ``tools_allowed`` (set by the caller) is false when the agent has no LLM API: calls a model
    makes anyway are then ignored.
    """

    tools_allowed: bool = True
    finish_reason: str | None = None
    said_something: bool = False


def _reasoning(delta: Any) -> str | None:
    """Return the reasoning text some servers stream beside the content (vLLM, llama.cpp)."""
    extra = getattr(delta, "model_extra", None) or {}
    value = extra.get("reasoning_content") or extra.get("reasoning")
    return value if isinstance(value, str) and value else None


async def transform_stream(
    stream: AsyncIterator[ChatCompletionChunk], usage: TurnUsage, result: StreamResult
) -> AsyncGenerator[conversation.AssistantContentDeltaDict]:
    """Yield chat log deltas for a streamed answer, adding its token counts to ``usage``."""
    yield {"role": "assistant"}
    splitter = ThinkSplitter()
    calls: dict[int, _PendingCall] = {}
    async for chunk in stream:
        if chunk.usage is not None:
            usage.prompt_tokens += chunk.usage.prompt_tokens
            usage.completion_tokens += chunk.usage.completion_tokens
        if not chunk.choices:
            continue
        choice = chunk.choices[0]
        delta = choice.delta
        if (thinking := _reasoning(delta)) is not None:
            yield {"thinking_content": thinking}
        if delta.content:
            for content in _split_think(splitter.feed(delta.content), result):
                yield content
        for fragment in delta.tool_calls or ():
            call = calls.setdefault(fragment.index, _PendingCall())
            if fragment.id:
                call.id = fragment.id
            if fragment.function is not None:
                if fragment.function.name:
                    call.name = fragment.function.name
                if fragment.function.arguments:
                    call.arguments.append(fragment.function.arguments)
        if choice.finish_reason is not None:
            result.finish_reason = choice.finish_reason
    for content in _split_think(splitter.flush(), result):
        yield content
    # A reply cut by the token limit may hold half a call: never run it.
    if calls and result.tools_allowed and result.finish_reason != "length":
        result.said_something = True
        yield {"tool_calls": [calls[index].tool_input() for index in sorted(calls)]}


async def transform_completion(
    completion: ChatCompletion, usage: TurnUsage, result: StreamResult
) -> AsyncGenerator[conversation.AssistantContentDeltaDict]:
    """Yield chat log deltas for an answer given at once (servers that cannot stream)."""
    yield {"role": "assistant"}
    if completion.usage is not None:
        usage.prompt_tokens += completion.usage.prompt_tokens
        usage.completion_tokens += completion.usage.completion_tokens
    choice = completion.choices[0]
    result.finish_reason = choice.finish_reason
    if choice.message.content:
        splitter = ThinkSplitter()
        pieces = splitter.feed(choice.message.content) + splitter.flush()
        for content in _split_think(pieces, result):
            yield content
    calls = [
        _PendingCall(call.id, call.function.name, [call.function.arguments]).tool_input()
        for call in choice.message.tool_calls or ()
        if call.type == "function"
    ]
    if calls and result.tools_allowed and choice.finish_reason != "length":
        result.said_something = True
        yield {"tool_calls": calls}
