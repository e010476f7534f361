"""Assemble the tool calls a model server streams, and read their arguments safely.

Servers disagree on how a streamed call is keyed (see ``tests/jarvis/dialects/``):

- OpenAI, vLLM, llama.cpp: the first fragment of a call carries ``index``, ``id`` and the name,
  the next ones only ``index`` and a piece of the arguments;
- Ollama (``openai/openai.go``, ``ToToolCalls``): each chunk holds one whole call, and the index is
  the parser's own (0 for every call of a reply), so calls are told apart by ``id``;
- LocalAI (``core/http/endpoints/openai/chat.go``, ``processTools``): every call of a reply
  carries the request's id, told apart by ``index``;
- some send whole calls with neither a new ``id`` nor a new ``index``.

- Gemini's OpenAI endpoint: no ``index`` at all, the arguments split over fragments without id
  (open-webui/computer#224); some of its gateways put a second call's whole arguments on the
  first call's ``index`` (dyedd/lens#49).

So a fragment belongs to the call with its ``id`` and ``index``; one without an ``id`` to the last
call of its ``index`` unless it starts a new call (a name, or whole arguments, after a complete
call). A fragment repeating a complete call whole (same id, same arguments) adds nothing. Fields
the server sends with a call for its own use (``extra``, e.g. a thought signature) are kept.

Tool call ids: Mistral models (``mistral-common``'s validator, used by Mistral's API and by vLLM
serving them) accept only ``^[a-zA-Z0-9]{9}$``; ids made here have that form, and ``short_id``
maps any other id to one, the same way each time so a call and its result stay paired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import hashlib
import json
import re
import secrets
import string
from typing import Any, Final

ID_ALPHABET: Final = string.ascii_letters + string.digits
ID_LENGTH: Final = 9
SHORT_ID: Final = re.compile(r"^[a-zA-Z0-9]{9}$")
# Deeper JSON than this is refused before parsing: Python's parser raises RecursionError past
# about a thousand levels, and no tool of ours takes more than a few.
MAX_DEPTH: Final = 32


class ToolArgumentsError(ValueError):
    """A call's arguments cannot be used; the message says why, for the model to correct."""


def new_call_id() -> str:
    """Return a fresh tool call id: 9 random letters and digits (the strictest form, Mistral's)."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def short_id(call_id: str) -> str:
    """Return ``call_id`` in Mistral's 9-alphanumeric form, the same for the same id."""
    if SHORT_ID.match(call_id):
        return call_id
    number = int.from_bytes(hashlib.sha256(call_id.encode()).digest()[:8], "big")
    chars = []
    for _ in range(ID_LENGTH):
        number, digit = divmod(number, len(ID_ALPHABET))
        chars.append(ID_ALPHABET[digit])
    return "".join(chars)


def nesting_depth(text: str) -> int:
    """Return how deeply ``[`` and ``{`` nest in the JSON ``text`` (brackets in strings ignored)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def parse_arguments(text: str) -> dict[str, Any]:
    """Return the JSON object ``text`` (empty text: no arguments).

    Raises ``ToolArgumentsError`` when the text is not JSON, not an object, or nests deeper than
    ``MAX_DEPTH`` levels (checked before parsing, so it never raises ``RecursionError``).
    """
    if not text.strip():
        return {}
    if nesting_depth(text) > MAX_DEPTH:
        raise ToolArgumentsError(f"The arguments nest deeper than {MAX_DEPTH} levels.")
    try:
        value = json.loads(text)
    except ValueError as err:
        raise ToolArgumentsError(f"The arguments are not valid JSON: {err}.") from err
    if not isinstance(value, dict):
        raise ToolArgumentsError("The arguments must be a JSON object.")
    return value


def _complete(arguments: str) -> bool:
    """Return whether ``arguments`` is already a whole JSON value."""
    if not arguments.strip() or nesting_depth(arguments) > MAX_DEPTH:
        return False
    try:
        json.loads(arguments)
    except ValueError:
        return False
    return True


@dataclass(slots=True)
class PendingCall:
    """A tool call being assembled: its id (empty when the server gave none), name, arguments.

    ``extra`` holds the fields the server sent with the call for its own use.
    """

    id: str = ""
    name: str = ""
    pieces: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def arguments(self) -> str:
        """Return the arguments received so far."""
        return "".join(self.pieces)


@dataclass(slots=True)
class CallAssembler:
    """Assemble streamed tool call fragments by ``id``, falling back on ``index``."""

    calls: list[PendingCall] = field(default_factory=list)
    _by_id: dict[tuple[str, int | None], PendingCall] = field(default_factory=dict)
    _by_index: dict[int | None, PendingCall] = field(default_factory=dict)

    def add(
        self,
        index: int | None,
        call_id: str | None,
        name: str | None,
        arguments: str | None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        """Add one fragment (``None`` or empty for what it does not carry)."""
        call = self._call_for(index, call_id or "", name or "", arguments or "")
        if call is None:
            return
        if name:
            call.name = name
        if arguments:
            call.pieces.append(arguments)
        if extra:
            merge(call.extra, extra)

    def _call_for(
        self, index: int | None, call_id: str, name: str, arguments: str
    ) -> PendingCall | None:
        """Return the call a fragment belongs to, starting a new one when it starts one.

        Returns ``None`` for a fragment that repeats a complete call whole.
        """
        if call_id and (call_id, index) in self._by_id:
            known = self._by_id[call_id, index]
            if (
                _complete(arguments)
                and _complete(known.arguments)
                and _same(known.arguments, arguments)
            ):
                return None
            return known
        current = self._by_index.get(index)
        starts_new = (
            current is None
            or (call_id and current.id)
            or (
                not call_id
                and ((name and current.name) or _complete(arguments))
                and _complete(current.arguments)
            )
        )
        if starts_new or current is None:
            current = PendingCall()
            self.calls.append(current)
            self._by_index[index] = current
        if call_id and not current.id:
            current.id = call_id
            self._by_id[call_id, index] = current
        return current


def _same(first: str, second: str) -> bool:
    """Return whether two JSON texts hold the same value."""
    try:
        return bool(json.loads(first) == json.loads(second))
    except ValueError:
        return False


def merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    """Merge ``extra`` into ``into``, object by object (a later value wins)."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value
