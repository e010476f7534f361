"""Offline command recognition: ``pocketsphinx``'s bundled English model and a JSGF grammar.

The grammar holds HoloMat's spoken commands (printer pause/resume/stop/status, lights on/off) with
the configured entity names, so those sentences are recognised exactly; anything outside the
grammar is either forced onto the closest command or (usually) not recognised at all. English only.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

from pocketsphinx import Decoder  # type: ignore[import-untyped]

from .audio import STT_RATE

_LOGGER = logging.getLogger(__name__)
DEFAULT_NAMES = ("printer", "lights", "lab", "workshop")
_WORD = re.compile(r"[a-z']+")


def command_grammar(names: Iterable[str]) -> str:
    """Return the JSGF grammar of HoloMat's commands over ``names`` (lower-case word sequences)."""
    alternatives = " | ".join(sorted(set(names))) or "printer"
    return (
        "#JSGF V1.0;\n"
        "grammar holomat;\n"
        "<wake> = jarvis | hey jarvis;\n"
        f"<name> = {alternatives};\n"
        "<printer> = print | printer | <name> [printer];\n"
        "<print_action> = pause | resume | stop | cancel;\n"
        "<switch> = turn (on | off) [the] <name> [lights]"
        " | turn [the] <name> [lights] (on | off);\n"
        "<status> = (what is | what's) the status of [the] <printer>"
        " | how long is left on [the] <printer> | is [the] <printer> (done | printing);\n"
        "public <command> = [<wake>] ((<print_action> [the] <printer>) | <switch> | <status>);\n"
    )


class CommandRecognizer:
    """Recognise HoloMat commands in 16 kHz 16-bit mono PCM; thread-safe, blocking."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        """Load the model and build the grammar over ``names``.

        Names with words missing from the pronunciation dictionary are left out, with a warning.
        """
        self._lock = threading.Lock()
        # Filler words between grammar words make the search stop early on short commands.
        self._decoder = Decoder(samprate=STT_RATE, lm=None, fsgusefiller=False, logfn="/dev/null")
        self.names = self._known_names([*DEFAULT_NAMES, *names])
        self._decoder.add_jsgf_string("holomat", command_grammar(self.names))
        self._decoder.activate_search("holomat")

    def _known_names(self, names: Iterable[str]) -> list[str]:
        """Return the names whose every word the pronunciation dictionary knows, lower-cased."""
        known = []
        for name in names:
            words = _WORD.findall(name.lower().replace("_", " "))
            if not words:
                continue
            missing = [w for w in words if self._decoder.lookup_word(w) is None]
            if missing:
                _LOGGER.warning("offline STT leaves out %r: unknown words %s", name, missing)
                continue
            known.append(" ".join(words))
        return known

    def recognize(self, pcm: bytes) -> str:
        """Return the recognised command, or ``""`` when nothing in the grammar was heard."""
        with self._lock:
            self._decoder.start_utt()
            self._decoder.process_raw(pcm, full_utt=True)
            self._decoder.end_utt()
            hyp = self._decoder.hyp()
        return hyp.hypstr.strip() if hyp is not None else ""
