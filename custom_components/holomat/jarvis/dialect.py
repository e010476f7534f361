"""What a model server turned out not to support, learnt from its refusals.

Servers refuse features in their own words and with their own status codes (the corpus in
``tests/jarvis/dialects/`` cites each source):

- OpenAI: 400 with ``param`` set (``max_tokens``, ``temperature``, ``stream``...);
- Ollama: 400 "<model> does not support tools";
- llama.cpp server without ``--jinja``: 500 "tools param requires --jinja flag"; older builds
  500 "Cannot use tools with stream" (tools only without streaming);
- vLLM without ``--enable-auto-tool-choice``: 400 '"auto" tool choice requires
  --enable-auto-tool-choice and --tool-call-parser to be set' (it defaults ``tool_choice`` to
  ``auto`` when tools are sent);
- servers with strict request models (FastAPI/pydantic, e.g. Mistral's API): 422
  ``extra_forbidden`` for a field they do not know, such as ``stream_options``;
- Mistral models (``mistral-common``): 400 when a tool call id is not 9 letters and digits.

A refusal is learnt only when the request held the refused feature, so each kind is learnt once
and a retry always sends less. Context-size errors are never taken for refusals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from typing import Any, Final

import openai

from .errors import is_context_overflow, server_message

# Parameters a server may refuse and JARVIS can do without.
DROPPABLE: Final = frozenset(
    {"temperature", "top_p", "max_tokens", "max_completion_tokens", "stream_options", "tool_choice"}
)
REFUSAL_STATUSES: Final = frozenset({400, 422, 500, 501})
# Words that, beside "tool", make a refusal of tools (in either order: "does not support tools").
_TOOL_REFUSAL: Final = re.compile(
    r"support|jinja|require|not allowed|unknown|unrecognized|no endpoints"
)
_ID_REFUSAL: Final = re.compile(r"tool.?call.?id.*(9|a-z|length)")


@dataclass(slots=True)
class ServerDialect:
    """What JARVIS knows one model of a server accepts; ``learnt`` counts refusals learnt from.

    ``bare_think``: ``None`` until known whether the model opens its reasoning with ``<think>``;
    ``True`` when its template already wrote that tag, so the answer starts with reasoning and
    only ``</think>`` arrives; ``False`` when its answers start plainly.
    """

    stream: bool = True
    tools: bool = True
    short_ids: bool = False
    limit_param: str = "max_tokens"
    dropped: set[str] = field(default_factory=set)
    bare_think: bool | None = None
    learnt: int = 0

    def apply(self, request: dict[str, Any]) -> None:
        """Remove from ``request`` what the server refused before."""
        if not self.tools:
            request.pop("tools", None)
            request.pop("tool_choice", None)
        if not self.stream:
            request.pop("stream", None)
            request.pop("stream_options", None)
        for param in self.dropped:
            request.pop(param, None)

    def learn(self, err: openai.APIStatusError, request: dict[str, Any]) -> str | None:
        """Learn what ``err`` refused in ``request``; return it, or ``None`` when not a refusal."""
        if err.status_code not in REFUSAL_STATUSES or is_context_overflow(err):
            return None
        learnt = self._learn(err, request)
        if learnt is not None:
            self.learnt += 1
        return learnt

    def _learn(self, err: openai.APIStatusError, request: dict[str, Any]) -> str | None:
        """Return the feature ``err`` refuses, after turning it off."""
        message = server_message(err).lower()
        param = _refused_param(err)
        if "stream_options" in request and (
            param == "stream_options" or "stream_options" in message
        ):
            self.dropped.add("stream_options")
            return "stream_options"
        if request.get("tools") and "stream" in message and "tool" in message and self.stream:
            self.stream = False  # llama.cpp: tools, but not while streaming
            return "stream"
        if param == "max_tokens" and "max_tokens" in request:
            self.limit_param = "max_completion_tokens"
            return "max_tokens"
        if param in DROPPABLE and param in request:
            self.dropped.add(param)
            return param
        if param == "stream" and request.get("stream"):
            self.stream = False
            return "stream"
        if _ID_REFUSAL.search(message) and not self.short_ids:
            self.short_ids = True
            return "tool_call_ids"
        refuses_tools = "tool" in message and _TOOL_REFUSAL.search(message) is not None
        if request.get("tools") and (param in ("tools", "tool_choice") or refuses_tools):
            self.tools = False
            return "tools"
        if request.get("stream") and "stream" in message and "support" in message:
            self.stream = False
            return "stream"
        return None


def _refused_param(err: openai.APIStatusError) -> str:
    """Return the request field a refusal names (OpenAI's ``param``, pydantic's ``loc``)."""
    if isinstance(err.param, str):
        return err.param
    body = err.body if isinstance(err.body, dict) else {}
    details = body.get("detail", body.get("message"))
    if isinstance(details, dict):
        details = details.get("detail")
    for detail in details if isinstance(details, list) else ():
        loc = detail.get("loc") if isinstance(detail, dict) else None
        if isinstance(loc, list) and len(loc) >= 2 and loc[0] == "body":
            return str(loc[1])
    return ""
