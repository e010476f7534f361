"""Printer names as people say them: spoken forms of model codes and comparable name keys.

HA-free. A *key* is what two ways of saying one name have in common: "the X1C", "x one c",
"X1-Carbon's"... compare by their keys. ``name_key`` folds case and accents, splits letters
from digits, reads number words as digits (English and French), drops articles, possessives
and prepositions, and drops the words every printer answers to ("printer", "imprimante 3D",
"Bambu Lab"): an empty key means "the printer". Model codes are Bambu Lab's, as its
``get_version`` product names and its store write them (X1C, P1S, A1 mini, X1 Carbon).
"""

from __future__ import annotations

from collections.abc import Iterable
import re
from typing import Final
import unicodedata

# Number words of the languages HoloMat speaks, read as digits.
NUMBER_WORDS: Final = {
    "zero": "0",
    "one": "1",
    "un": "1",
    "two": "2",
    "deux": "2",
    "three": "3",
    "trois": "3",
    "four": "4",
    "quatre": "4",
    "five": "5",
    "cinq": "5",
    "six": "6",
    "seven": "7",
    "sept": "7",
    "eight": "8",
    "huit": "8",
    "nine": "9",
    "neuf": "9",
    "ten": "10",
    "dix": "10",
}
DIGIT_WORDS: Final = {
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    "fr": ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"),
}
# Articles, possessives and prepositions: "the printer in the workshop" is "workshop".
STOP_WORDS: Final = frozenset(
    {"the", "my", "our", "of", "in", "on", "at", "from"}
    | {"le", "la", "les", "l", "mon", "ma", "mes", "notre", "de", "du", "des", "d", "dans"}
    | {"en", "au", "sur"}
)
# Words every printer answers to; "3 d" (3D, three D) only as a pair.
GENERIC_WORDS: Final = frozenset(
    {"printer", "printers", "imprimante", "imprimantes", "bambu", "lab", "bambulab"}
)
GENERIC_PAIRS: Final = (("3", "d"),)
# What people call a printer, by language (the first is how answers say it).
GENERIC_PHRASES: Final = {
    "en": ("printer", "3D printer", "Bambu", "Bambu Lab", "Bambu printer"),
    "fr": ("imprimante", "imprimante 3D", "Bambu", "Bambu Lab", "imprimante Bambu"),
}
# Bambu Lab's longer names for some model codes.
LONG_NAMES: Final = {"X1C": ("X1 Carbon",), "X1E": ("X1 Enterprise",)}
MANUFACTURER_PREFIX: Final = "bambu lab "

_POSSESSIVE = re.compile(r"['\N{RIGHT SINGLE QUOTATION MARK}]s\b")
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_CODE_PART = re.compile(r"[^\W\d_]+|\d+|\s+")
_CODE = re.compile(r"(?:[a-z]+\d+[a-z0-9]*)(?: mini)?", re.IGNORECASE)
# Characters hassil reads as template syntax in a list value.
_TEMPLATE_SYNTAX = re.compile(r"[\[\](){}<>|;]")


def _fold(text: str) -> str:
    """Return ``text`` case-folded, without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_tokens(text: str) -> tuple[str, ...]:
    """Return the words of ``text`` that tell one printer from another (see the module)."""
    words = [
        NUMBER_WORDS.get(word, word) for word in _TOKEN.findall(_fold(_POSSESSIVE.sub("", text)))
    ]
    kept: list[str] = []
    index = 0
    while index < len(words):
        if tuple(words[index : index + 2]) in GENERIC_PAIRS:
            index += 2
            continue
        word = words[index]
        if word not in STOP_WORDS and word not in GENERIC_WORDS:
            kept.append(word)
        index += 1
    return tuple(kept)


def name_key(text: str) -> str:
    """Return the key of a name: its telling words, space-separated ("" for "the printer")."""
    return " ".join(name_tokens(text))


def is_model_code(name: str) -> bool:
    """Return whether ``name`` is a model code (X1C, P1S, A1 mini, H2D), not a person's name."""
    return _CODE.fullmatch(name.strip()) is not None


def short_name(name: str) -> str:
    """Return ``name`` without Bambu Lab's prefix when a model code remains ("X1C")."""
    if name.casefold().startswith(MANUFACTURER_PREFIX):
        rest = name[len(MANUFACTURER_PREFIX) :].strip()
        if is_model_code(rest):
            return rest
    return name


def spoken_forms(code: str, language: str) -> list[str]:
    """Return how a model code is written and said: "X1C", "X 1 C", "x one c" (en) or "x un c".

    Longer names Bambu Lab uses for the code ("X1 Carbon") come with their own spoken forms.
    ``language`` is one of ``DIGIT_WORDS``' keys (others read digits in English).
    """
    digits = DIGIT_WORDS.get(language, DIGIT_WORDS["en"])
    forms: list[str] = []
    for written in (code, *LONG_NAMES.get(code.upper(), ())):
        parts = [part for part in _CODE_PART.findall(written) if not part.isspace()]
        said = " ".join(
            " ".join(digits[int(d)] for d in part) if part.isdigit() else part.lower()
            for part in parts
        )
        forms += [written, " ".join(parts), said]
    return unique(forms)


def list_value(phrase: str) -> str | None:
    """Return ``phrase`` as a value of a hassil list (no template syntax), or None if empty."""
    value = " ".join(_TEMPLATE_SYNTAX.sub(" ", phrase).split())
    return value or None


def unique(phrases: Iterable[str]) -> list[str]:
    """Return ``phrases`` without repeats (case-insensitive), in their first order."""
    seen: set[str] = set()
    kept: list[str] = []
    for phrase in phrases:
        if (folded := phrase.casefold()) not in seen:
            seen.add(folded)
            kept.append(phrase)
    return kept
