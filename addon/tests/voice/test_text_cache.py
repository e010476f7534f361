"""Sentence splitting for streamed speech, and the phrase cache's byte bound."""

from __future__ import annotations

import random

import pytest

from holomat_addon.voice.cache import PhraseCache
from holomat_addon.voice.text import SentenceSplitter

TEXT = (
    'He said "Stop." Then (quietly) left… Really?! Yes.\n'
    "Line two without end\nÇa marche ? «Oui.» Fin"
)
SENTENCES = [
    'He said "Stop."',
    "Then (quietly) left…",
    "Really?!",
    "Yes.",
    "Line two without end",
    "Ça marche ?",
    "«Oui.»",
    "Fin",
]


def split(pieces: list[str]) -> list[str]:
    """Return the sentences of ``pieces`` fed one by one, then flushed."""
    splitter = SentenceSplitter()
    return [s for piece in pieces for s in splitter.feed(piece)] + splitter.flush()


@pytest.mark.parametrize("seed", range(20))
def test_sentences_do_not_depend_on_chunking(seed: int) -> None:
    """Any cut of the text into pieces (even mid-terminator) gives the same sentences."""
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(TEXT)), rng.randint(1, 30)))
    pieces = [TEXT[a:b] for a, b in zip([0, *cuts], [*cuts, len(TEXT)], strict=True)]
    assert split(pieces) == SENTENCES
    assert split(list(TEXT)) == SENTENCES


def test_sentence_ends_as_soon_as_complete() -> None:
    """A sentence comes out with the white space after its terminator, not later."""
    splitter = SentenceSplitter()
    assert splitter.feed("Done.") == []
    assert splitter.feed(")") == []
    assert splitter.feed(" Next") == ["Done.)"]
    assert splitter.flush() == ["Next"]
    assert splitter.flush() == []


def test_cache_bounded_in_bytes() -> None:
    """Phrases are dropped least recently used first to stay within the byte budget."""
    cache = PhraseCache(10_000)
    for n in range(10):
        cache.put("espeak-en", f"phrase {n}", bytes(3_000))
        assert cache.size <= 10_000
    assert len(cache) == 3
    assert cache.get("espeak-en", "phrase 9") is not None
    assert cache.get("espeak-en", "phrase 6") is None
    cache.get("espeak-en", "phrase 7")  # now the most recent
    cache.put("espeak-en", "phrase 10", bytes(3_000))
    assert cache.get("espeak-en", "phrase 7") is not None
    assert cache.get("espeak-en", "phrase 8") is None


def test_cache_skips_what_does_not_fit() -> None:
    """A phrase larger than the whole budget is not kept and evicts nothing; 0 turns it off."""
    cache = PhraseCache(10_000)
    cache.put("espeak-en", "short", bytes(100))
    cache.put("espeak-en", "long", bytes(20_000))
    assert cache.get("espeak-en", "long") is None
    assert cache.get("espeak-en", "short") is not None
    cache.put("espeak-en", "short", bytes(200))  # replaced, counted once
    assert cache.size == 200 + 4 * len("espeak-enshort")
    off = PhraseCache(0)
    off.put("espeak-en", "x", b"ab")
    assert len(off) == 0
