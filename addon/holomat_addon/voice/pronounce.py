# ruff: noqa: RUF001 - IPA letters look like Latin ones on purpose
"""Pronunciations for words the offline model's dictionary lacks ("Voron", "hotend", "Prusa").

A name the user gave a device is often no English word. ``espeak-ng`` (already the add-on's
offline voice) guesses how any word is said and writes it in IPA (``--ipa``); the IPA is mapped
onto the ARPAbet phones of pocketsphinx's bundled en-US model (the CMU Pronouncing Dictionary's
39 phones: http://www.speech.cs.cmu.edu/cgi-bin/cmudict), so the word can be added to the
decoder's dictionary and said. A guess with a sound the map does not know gives no
pronunciation: the word stays unsayable rather than wrongly said.
"""

from __future__ import annotations

import re
import subprocess
from typing import Final

# IPA (as espeak-ng's en-us voice writes it, stress and length marks removed) -> ARPAbet.
# Longer symbols first: diphthongs and affricates are one ARPAbet phone.
IPA_TO_ARPABET: Final = {
    "tʃ": "CH",
    "dʒ": "JH",
    "eɪ": "EY",
    "aɪ": "AY",
    "aʊ": "AW",
    "ɔɪ": "OY",
    "oʊ": "OW",
    "əʊ": "OW",
    "ɑ": "AA",
    "ɒ": "AA",
    "a": "AA",
    "æ": "AE",
    "ʌ": "AH",
    "ə": "AH",
    "ɐ": "AH",
    "ɔ": "AO",
    "ɛ": "EH",
    "e": "EH",
    "ɜ": "ER",
    "ɚ": "ER",
    "ɝ": "ER",
    "ɪ": "IH",
    "ᵻ": "IH",
    "i": "IY",
    "ʊ": "UH",
    "u": "UW",
    "o": "OW",
    "p": "P",
    "b": "B",
    "t": "T",
    "d": "D",
    "ɾ": "D",
    "k": "K",
    "g": "G",
    "ɡ": "G",
    "f": "F",
    "v": "V",
    "θ": "TH",
    "ð": "DH",
    "s": "S",
    "z": "Z",
    "ʃ": "SH",
    "ʒ": "ZH",
    "h": "HH",
    "x": "HH",
    "m": "M",
    "n": "N",
    "ŋ": "NG",
    "l": "L",
    "ɫ": "L",
    "ɹ": "R",
    "r": "R",
    "w": "W",
    "j": "Y",
}
# Marks that change no ARPAbet phone: stress, length, syllabic, glottal stop, tie, spaces.
_IGNORED = re.compile("[ˈˌːˑ\u0329\u0361\u035c‿ʔ\\s-]")
_PLAIN_WORD = re.compile(r"[a-z][a-z']{0,40}")
_SYMBOLS = sorted(IPA_TO_ARPABET, key=len, reverse=True)
ESPEAK_TIMEOUT_S: Final = 10.0


def arpabet(ipa: str) -> str | None:
    """Return the ARPAbet phones of an IPA transcription, ``None`` if a sound has none."""
    rest = _IGNORED.sub("", ipa)
    phones: list[str] = []
    while rest:
        symbol = next((s for s in _SYMBOLS if rest.startswith(s)), None)
        if symbol is None:
            return None
        phones.append(IPA_TO_ARPABET[symbol])
        rest = rest[len(symbol) :]
    return " ".join(phones) or None


def guess_pronunciations(words: list[str], binary: str = "espeak-ng") -> dict[str, str]:
    """Return ARPAbet phones for each of ``words`` espeak-ng can say (lower-case words only).

    Blocking (runs ``espeak-ng`` once for all words, one per line, at most
    ``ESPEAK_TIMEOUT_S``); words espeak-ng or the map cannot say are left out. Raises nothing:
    without ``espeak-ng`` no word is guessed.
    """
    plain = [word for word in words if _PLAIN_WORD.fullmatch(word)]
    if not plain:
        return {}
    try:
        done = subprocess.run(  # noqa: S603 - a fixed argv, words on stdin
            [binary, "-q", "--ipa", "-v", "en-us"],
            input="\n".join(f"{word}." for word in plain),
            capture_output=True,
            text=True,
            timeout=ESPEAK_TIMEOUT_S,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if len(lines) != len(plain):
        return {}
    return {
        word: phones for word, line in zip(plain, lines, strict=True) if (phones := arpabet(line))
    }
