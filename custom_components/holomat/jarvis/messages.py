"""Turn a Home Assistant chat log into Chat Completions messages and tools.

Rules the model servers impose (OpenAI, llama.cpp chat templates): every ``tool`` message follows
the ``assistant`` message that holds its call, and every call is answered. Calls that Home
Assistant handled locally (external calls written by the default agent) are replayed only with
their result; a call left without one (a local command that failed to match its targets) is
dropped, so the next request is never refused (home-assistant/core#161142, #158445). History is
trimmed by whole turns, so a call is never separated from its result. An assistant message
followed by another one in the same turn was reasoning taken for an answer (see ``think.py``) and
is not sent back. For servers that want Mistral's tool call ids, ids are sent in that form.

What a server sent with an answer's tool calls for its own use (``Echo``: a call's
``extra_content`` such as Gemini's thought signature, the message's ``reasoning_content``) is
sent back with those calls: Gemini 3 and DeepSeek's thinking mode refuse the next request
without it (open-webui/computer#224; api-docs.deepseek.com, "Thinking Mode"). A server only
ever gets back fields it sent itself. Once a model's context overflowed, the messages are fitted
to what it holds (``trim.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
import itertools
import json
from typing import Any

from homeassistant.components import conversation
from homeassistant.helpers import llm
from homeassistant.helpers.json import JSONEncoder
from voluptuous_openapi import convert  # type: ignore[import-untyped]

from .toolcalls import short_id
from .trim import fit

type Message = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Echo:
    """Fields a server sent with an answer's tool calls, to send back with them.

    ``message`` holds the message's own (``reasoning_content``, ``reasoning_details``...),
    ``calls`` each call's, by call id (``extra_content``...).
    """

    message: dict[str, Any] = field(default_factory=dict)
    calls: dict[str, dict[str, Any]] = field(default_factory=dict)


TOOLS_UNAVAILABLE = (
    "Tools are unavailable on this model server: you cannot act on the home. "
    "If asked to act, say so briefly."
)


def _turns(content: Iterable[conversation.Content]) -> list[list[conversation.Content]]:
    """Split the log (without its system prompt) into turns, each starting with a user message."""
    turns: list[list[conversation.Content]] = []
    for item in content:
        if isinstance(item, conversation.UserContent) or not turns:
            turns.append([])
        turns[-1].append(item)
    return turns


def _superseded(kept: list[conversation.Content]) -> set[int]:
    """Return the positions of assistant texts that the next assistant message replaced."""
    return {
        i
        for i, (item, after) in enumerate(itertools.pairwise(kept))
        if isinstance(item, conversation.AssistantContent)
        and isinstance(after, conversation.AssistantContent)
        and not item.tool_calls
    }


def build_messages(
    content: list[conversation.Content],
    max_history: int,
    *,
    tools_unavailable: bool = False,
    short_ids: bool = False,
    context_chars: int | None = None,
) -> list[Message]:
    """Return the messages for ``content``: its system prompt, ``max_history`` earlier turns, now.

    ``max_history`` counts earlier turns (0: only the current one); ``short_ids`` sends tool call
    ids as 9 letters and digits; ``context_chars`` is the size the messages must fit, if known.
    """
    system = content[0]
    turns = _turns(content[1:])
    kept = [item for turn in turns[-(max_history + 1) :] for item in turn]
    superseded = _superseded(kept)
    kept = [item for i, item in enumerate(kept) if i not in superseded]
    wire_id = short_id if short_ids else str
    answered = {
        item.tool_call_id for item in kept if isinstance(item, conversation.ToolResultContent)
    }
    sent_calls: set[str] = set()
    prompt = system.content if isinstance(system, conversation.SystemContent) else ""
    if tools_unavailable:
        prompt = f"{prompt}\n{TOOLS_UNAVAILABLE}"
    messages: list[Message] = [{"role": "system", "content": prompt}]
    for item in kept:
        if isinstance(item, conversation.UserContent):
            messages.append({"role": "user", "content": item.content})
        elif isinstance(item, conversation.AssistantContent):
            calls = [call for call in item.tool_calls or () if call.id in answered]
            if not item.content and not calls:
                continue
            message: Message = {"role": "assistant", "content": item.content or None}
            if calls:
                echo = item.native if isinstance(item.native, Echo) else Echo()
                message |= echo.message
                message["tool_calls"] = [
                    _tool_call(call, wire_id(call.id)) | echo.calls.get(call.id, {})
                    for call in calls
                ]
                sent_calls.update(call.id for call in calls)
            messages.append(message)
        elif isinstance(item, conversation.ToolResultContent) and item.tool_call_id in sent_calls:
            messages.append(
                {
                    "role": "tool",
                    "tool_call_id": wire_id(item.tool_call_id),
                    "content": json.dumps(item.tool_result, cls=JSONEncoder),
                }
            )
    return messages if context_chars is None else fit(messages, context_chars)


def _tool_call(call: llm.ToolInput, call_id: str) -> Message:
    """Return the wire form of one tool call, with the id to send."""
    return {
        "id": call_id,
        "type": "function",
        "function": {
            "name": call.tool_name,
            "arguments": json.dumps(call.tool_args, cls=JSONEncoder),
        },
    }


def build_tools(api: llm.APIInstance) -> list[Message]:
    """Return the function tools of ``api`` in the Chat Completions format."""
    tools: list[Message] = []
    for tool in api.tools:
        function: Message = {
            "name": tool.name,
            "parameters": convert(tool.parameters, custom_serializer=api.custom_serializer),
        }
        if tool.description:
            function["description"] = tool.description
        tools.append({"type": "function", "function": function})
    return tools
