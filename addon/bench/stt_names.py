"""Offline STT on names that are no English word (not a test): prints figures. Run from addon/.

    cd addon && .venv/bin/python -m bench.stt_names

Commands naming "Voron", "Prusa" and "Bambu X1C" (words pocketsphinx's dictionary lacks; the
recognizer says them as espeak-ng does, ``holomat_addon.voice.pronounce``), said by espeak-ng's
en-us, en-gb, en+m3 and en+f2 voices without noise. Printed: heard right, wrong, and rejected.
"""

from __future__ import annotations

from collections import Counter

from holomat_addon.voice.sphinx import CommandRecognizer
from tests.voice.conftest import speak

NAMES = ("Voron", "Prusa", "Bambu X1C")
COMMANDS = (
    ("pause the bambu x one c", "pause the Bambu X1C"),
    ("pause the voron", "pause the Voron"),
    ("resume the prusa", "resume the Prusa"),
    ("stop the voron", "stop the Voron"),
)
VOICES = ("en-us", "en-gb", "en+m3", "en+f2")


def main() -> None:
    """Print how each command was heard by each voice, then the totals."""
    recognizer = CommandRecognizer(NAMES)
    outcomes: Counter[str] = Counter()
    for said, command in COMMANDS:
        for voice in VOICES:
            heard = recognizer.recognize(speak(said, voice))
            outcome = "right" if heard == command else "wrong" if heard else "rejected"
            outcomes[outcome] += 1
            print(f"{said!r:28s} {voice:6s} -> {heard!r} ({outcome})")
    total = sum(outcomes.values())
    print(", ".join(f"{kind} {outcomes[kind]}/{total}" for kind in ("right", "wrong", "rejected")))


if __name__ == "__main__":
    main()
