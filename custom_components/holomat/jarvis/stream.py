"""Turn Chat Completions answers (streamed or not) into Home Assistant chat log deltas.

Tool calls arrive fragmented and keyed by ``index``: the first fragment carries the id and the
name, the next ones pieces of the JSON arguments (some servers send a whole call at once, some
repeat or omit the id). Fragments are assembled by index and parsed only when the stream ends.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass, field
import json
from typing import Any

from homeassistant.components import conversation
from homeassistant.helpers import llm
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from .client import TurnUsage


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
    """What one answer ended with: its finish reason and whether it said or called anything."""

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
            result.said_something = True
            yield {"content": delta.content}
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
    # A reply cut by the token limit may hold half a call: never run it.
    if calls and result.finish_reason != "length":
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
        result.said_something = True
        yield {"content": choice.message.content}
    calls = [
        _PendingCall(call.id, call.function.name, [call.function.arguments]).tool_input()
        for call in choice.message.tool_calls or ()
        if call.type == "function"
    ]
    if calls and choice.finish_reason != "length":
        result.said_something = True
        yield {"tool_calls": calls}
