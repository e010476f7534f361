"""Find tool calls that a model wrote as text because the server did not parse them.

Servers parse a model's tool-call syntax only when set up for it (llama.cpp with ``--jinja``, vLLM
with ``--tool-call-parser``); otherwise the syntax arrives as content. The forms recognised, as
the models' chat templates define them:

- Hermes / Qwen 2.5+ / Qwen 3: ``<tool_call>{"name": ..., "arguments": {...}}</tool_call>``,
  once per call;
- Mistral: ``[TOOL_CALLS][{"name": ..., "arguments": {...}}, ...]`` (tokenizer v3), or
  ``[TOOL_CALLS]name[ARGS]{...}`` per call (tokenizer v11+);
- Llama 3.1+: ``<|python_tag|>{"name": ..., "parameters": {...}}``, calls separated by ``;``.

From the first marker on, content is held back from speech; at the end it is parsed into calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import json
import re
from typing import Any, Final

from .toolcalls import MAX_DEPTH, ToolArgumentsError, nesting_depth

HERMES: Final = "<tool_call>"
MISTRAL: Final = "[TOOL_CALLS]"
LLAMA: Final = "<|python_tag|>"
MARKERS: Final = (HERMES, MISTRAL, LLAMA)
_HERMES_CALL: Final = re.compile(r"<tool_call>(.*?)(?:</tool_call>|$)", re.DOTALL)
_MISTRAL_ARGS: Final = re.compile(r"\s*([A-Za-z0-9_.-]+)(?:\[CALL_ID\][A-Za-z0-9]*)?\[ARGS\]")


@dataclass(frozen=True, slots=True)
class TextCall:
    """A call found in text: the tool's name and its arguments, or why they cannot be used."""

    name: str
    arguments: dict[str, Any]
    error: str | None = None


def _decode_all(text: str) -> list[Any]:
    """Return the JSON values written one after another in ``text`` (``;``, ``,`` between)."""
    decoder = json.JSONDecoder()
    values: list[Any] = []
    position = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n;,":
            position += 1
        if position >= len(text):
            return values
        value, position = decoder.raw_decode(text, position)
        values.append(value)


def _call(value: Any) -> TextCall:
    """Return the call described by one decoded JSON value."""
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        raise ValueError("not a tool call")  # noqa: TRY004 (the parser's error family)
    arguments = value.get("arguments", value.get("parameters", {}))
    if isinstance(arguments, str):
        arguments = json.loads(arguments or "{}")
    if not isinstance(arguments, dict):
        return TextCall(value["name"], {}, "The arguments must be a JSON object.")
    return TextCall(value["name"], arguments)


def _calls(values: list[Any]) -> list[TextCall]:
    """Return the calls of decoded values (a list holds several calls)."""
    calls: list[TextCall] = []
    for value in values:
        calls.extend(_call(item) for item in (value if isinstance(value, list) else [value]))
    return calls


def _mistral(text: str) -> list[TextCall]:
    """Return the calls after ``[TOOL_CALLS]`` markers, in either of Mistral's forms."""
    calls: list[TextCall] = []
    for part in text.split(MISTRAL)[1:]:
        if (named := _MISTRAL_ARGS.match(part)) is not None:
            (arguments,) = _decode_all(part[named.end() :])[:1] or [{}]
            calls.append(_call({"name": named.group(1), "arguments": arguments}))
        else:
            calls.extend(_calls(_decode_all(part)))
    return calls


def parse_text_calls(text: str) -> list[TextCall]:
    """Return the calls written in ``text`` (which starts at or before a marker).

    Raises ``ToolArgumentsError`` when the text nests too deeply to parse safely and
    ``ValueError`` when it is no readable call.
    """
    if nesting_depth(text) > MAX_DEPTH:
        raise ToolArgumentsError(f"The arguments nest deeper than {MAX_DEPTH} levels.")
    if HERMES in text:
        return _calls([json.loads(body) for body in _HERMES_CALL.findall(text) if body.strip()])
    if MISTRAL in text:
        return _mistral(text)
    return _calls(_decode_all(text.split(LLAMA, 1)[1]))


@dataclass(slots=True)
class TextCallSplitter:
    """Pass content through until a tool-call marker, then hold the rest back for parsing."""

    held: str = ""
    found: bool = False
    _tail: str = field(default="")

    def feed(self, text: str) -> str:
        """Return the part of ``text`` that is surely speech."""
        if self.found:
            self.held += text
            return ""
        text = self._tail + text
        starts = [start for marker in MARKERS if (start := text.find(marker)) >= 0]
        if starts:
            self.found, self.held, self._tail = True, text[min(starts) :], ""
            return text[: min(starts)]
        keep = max(
            (n for marker in MARKERS for n in range(1, len(marker)) if text.endswith(marker[:n])),
            default=0,
        )
        self._tail = text[len(text) - keep :] if keep else ""
        return text[: len(text) - keep]

    def flush(self) -> str:
        """Return the speech held back as a possible marker start at the end."""
        tail, self._tail = self._tail, ""
        return tail
