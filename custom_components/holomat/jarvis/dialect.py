"""What a model server turned out not to support, learnt from evidence and forgotten in time.

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

A refusal only makes a feature *suspect*: the request is sent again without it, and the limit
is learnt when that retry is accepted. A message that merely mentions a feature (a server
failing for another reason) is never taken for a limit. Learnt limits are forgotten after
``LIMIT_TTL``, so a server restarted with other flags is asked afresh; so is the context budget
learnt from a context overflow (``trim.py``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import re
from typing import Any, Final

from homeassistant.util import dt as dt_util
import openai

from .errors import is_context_overflow, server_message

# Parameters a server may refuse and JARVIS can do without.
DROPPABLE: Final = frozenset(
    {"temperature", "top_p", "max_tokens", "max_completion_tokens", "stream_options", "tool_choice"}
)
REFUSAL_STATUSES: Final = frozenset({400, 422, 500, 501})
LIMIT_TTL: Final = timedelta(hours=1)
# The limits besides droppable parameters: tools, streaming, Mistral's ids, max_tokens renamed.
TOOLS: Final = "tools"
STREAM: Final = "stream"
SHORT_IDS: Final = "tool_call_ids"
RENAMED_LIMIT: Final = "max_tokens"
CONTEXT: Final = "context"
# Words that, beside "tool", make a refusal of tools (in either order: "does not support tools").
_TOOL_REFUSAL: Final = re.compile(
    r"support|jinja|require|not allowed|unknown|unrecognized|no endpoints"
)
_ID_REFUSAL: Final = re.compile(r"tool.?call.?id.*(9|a-z|length)")


@dataclass(slots=True)
class ServerDialect:
    """What JARVIS knows one model of a server accepts.

    ``limits`` maps each refused feature to when it was learnt; ``learnt`` counts limits learnt
    from refusals. ``mistral_ids`` and ``limit_param`` are what the host is known for from the
    start (Mistral's API, OpenAI's). ``context_chars`` is the size the messages must fit, once
    a context overflow taught it.

    ``bare_think``: ``None`` until known whether the model opens its reasoning with ``<think>``;
    ``True`` when its template already wrote that tag, so the answer starts with reasoning and
    only ``</think>`` arrives; ``False`` when its answers start plainly.
    """

    mistral_ids: bool = False
    base_limit_param: str = "max_tokens"
    limits: dict[str, datetime] = field(default_factory=dict)
    context_chars: int | None = None
    bare_think: bool | None = None
    learnt: int = 0

    def refused(self, now: datetime | None = None) -> frozenset[str]:
        """Return the features refused within ``LIMIT_TTL``; older limits are forgotten."""
        now = now or dt_util.utcnow()
        for feature, since in list(self.limits.items()):
            if now - since >= LIMIT_TTL:
                del self.limits[feature]
                if feature == CONTEXT:
                    self.context_chars = None
        return frozenset(self.limits)

    @property
    def tools(self) -> bool:
        """Return whether the model takes tools, as far as is known."""
        return TOOLS not in self.refused()

    @property
    def stream(self) -> bool:
        """Return whether the server streams, as far as is known."""
        return STREAM not in self.refused()

    @property
    def short_ids(self) -> bool:
        """Return whether tool call ids must be Mistral's 9 letters and digits."""
        return self.mistral_ids or SHORT_IDS in self.refused()

    def limit_param(self, refused: Collection[str]) -> str:
        """Return the name under which the server takes the token limit."""
        return "max_completion_tokens" if RENAMED_LIMIT in refused else self.base_limit_param

    def apply(self, request: dict[str, Any], refused: Collection[str]) -> None:
        """Remove from ``request`` the ``refused`` features."""
        if TOOLS in refused:
            request.pop("tools", None)
            request.pop("tool_choice", None)
        if STREAM in refused:
            request.pop("stream", None)
            request.pop("stream_options", None)
        for param in DROPPABLE & set(refused):
            if param != RENAMED_LIMIT:
                request.pop(param, None)

    def confirm(self, features: Collection[str], now: datetime | None = None) -> None:
        """Learn ``features`` as limits: the server accepted the request sent without them."""
        for feature in features:
            self.limits[feature] = now or dt_util.utcnow()
            self.learnt += 1

    def learn_context(self, chars: int, now: datetime | None = None) -> None:
        """Learn that the messages must fit in ``chars`` characters (after a context overflow)."""
        self.context_chars = chars
        self.limits[CONTEXT] = now or dt_util.utcnow()

    def suspect(
        self, err: openai.APIStatusError, request: dict[str, Any], refused: Collection[str]
    ) -> str | None:
        """Return the feature ``err`` may refuse in ``request``; ``None`` when not a refusal."""
        if err.status_code not in REFUSAL_STATUSES or is_context_overflow(err):
            return None
        message = server_message(err).lower()
        param = _refused_param(err)
        if "stream_options" in request and (
            param == "stream_options" or "stream_options" in message
        ):
            return "stream_options"
        if (
            request.get("tools")
            and request.get("stream")
            and "stream" in message
            and "tool" in message
        ):
            return STREAM  # llama.cpp: tools, but not while streaming
        if param == "max_tokens" and "max_tokens" in request:
            return RENAMED_LIMIT
        if param in DROPPABLE and param in request:
            return param
        if param == "stream" and request.get("stream"):
            return STREAM
        if _ID_REFUSAL.search(message) and not self.mistral_ids and SHORT_IDS not in refused:
            return SHORT_IDS
        refuses_tools = "tool" in message and _TOOL_REFUSAL.search(message) is not None
        if request.get("tools") and (param in ("tools", "tool_choice") or refuses_tools):
            return TOOLS
        if request.get("stream") and "stream" in message and "support" in message:
            return STREAM
        return None

    def as_dict(self) -> dict[str, Any]:
        """Return what is known, for diagnostics."""
        refused = self.refused()
        return {
            "tools": TOOLS not in refused,
            "stream": STREAM not in refused,
            "short_ids": self.short_ids,
            "limit_param": self.limit_param(refused),
            "limits": {feature: since.isoformat() for feature, since in self.limits.items()},
            "context_chars": self.context_chars,
            "bare_think": self.bare_think,
            "learnt": self.learnt,
        }


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
