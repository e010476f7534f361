"""Turn Chat Completions answers (streamed or not) into Home Assistant chat log deltas.

Each event is read by ``chunks.py`` whatever its shape. Content goes through two filters:
reasoning is split off (``think.py``) and tool calls written as text are held back and run
(``textcalls.py``); a call that also came as a structured ``tool_calls`` entry runs once.
Streamed tool call fragments are assembled by id, falling back on index (``toolcalls.py``), and
parsed when the answer ends. A call whose arguments cannot be used is not run: the model gets a
tool error saying why, and may try again. Reasoning sent apart goes to the chat log as thinking.

An answer ends when the server says so: at ``[DONE]``, at the end of the connection, or
``FINISH_GRACE`` seconds after its ``finish_reason`` (at once with the usage that follows it),
so a server that never closes its stream costs no wait. An answer cut short (by the length
limit, a content filter, or a connection or stream error before any finish) runs no tool call
and ends with a note saying so, in the user's language (``CutNotes``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Iterator, Mapping
import contextlib
from dataclasses import dataclass, field
from enum import StrEnum
import logging
from typing import Any, Final

from homeassistant.components import conversation
from homeassistant.helpers import llm
import httpx

from ..texts import Text
from .chunks import Chunk, read_chunk, read_completion
from .client import TurnUsage
from .dialect import ServerDialect
from .messages import Echo
from .sse import EventReader, StreamError
from .textcalls import TextCall, TextCallSplitter, parse_text_calls
from .think import Piece, ThinkSplitter
from .toolcalls import CallAssembler, ToolArgumentsError, merge, new_call_id, parse_arguments

_LOGGER = logging.getLogger(__name__)

type Delta = conversation.AssistantContentDeltaDict | conversation.ToolResultContentDeltaDict

INVALID_ARGUMENTS: Final = "InvalidToolArguments"
# Seconds an answer waits, after its finish_reason, for what may follow (usage, [DONE]).
FINISH_GRACE: Final = 0.5


class Cut(StrEnum):
    """Why an answer stopped before its end."""

    LENGTH = "length"
    FILTER = "filter"
    BROKEN = "broken"

    @property
    def note(self) -> Text:
        """Return the key of the note that says so (``translations``, ``common``)."""
        return Text(f"jarvis_cut_{self}")


# Finish reasons that cut an answer: OpenAI's "length" and "content_filter" (Azure, Gemini's
# OpenAI endpoint for its safety stops), OpenRouter's "error" (a mid-stream failure).
CUT_REASONS: Final = {"length": Cut.LENGTH, "content_filter": Cut.FILTER, "error": Cut.BROKEN}

type CutNotes = Mapping[Cut, str]


@dataclass(slots=True)
class StreamResult:
    """What one answer ended with: its finish reason, whether it said or called anything.

    ``tools_allowed`` (set by the caller) is false when the agent has no LLM API: calls a model
    makes anyway are then ignored. ``cut`` says why the answer stopped early, if it did.
    """

    tools_allowed: bool = True
    finish_reason: str | None = None
    said_something: bool = False
    cut: Cut | None = None


@dataclass(slots=True)
class _Answer:
    """One answer being read: content filters, tool calls, and what it teaches of the model."""

    dialect: ServerDialect
    result: StreamResult
    notes: CutNotes
    think: ThinkSplitter = field(init=False)
    text_calls: TextCallSplitter = field(default_factory=TextCallSplitter)
    calls: CallAssembler = field(default_factory=CallAssembler)
    echo: dict[str, Any] = field(default_factory=dict)
    spoken: str = ""

    def __post_init__(self) -> None:
        """Start the reasoning filter with what is known of the model."""
        self.think = ThinkSplitter(bare_think=self.dialect.bare_think)

    def read(self, chunk: Chunk) -> Iterator[Delta]:
        """Yield the deltas of one chunk and keep its calls, echo fields and finish."""
        if chunk.reasoning:
            yield {"thinking_content": chunk.reasoning}
        if chunk.content:
            yield from self._pieces(self.think.feed(chunk.content))
        for fragment in chunk.calls:
            if not fragment.empty:
                self.calls.add(
                    fragment.index, fragment.id, fragment.name, fragment.arguments, fragment.extra
                )
        for key, value in chunk.echo.items():
            self.echo[key] = self.echo.get(key, type(value)()) + value
        if chunk.finish_reason is not None:
            self.result.finish_reason = chunk.finish_reason
            self.result.cut = CUT_REASONS.get(chunk.finish_reason)

    def _pieces(self, pieces: list[Piece]) -> Iterator[Delta]:
        """Yield the deltas of split pieces, holding back tool calls written as text."""
        for kind, text in pieces:
            if kind == "restart":
                self.spoken = ""
                yield {"role": "assistant"}
            elif kind == "thinking":
                yield {"thinking_content": text}
            elif speech := self.text_calls.feed(text):
                yield self._say(speech)

    def _say(self, text: str) -> Delta:
        """Return the delta of speech (blank speech says nothing)."""
        self.result.said_something |= bool(text.strip())
        self.spoken += text
        return {"content": text}

    def end(self) -> Iterator[Delta]:
        """Yield what the answer left: held content, a cut note, then its tool calls."""
        yield from self._pieces(self.think.flush())
        if tail := self.text_calls.flush():
            yield self._say(tail)
        self._learn()
        text_calls, unreadable = self._text_calls()
        if unreadable:
            yield self._say(unreadable)
        if (cut := self.result.cut) is not None:
            if self.result.said_something or cut is not Cut.BROKEN:
                separator = "… " if self.spoken.strip() else ""
                yield self._say(separator + self.notes[cut])
            return  # a cut answer may hold half a call: never run it
        inputs, errors, extras = self._calls(text_calls)
        if inputs and self.result.tools_allowed:
            self.result.said_something = True
            if self.echo or extras:
                yield {"native": Echo(message=self.echo, calls=extras)}
            yield {"tool_calls": inputs}
            yield from errors

    def _calls(
        self, text_calls: list[TextCall]
    ) -> tuple[
        list[llm.ToolInput],
        list[conversation.ToolResultContentDeltaDict],
        dict[str, dict[str, Any]],
    ]:
        """Return the calls to run, the tool errors of unusable ones, and each call's extras.

        A call written as text that the server also sent structured runs once (the server's
        structured form wins): servers that parse a model's tool-call syntax may still stream
        the raw markup as content (mudler/LocalAI#10346, Blaizzy/mlx-vlm#974).
        """
        inputs: list[llm.ToolInput] = []
        errors: list[conversation.ToolResultContentDeltaDict] = []
        extras: dict[str, dict[str, Any]] = {}
        structured = [call.name for call in self.calls.calls]
        for call in text_calls:
            if call.name in structured:
                structured.remove(call.name)
                continue
            _add(inputs, errors, call, new_call_id())
        used: set[str] = set()
        for pending in self.calls.calls:
            try:
                args, error = parse_arguments(pending.arguments), None
            except ToolArgumentsError as err:
                args, error = {}, str(err)
            if not pending.name:
                error = "The call names no function."
            # LocalAI gives every call of a reply the same id: each needs its own.
            call_id = pending.id if pending.id and pending.id not in used else new_call_id()
            used.add(call_id)
            _add(inputs, errors, TextCall(pending.name or "unknown", args, error), call_id)
            if pending.extra:
                merge(extras.setdefault(call_id, {}), pending.extra)
        return inputs, errors, extras

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

    def _learn(self) -> None:
        """Remember how the model opens its reasoning."""
        if self.think.saw_bare_close:
            self.dialect.bare_think = True
        elif self.dialect.bare_think is None and (self.think.saw_open or self.think.saw_answer):
            self.dialect.bare_think = False


def _add(
    inputs: list[llm.ToolInput],
    errors: list[conversation.ToolResultContentDeltaDict],
    call: TextCall,
    call_id: str,
) -> None:
    """Add one call; one with unusable arguments is answered with a tool error, not run."""
    name, args, error = call.name, call.arguments, call.error
    inputs.append(llm.ToolInput(tool_name=name, tool_args=args, id=call_id, external=bool(error)))
    if error:
        errors.append(
            {
                "role": "tool_result",
                "tool_call_id": call_id,
                "tool_name": name,
                "tool_result": {"error": INVALID_ARGUMENTS, "error_text": error},
            }
        )


def _add_usage(usage: TurnUsage, counts: tuple[int, int] | None) -> None:
    """Add an event's token counts."""
    if counts is not None:
        usage.prompt_tokens += counts[0]
        usage.completion_tokens += counts[1]


async def _chunks(
    lines: AsyncIterator[str], result: StreamResult, reader: EventReader
) -> AsyncIterator[Chunk]:
    """Yield the chunks of a streamed answer until it ends (see the module docstring).

    A connection or stream error after something was said cuts the answer; before, it raises
    (``httpx.TransportError``, ``StreamError``) so the request may be retried or reported.
    """
    async with contextlib.aclosing(reader.events(lines)) as events:
        while True:
            try:
                async with asyncio.timeout(FINISH_GRACE if result.finish_reason else None):
                    event = await anext(events)
            except (StopAsyncIteration, TimeoutError):
                return
            except (httpx.TransportError, StreamError) as err:
                if not result.said_something:
                    raise
                _LOGGER.warning("The answer broke off: %s", err)
                result.cut = Cut.BROKEN
                return
            chunk = read_chunk(event)
            yield chunk
            if result.finish_reason is not None and chunk.usage is not None:
                return


async def transform_stream(
    lines: AsyncIterator[str],
    usage: TurnUsage,
    result: StreamResult,
    dialect: ServerDialect,
    notes: CutNotes,
) -> AsyncGenerator[Delta]:
    """Yield chat log deltas for a streamed answer (its SSE lines), adding its token counts."""
    yield {"role": "assistant"}
    answer = _Answer(dialect, result, notes)
    reader = EventReader()
    async for chunk in _chunks(lines, result, reader):
        _add_usage(usage, chunk.usage)
        for item in answer.read(chunk):
            yield item
    if result.finish_reason is None and not reader.done and result.cut is None:
        result.cut = Cut.BROKEN
    for item in answer.end():
        yield item


async def transform_completion(
    body: Any, usage: TurnUsage, result: StreamResult, dialect: ServerDialect, notes: CutNotes
) -> AsyncGenerator[Delta]:
    """Yield chat log deltas for an answer given at once (servers that cannot stream)."""
    yield {"role": "assistant"}
    chunk = read_completion(body)
    _add_usage(usage, chunk.usage)
    answer = _Answer(dialect, result, notes)
    for item in answer.read(chunk):
        yield item
    for item in answer.end():
        yield item
