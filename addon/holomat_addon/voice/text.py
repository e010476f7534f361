"""Text helpers: sentence splitting for streaming speech, and spotting noise-only transcripts."""

from __future__ import annotations

import re

# A sentence ends at . ! ? … (and closing quotes/brackets) followed by white space, or at a newline.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'»)\]]*\s+|\n+")
# What Whisper-style models write for silence, music or noise instead of speech.
_ANNOTATION = re.compile(
    r"^[\s\[\(*♪♫-]*(blank[_ ]audio|silence|music|noise|inaudible)?[\]\)*♪♫\s.-]*$"
)
_SUBTITLE_CREDITS = (
    "thanks for watching",
    "thank you for watching",
    "subtitles by the amara.org community",
    "sous-titres réalisés par la communauté d'amara.org",
    "sous-titrage st' 501",
)


class SentenceSplitter:
    """Cut streamed text into sentences as soon as each one is complete."""

    def __init__(self) -> None:
        """Start with no pending text."""
        self._pending = ""

    def feed(self, text: str) -> list[str]:
        """Add a piece of text; return the sentences it completed (stripped, non-empty)."""
        self._pending += text
        sentences = []
        while match := _SENTENCE_END.search(self._pending):
            sentence = self._pending[: match.end()].strip()
            self._pending = self._pending[match.end() :]
            if sentence:
                sentences.append(sentence)
        return sentences

    def flush(self) -> list[str]:
        """Return what is left as a last sentence (if any) and start over."""
        rest, self._pending = self._pending.strip(), ""
        return [rest] if rest else []


def is_noise_transcript(text: str) -> bool:
    """Return whether a transcript holds no speech: empty, annotations only, or subtitle credits.

    Whisper-style models turn silence into ``[BLANK_AUDIO]``, ``(music)``, ``♪`` or subtitle
    credits; those must not reach the conversation agent as if the user said them.
    """
    cleaned = text.strip().lower()
    if _ANNOTATION.match(cleaned):
        return True
    return cleaned.rstrip(".!") in _SUBTITLE_CREDITS
