"""Turn Chat Completions answers (streamed or not) into Home Assistant chat log deltas.

Content goes through two filters: reasoning is split off (``think.py``) and tool calls written as
text are held back and run (``textcalls.py``). Streamed tool call fragments are assembled by id,
falling back on index (``toolcalls.py``), and parsed when the answer ends. A call whose arguments
cannot be used is not run: the model gets a tool error saying why, and may try again. Reasoning
sent apart (``reasoning_content``, ``reasoning``) goes to the chat log as thinking.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from dataclasses import dataclass, field
import logging
from typing import Any

from homeassistant.components import conversation
from homeassistant.helpers import llm
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from .client import TurnUsage
from .dialect import ServerDialect
from .textcalls import TextCall, TextCallSplitter, parse_text_calls
from .think import Piece, ThinkSplitter
from .toolcalls import CallAssembler, ToolArgumentsError, new_call_id, parse_arguments

_LOGGER = logging.getLogger(__name__)

type Delta = conversation.AssistantContentDeltaDict | conversation.ToolResultContentDeltaDict

INVALID_ARGUMENTS = "InvalidToolArguments"


@dataclass(slots=True)
class StreamResult:
    """What one answer ended with: its finish reason and whether it said or called anything.

    ``tools_allowed`` (set by the caller) is false when the agent has no LLM API: calls a model
    makes anyway are then ignored.
    """

    tools_allowed: bool = True
    finish_reason: str | None = None
    said_something: bool = False


@dataclass(slots=True)
class _Answer:
    """One answer being read: content filters, tool calls, and what it teaches of the model."""

    dialect: ServerDialect
    result: StreamResult
    think: ThinkSplitter = field(init=False)
    text_calls: TextCallSplitter = field(default_factory=TextCallSplitter)
    calls: CallAssembler = field(default_factory=CallAssembler)

    def __post_init__(self) -> None:
        """Start the reasoning filter with what is known of the model."""
        self.think = ThinkSplitter(bare_think=self.dialect.bare_think)

    def content(self, text: str) -> Iterator[Delta]:
        """Yield the deltas of a piece of content."""
        yield from self._pieces(self.think.feed(text))

    def _pieces(self, pieces: list[Piece]) -> Iterator[Delta]:
        """Yield the deltas of split pieces, holding back tool calls written as text."""
        for kind, text in pieces:
            if kind == "restart":
                yield {"role": "assistant"}
            elif kind == "thinking":
                yield {"thinking_content": text}
            elif speech := self.text_calls.feed(text):
                self.result.said_something = True
                yield {"content": speech}

    def end(self) -> Iterator[Delta]:
        """Yield what the answer left: held content, then its tool calls."""
        yield from self._pieces(self.think.flush())
        if tail := self.text_calls.flush():
            self.result.said_something = True
            yield {"content": tail}
        self._learn()
        text_calls, unreadable = self._text_calls()
        if unreadable:
            self.result.said_something = True
            yield {"content": unreadable}
        inputs: list[llm.ToolInput] = []
        errors: list[conversation.ToolResultContentDeltaDict] = []
        for call in text_calls:
            self._add(inputs, errors, call, new_call_id())
        used: set[str] = set()
        for pending in self.calls.calls:
            try:
                args, error = parse_arguments(pending.arguments), None
            except ToolArgumentsError as err:
                args, error = {}, str(err)
            # LocalAI gives every call of a reply the same id: each needs its own.
            call_id = pending.id if pending.id and pending.id not in used else new_call_id()
            used.add(call_id)
            self._add(inputs, errors, TextCall(pending.name, args, error), call_id)
        # A reply cut by the token limit may hold half a call: never run it.
        if inputs and self.result.tools_allowed and self.result.finish_reason != "length":
            self.result.said_something = True
            yield {"tool_calls": inputs}
            yield from errors

    def _text_calls(self) -> tuple[list[TextCall], str]:
        """Return the calls written as text, or the text when it holds no readable call."""
        if not self.text_calls.found:
            return [], ""
        try:
            return parse_text_calls(self.text_calls.held), ""
        except ToolArgumentsError as err:
            return [TextCall("unknown", {}, str(err))], ""
        except ValueError:
            _LOGGER.warning("Unreadable tool call in the model's text: %s", self.text_calls.held)
            return [], self.text_calls.held

    def _add(
        self,
        inputs: list[llm.ToolInput],
        errors: list[conversation.ToolResultContentDeltaDict],
        call: TextCall,
        call_id: str,
    ) -> None:
        """Add one call; one with unusable arguments is answered with a tool error, not run."""
        name, args, error = call.name, call.arguments, call.error
        inputs.append(
            llm.ToolInput(tool_name=name, tool_args=args, id=call_id, external=bool(error))
        )
        if error:
            errors.append(
                {
                    "role": "tool_result",
                    "tool_call_id": call_id,
                    "tool_name": name,
                    "tool_result": {"error": INVALID_ARGUMENTS, "error_text": error},
                }
            )

    def _learn(self) -> None:
        """Remember how the model opens its reasoning."""
        if self.think.saw_bare_close:
            self.dialect.bare_think = True
        elif self.dialect.bare_think is None and (self.think.saw_open or self.think.saw_answer):
            self.dialect.bare_think = False


def _reasoning(delta: Any) -> str | None:
    """Return the reasoning text some servers stream beside the content (vLLM, llama.cpp)."""
    extra = getattr(delta, "model_extra", None) or {}
    value = extra.get("reasoning_content") or extra.get("reasoning")
    return value if isinstance(value, str) and value else None


def _add_usage(usage: TurnUsage, counts: Any) -> None:
    """Add a usage object's token counts (servers may leave some out)."""
    usage.prompt_tokens += getattr(counts, "prompt_tokens", 0) or 0
    usage.completion_tokens += getattr(counts, "completion_tokens", 0) or 0


async def transform_stream(
    stream: AsyncIterator[ChatCompletionChunk],
    usage: TurnUsage,
    result: StreamResult,
    dialect: ServerDialect,
) -> AsyncGenerator[Delta]:
    """Yield chat log deltas for a streamed answer, adding its token counts to ``usage``."""
    yield {"role": "assistant"}
    answer = _Answer(dialect, result)
    async for chunk in stream:
        if chunk.usage is not None:
            _add_usage(usage, chunk.usage)
        if not chunk.choices:
            continue
        choice = chunk.choices[0]
        # Servers may leave ``delta`` out of a finishing chunk; the SDK does not fill it in.
        delta: Any = getattr(choice, "delta", None) or {}
        if (thinking := _reasoning(delta)) is not None:
            yield {"thinking_content": thinking}
        if content := getattr(delta, "content", None):
            for item in answer.content(content):
                yield item
        for fragment in getattr(delta, "tool_calls", None) or ():
            function = fragment.function
            answer.calls.add(
                getattr(fragment, "index", None),
                fragment.id,
                function.name if function is not None else None,
                function.arguments if function is not None else None,
            )
        if choice.finish_reason is not None:
            result.finish_reason = choice.finish_reason
    for item in answer.end():
        yield item


async def transform_completion(
    completion: ChatCompletion, usage: TurnUsage, result: StreamResult, dialect: ServerDialect
) -> AsyncGenerator[Delta]:
    """Yield chat log deltas for an answer given at once (servers that cannot stream)."""
    yield {"role": "assistant"}
    if completion.usage is not None:
        _add_usage(usage, completion.usage)
    choice = completion.choices[0]
    result.finish_reason = choice.finish_reason
    if (thinking := _reasoning(choice.message)) is not None:
        yield {"thinking_content": thinking}
    answer = _Answer(dialect, result)
    if choice.message.content:
        for item in answer.content(choice.message.content):
            yield item
    for call in choice.message.tool_calls or ():
        if call.type == "function":
            answer.calls.add(None, call.id, call.function.name, call.function.arguments)
    for item in answer.end():
        yield item
