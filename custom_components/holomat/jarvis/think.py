"""Split a model's reasoning from its answer when both arrive as content.

Reasoning models served by Ollama, llama.cpp or vLLM without a reasoning parser (qwen3,
deepseek-r1) write ``<think>…</think>`` before the answer. When the chat template itself writes the
opening tag (DeepSeek-R1's and Qwen3-Thinking-2507's templates end the prompt with ``<think>``),
only ``</think>`` arrives: everything before it is reasoning. Until a model is known to answer
plainly (``bare_think=False``), content that does not open with ``<think>`` is held back until
``</think>`` (reasoning) or the end (the answer). A model known to answer plainly streams at once;
should a bare ``</think>`` still come, a ``restart`` piece starts a new message so that what was
sent before is never the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

THINK_OPEN: Final = "<think>"
THINK_CLOSE: Final = "</think>"

type PieceKind = Literal["thinking", "content", "restart"]
type Piece = tuple[PieceKind, str]


def _partial_tail(text: str, tag: str) -> int:
    """Return how many characters at the end of ``text`` may start ``tag``."""
    return next((n for n in range(len(tag) - 1, 0, -1) if text.endswith(tag[:n])), 0)


@dataclass(slots=True)
class ThinkSplitter:
    """Split streamed content into reasoning and answer, across chunks.

    ``bare_think`` is what is known of the model (see ``ServerDialect``); ``saw_open``,
    ``saw_bare_close`` and ``saw_answer`` tell afterwards what this answer showed.
    """

    bare_think: bool | None = None
    state: Literal["start", "held", "thinking", "answer"] = "start"
    buffer: str = ""
    after_think: bool = False
    saw_open: bool = False
    saw_bare_close: bool = False
    saw_answer: bool = False
    _sizes: list[int] = field(default_factory=list)

    def feed(self, text: str) -> list[Piece]:
        """Return the pieces that ``text`` completes, in order."""
        out: list[Piece] = []
        self.buffer += text
        self._sizes.append(len(text))
        if self.state == "start":
            stripped = self.buffer.lstrip()
            if stripped.startswith(THINK_OPEN):
                self.state, self.buffer, self.saw_open = (
                    "thinking",
                    stripped[len(THINK_OPEN) :],
                    True,
                )
            elif THINK_OPEN.startswith(stripped):
                return out  # may still become <think>
            else:
                self.state = "answer" if self.bare_think is False else "held"
        if self.state == "held":
            end = self.buffer.find(THINK_CLOSE)
            if end < 0:
                return out
            self.saw_bare_close = True
            out += self._close(end)
        elif self.state == "thinking":
            end = self.buffer.find(THINK_CLOSE)
            if end < 0:
                keep = _partial_tail(self.buffer, THINK_CLOSE)
                if thinking := self.buffer[: len(self.buffer) - keep]:
                    out.append(("thinking", thinking))
                self.buffer = self.buffer[len(self.buffer) - keep :]
                return out
            out += self._close(end)
        elif self._watching and (end := self.buffer.find(THINK_CLOSE)) >= 0:
            self.saw_bare_close = True
            out.append(("restart", ""))
            out += self._close(end)
        if self.after_think:
            self.buffer = self.buffer.lstrip()
            self.after_think = not self.buffer
        keep = _partial_tail(self.buffer, THINK_CLOSE) if self._watching else 0
        if answer := self.buffer[: len(self.buffer) - keep]:
            self.saw_answer = True
            out.append(("content", answer))
        self.buffer = self.buffer[len(self.buffer) - keep :]
        return out

    @property
    def _watching(self) -> bool:
        """Return whether a bare ``</think>`` may still turn the answer so far into reasoning."""
        return self.state == "answer" and not self.saw_open and not self.saw_bare_close

    def _close(self, end: int) -> list[Piece]:
        """End the reasoning at ``buffer[end]`` (a ``</think>``); return it."""
        thinking = self.buffer[:end]
        self.state, self.buffer, self.after_think = (
            "answer",
            self.buffer[end + len(THINK_CLOSE) :],
            True,
        )
        return [("thinking", thinking)] if thinking else []

    def flush(self) -> list[Piece]:
        """Return what is left when the answer ends (held content was the answer after all)."""
        if not self.buffer:
            return []
        kind: PieceKind = "thinking" if self.state == "thinking" else "content"
        if kind == "content":
            self.saw_answer = True
        text, self.buffer = self.buffer, ""
        if self.state != "held" or sum(self._sizes) != len(text):
            return [(kind, text)]
        # Held content was streamed in pieces: give it back in the same pieces.
        pieces: list[Piece] = []
        for size in self._sizes:
            if size:
                pieces.append((kind, text[:size]))
                text = text[size:]
        return pieces
