"""Text helpers: sentence splitting for streaming speech, and spotting noise-only transcripts."""

from __future__ import annotations

import re

# A sentence ends at . ! ? … (then closing quotes or brackets) and white space, or at a newline.
_TERMINATORS = ".!?…"
_CLOSERS = "\"'»)]"
_SENTENCE_END = re.compile(r"[.!?…][\"'»)\]]*\s|\n")
# After a terminator (and closers) at the end of the previous piece, white space ends the sentence.
_CONTINUED_END = re.compile(r"[\"'»)\]]*\s")
# Longest text spoken for one request (a plain synthesize, or all chunks of a streamed one):
# about ten minutes of speech, far more than an assistant's reply.
MAX_TTS_CHARS = 10_000
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
    """Cut streamed text into sentences as soon as each one is complete.

    Linear in the text fed: each piece is scanned once, the sentence in progress is kept as a
    list of pieces (joined once, when it ends), and whether it ends in a terminator is carried
    over as a flag, so no piece ever re-scans earlier text.
    """

    def __init__(self) -> None:
        """Start with no pending text."""
        self._pieces: list[str] = []
        # The sentence in progress ends in a terminator and closers: white space ends it.
        self._armed = False

    def feed(self, text: str) -> list[str]:
        """Add a piece of text; return the sentences it completed (stripped, non-empty)."""
        sentences = []
        pos = 0
        if self._armed and (match := _CONTINUED_END.match(text)):
            sentences.append(self._cut(text[: match.end()]))
            pos = match.end()
        for match in _SENTENCE_END.finditer(text, pos):
            sentences.append(self._cut(text[pos : match.end()]))
            pos = match.end()
        rest = text[pos:]
        if rest:
            self._pieces.append(rest)
            bare = rest.rstrip(_CLOSERS)
            self._armed = bare[-1] in _TERMINATORS if bare else self._armed
        return [sentence for sentence in sentences if sentence]

    def _cut(self, end: str) -> str:
        """Return the sentence in progress completed by ``end`` and start a new one."""
        self._pieces.append(end)
        sentence = "".join(self._pieces).strip()
        self._pieces = []
        self._armed = False
        return sentence

    def flush(self) -> list[str]:
        """Return what is left as a last sentence (if any) and start over."""
        rest = "".join(self._pieces).strip()
        self._pieces = []
        self._armed = False
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
