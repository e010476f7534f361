"""Entity names as people say them: model names letter by letter and digit by digit.

"X1C" is said "x one c", "A1 mini" "a one mini", "P1S" "p one s": a word mixing letters and
digits, or a short all-capital word, is spelled out; other words are kept. The spoken form is
what the grammar holds; the configured name is what the transcript gives back.
"""

from __future__ import annotations

import re

DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# Letters as the pronunciation dictionary spells them when said alone ("a." is the letter).
LETTERS = {letter: f"{letter}." for letter in "abcdefghijklmnopqrstuvwxyz"}
_TOKEN = re.compile(r"[A-Za-z']+|\d")
_WORD = re.compile(r"[A-Za-z0-9']+")


def _spelled(word: str) -> bool:
    """Return whether ``word`` is said letter by letter (mixes digits in, or is 2-3 capitals)."""
    has_digit = any(ch.isdigit() for ch in word)
    return has_digit or (word.isupper() and 2 <= len(word) <= 3)


def spoken_words(name: str) -> list[str]:
    """Return the words ``name`` is said with, lower-case: ``"Bambu X1C"`` -> bambu x one c.

    Letters said alone come back as ``"x."`` style dictionary words (see ``LETTERS``), digits
    as number words; ``_`` and punctuation separate words.
    """
    words: list[str] = []
    for word in _WORD.findall(name.replace("_", " ")):
        if not _spelled(word):
            words.append(word.lower())
            continue
        for token in _TOKEN.findall(word):
            if token.isdigit():
                words.append(DIGITS[int(token)])
            elif len(token) == 1 or token.isupper():
                words.extend(LETTERS[ch] for ch in token.lower())
            else:
                words.append(token.lower())
    return words
