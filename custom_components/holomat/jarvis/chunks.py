"""Read one Chat Completions chunk (or a whole completion) into typed values, whatever its shape.

Every event is validated with voluptuous schemas; each field on its own, so a field that cannot
be read is left out and the rest of the chunk is still used. What servers really send besides
OpenAI's shape (the corpus in ``tests/jarvis/dialects/`` cites each source):

- ``function.arguments`` as a JSON object, not a string (llama.cpp, ggml-org/llama.cpp#20198;
  MiniMax, can1357/oh-my-pi#1779): it is written back as JSON text;
- ``tool_calls`` as one object instead of a list, ``choices`` likewise;
- tool calls without ``index`` and a thought signature as a call's ``extra_content``, possibly
  in a fragment of its own (Gemini's OpenAI endpoint, open-webui/computer#224);
- ``content`` as a list of parts, ``text`` ones and ``thinking`` ones (Mistral's Magistral,
  BerriAI/litellm#16272);
- reasoning beside the content as ``reasoning_content`` (vLLM, llama.cpp, DeepSeek) or
  ``reasoning`` (Ollama, OpenRouter), and ``reasoning_details`` items (OpenRouter);
- a first chunk with no choices but ``prompt_filter_results`` (Azure OpenAI);
- ``finish_reason`` as an empty string on every chunk (some proxies): no finish.

Fields a server sends for its own use (a call's ``extra_content``, the message's reasoning) are
kept, to be sent back with that call in the next request (``messages.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import json
from typing import Any, Final

import voluptuous as vol

# Fields of a message that reasoning servers want back with its tool calls: DeepSeek's thinking
# mode answers 400 without ``reasoning_content`` (api-docs.deepseek.com, "Thinking Mode"),
# OpenRouter asks for ``reasoning_details`` back, Ollama reads ``reasoning``.
ECHO_TEXT: Final = ("reasoning_content", "reasoning")
ECHO_ITEMS: Final = ("reasoning_details",)
# The keys of a tool call fragment JARVIS reads itself; the others are the server's own.
CALL_KEYS: Final = frozenset({"index", "id", "type", "function"})


@dataclass(frozen=True, slots=True)
class CallFragment:
    """A piece of a tool call: what it carries (``None`` for what it does not)."""

    index: int | None = None
    id: str | None = None
    name: str | None = None
    arguments: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Return whether the fragment carries nothing (a ``null`` or unreadable call)."""
        return not (self.id or self.name or self.arguments or self.extra)


@dataclass(frozen=True, slots=True)
class Chunk:
    """What one event or completion says: text, reasoning, call pieces, finish, usage.

    ``echo`` holds the message fields to send back (``ECHO_TEXT`` strings, ``ECHO_ITEMS``
    lists); ``usage`` is ``(prompt_tokens, completion_tokens)`` when the event has counts.
    """

    content: str = ""
    reasoning: str = ""
    calls: tuple[CallFragment, ...] = ()
    finish_reason: str | None = None
    usage: tuple[int, int] | None = None
    echo: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Return whether the event said nothing JARVIS can use."""
        return not (self.content or self.reasoning or self.calls or self.finish_reason)


def lenient[T](validator: Callable[[Any], T], default: T) -> Callable[[Any], T]:
    """Return ``validator`` giving ``default`` for a value it refuses (``vol.Invalid``)."""

    def validate(value: Any) -> T:
        try:
            return validator(value)
        except vol.Invalid:
            return default

    return validate


def _text(value: Any) -> str | None:
    """Accept a string; an empty one means nothing."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise vol.Invalid("not a string")
    return value or None


def _index(value: Any) -> int | None:
    """Accept a non-negative integer (``True`` is no index)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise vol.Invalid("not an index")
    return value


def _call_id(value: Any) -> str | None:
    """Accept a string id, or a number written as one."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _arguments(value: Any) -> str | None:
    """Accept arguments as JSON text, or as a JSON value that is written back as text."""
    if value is None or isinstance(value, str):
        return value or None
    try:
        return json.dumps(value)
    except (ValueError, RecursionError) as err:
        raise vol.Invalid("not JSON") from err


def _as_list(value: Any) -> list[Any]:
    """Accept a list, or one object standing for a list of one."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        raise vol.Invalid("not a list")
    return value


def _dicts(value: Any) -> list[dict[str, Any]]:
    """Return the objects of a list (or of one object), skipping items that are not objects."""
    return [item for item in _as_list(value) if isinstance(item, dict)]


def _counts(value: Any) -> int:
    """Accept a token count."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise vol.Invalid("not a count")
    return value


_TEXT: Final = lenient(_text, None)
_DICTS: Final[Callable[[Any], list[dict[str, Any]]]] = lenient(_dicts, [])
FUNCTION: Final = vol.Schema(
    {
        vol.Optional("name", default=None): _TEXT,
        vol.Optional("arguments", default=None): lenient(_arguments, None),
    },
    extra=vol.REMOVE_EXTRA,
)
CALL: Final = vol.Schema(
    {
        vol.Optional("index", default=None): lenient(_index, None),
        vol.Optional("id", default=None): lenient(_call_id, None),
        vol.Optional("function", default={}): lenient(FUNCTION, {"name": None, "arguments": None}),
    },
    extra=vol.ALLOW_EXTRA,
)
USAGE: Final = vol.Schema(
    {
        vol.Optional("prompt_tokens", default=0): lenient(_counts, 0),
        vol.Optional("completion_tokens", default=0): lenient(_counts, 0),
    },
    extra=vol.REMOVE_EXTRA,
)


def _call(value: dict[str, Any]) -> CallFragment:
    """Return one tool call fragment."""
    data = CALL(value)
    function = data["function"]
    extra = {key: item for key, item in data.items() if key not in CALL_KEYS}
    return CallFragment(data["index"], data["id"], function["name"], function["arguments"], extra)


def _content(value: Any) -> tuple[str, str]:
    """Return the text and the reasoning of a message's content (a string or a list of parts)."""
    if isinstance(value, str):
        return value, ""
    text: list[str] = []
    reasoning: list[str] = []
    for part in _DICTS(value):
        if isinstance(part.get("text"), str) and part.get("type", "text") == "text":
            text.append(part["text"])
        elif part.get("type") == "thinking":
            reasoning.append(_content(part.get("thinking"))[0])
    return "".join(text), "".join(reasoning)


def _message(delta: dict[str, Any], finish_reason: str | None, usage: Any) -> Chunk:
    """Return what a delta (or a whole message) holds."""
    content, thinking = _content(delta.get("content"))
    texts = {key: text for key in ECHO_TEXT if (text := _TEXT(delta.get(key)))}
    items = {key: found for key in ECHO_ITEMS if (found := _DICTS(delta.get(key)))}
    calls = tuple(_call(item) for item in _DICTS(delta.get("tool_calls")))
    return Chunk(
        content=content,
        reasoning=next(iter(texts.values()), "") + thinking,
        calls=calls,
        finish_reason=finish_reason,
        usage=_usage(usage),
        echo=texts | items,
    )


def _usage(value: Any) -> tuple[int, int] | None:
    """Return the token counts of a usage object."""
    if not isinstance(value, dict):
        return None
    counts = USAGE(value)
    return counts["prompt_tokens"], counts["completion_tokens"]


def _choice(event: dict[str, Any]) -> dict[str, Any]:
    """Return the first choice of an event (``{}`` when it has none readable)."""
    choices = _DICTS(event.get("choices"))
    return choices[0] if choices else {}


def _read(body: Any, key: str) -> Chunk:
    """Return what the ``key`` (``delta`` or ``message``) of a body's first choice says."""
    if not isinstance(body, dict):
        return Chunk()
    choice = _choice(body)
    message = choice.get(key)
    return _message(
        message if isinstance(message, dict) else {},
        _TEXT(choice.get("finish_reason")),
        body.get("usage"),
    )


def read_chunk(event: Any) -> Chunk:
    """Return what a streamed ``chat.completion.chunk`` event says (nothing for a non-object)."""
    return _read(event, "delta")


def read_completion(body: Any) -> Chunk:
    """Return what a whole ``chat.completion`` body says, read like one chunk."""
    return _read(body, "message")
