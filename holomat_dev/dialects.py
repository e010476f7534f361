"""Load a recorded server dialect (``tests/jarvis/dialects/*.json``) for the stand-in to replay.

A dialect file holds what one OpenAI-compatible server really sends, each fact citing the source
file or document it comes from (``sources``): its refusals (the status code and body it answers a
request holding a feature with), and the raw answers of a tool turn (the call, then the answer
after the tool result) and of a plain turn, as SSE events (``{"data": ...}``, llama.cpp's
``{"error": ...}`` lines, ``{"comment": ...}`` lines) or JSON bodies. A recorded answer may be
an error (``status``, ``headers`` such as ``Retry-After``, and the body as ``json``) or a
stream that never ends (``hold_open``). ``expect`` says what a user should get: the speech of
each turn, or the ``error`` both turns end with and words the log must hold (``logged``).
"""

from __future__ import annotations

from dataclasses import dataclass
import json
from pathlib import Path
from typing import Any

from .openai_standin import OpenAIStandin, Refusal, Reply

CORPUS = Path(__file__).parent.parent / "tests" / "jarvis" / "dialects"


def _sse(events: list[dict[str, Any]]) -> str:
    """Return the SSE body of recorded events (one field each, a blank line after each)."""
    lines = []
    for event in events:
        ((field, value),) = event.items()
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        lines.append(f": {text}\n\n" if field == "comment" else f"{field}: {text}\n\n")
    return "".join(lines)


def _reply(recorded: dict[str, Any]) -> Reply:
    """Return a reply that sends a recorded answer as it is."""
    stream = recorded.get("stream")
    body = recorded.get("json")
    return Reply(
        raw_stream=_sse(stream) if stream is not None else None,
        raw_json=json.dumps(body) if body is not None else None,
        status=recorded.get("status", 200),
        headers=tuple(recorded.get("headers", {}).items()),
        hold_open=recorded.get("hold_open", False),
    )


@dataclass(frozen=True, slots=True)
class Dialect:
    """One server's recorded dialect: its name, model, refusals, turns and expectations."""

    name: str
    server: str
    sources: tuple[str, ...]
    model: str
    refusals: tuple[Refusal, ...]
    tool_turn: tuple[Reply, ...]
    plain_turn: tuple[Reply, ...]
    expect: dict[str, Any]

    def serve(self, standin: OpenAIStandin) -> None:
        """Make ``standin`` serve this dialect's model and refuse what the server refuses."""
        standin.models = (self.model,)
        standin.refusals = self.refusals


def load_dialect(path: Path) -> Dialect:
    """Return the dialect recorded in ``path``; raises ``ValueError`` for a file without sources."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not data.get("sources"):
        raise ValueError(f"{path.name} cites no source")
    return Dialect(
        name=path.stem,
        server=data["server"],
        sources=tuple(data["sources"]),
        model=data["model"],
        refusals=tuple(Refusal(**refusal) for refusal in data["refusals"]),
        tool_turn=tuple(_reply(reply) for reply in data["tool_turn"]),
        plain_turn=tuple(_reply(reply) for reply in data["plain_turn"]),
        expect=data["expect"],
    )


def all_dialects() -> list[Dialect]:
    """Return every dialect of the corpus, by name."""
    return [load_dialect(path) for path in sorted(CORPUS.glob("*.json"))]
