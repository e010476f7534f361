"""HoloMat's spoken commands: the JSGF grammar the offline decoder searches, and canonical text.

The grammar takes the usual ways of saying each command ("continue the print", "abort the
print", "switch on the kitchen lights", "could you pause the printer"); ``canonical``
turns whatever of them was heard into the one sentence Home Assistant's intents and JARVIS
expect ("resume the printer", "stop the printer", "turn on the kitchen lights"), with the
entity name as configured ("pause the X1C", not "pause the x one c").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# Spoken verb -> canonical printer action ("halt" is left out: in noise it is heard for "pause").
PRINT_ACTIONS = {
    "pause": "pause",
    "resume": "resume",
    "continue": "resume",
    "unpause": "resume",
    "stop": "stop",
    "cancel": "stop",
    "abort": "stop",
}
# Words the pronunciation dictionary lacks (ARPAbet, as in cmudict). The grammar is searched
# without filler words, so the pause after the wake word is a word of silence of its own.
PAUSE_WORD = "hushpause"
EXTRA_WORDS = {"unpause": "AH N P AO Z", PAUSE_WORD: "SIL"}
GENERIC_TARGETS = ("print", "printer", "printing")
_FILLER = frozenset({"hey", "jarvis", "please", "can", "could", "you", "the"})


def command_grammar(names: Iterable[str]) -> str:
    """Return the JSGF grammar of HoloMat's commands over ``names`` (spoken forms, lower-case)."""
    alternatives = " | ".join(sorted(set(names))) or "printer"
    verbs = " | ".join(PRINT_ACTIONS)
    return (
        "#JSGF V1.0;\n"
        "grammar holomat;\n"
        f"<wake> = (jarvis | hey jarvis) [{PAUSE_WORD}];\n"
        "<polite> = please | can you | could you;\n"
        f"<name> = {alternatives};\n"
        "<printer> = [the] (print | printer | <name> [printer | print]);\n"
        f"<print_action> = ({verbs}) (<printer> | printing);\n"
        "<switch> = (turn | switch) (on | off) [the] <name> [lights]"
        " | (turn | switch) [the] <name> [lights] (on | off);\n"
        "<status> = (what is | what's) the status of <printer>"
        " | how long is left on <printer> | is <printer> (done | printing);\n"
        "public <command> = [<wake>] [<polite>] (<print_action> | <switch> | <status>);\n"
    )


def _target(words: list[str], names: Mapping[tuple[str, ...], str]) -> str | None:
    """Return the configured name ``words`` say, ``printer`` for the generic print words.

    ``None`` when ``words`` are no whole name (a partial hypothesis: "stop the x one").
    """
    words = [w for w in words if w != "the"]
    if len(words) == 1 and words[0] in GENERIC_TARGETS:
        return "printer"
    if words and words[-1] in GENERIC_TARGETS[:2]:
        words = words[:-1]
    return names.get(tuple(words))


def canonical(hyp: str, names: Mapping[tuple[str, ...], str]) -> str:
    """Return the canonical sentence for a hypothesis of ``command_grammar``.

    ``names`` maps spoken words to the configured name. Returns ``""`` when ``hyp`` is not a whole
    command (a decoder gives partial hypotheses when the audio ends early).
    """
    words = [w for w in hyp.lower().replace("what's", "what is").split() if w != PAUSE_WORD]
    while words and words[0] in _FILLER - {"the"}:
        words.pop(0)
    if len(words) < 2:
        return ""
    first, rest = words[0], words[1:]
    if first in PRINT_ACTIONS:
        target = _target(rest, names)
        return f"{PRINT_ACTIONS[first]} the {target}" if target else ""
    if first in ("turn", "switch"):
        state = "on" if "on" in rest else "off" if "off" in rest else ""
        named = [w for w in rest if w not in ("on", "off", "the")]
        lights = " lights" if len(named) > 1 and named[-1] == "lights" else ""
        target = _target(named[:-1] if lights else named, names)
        return f"turn {state} the {target}{lights}" if state and target else ""
    text = " ".join(words)
    for lead, shape in (
        ("what is the status of ", "what is the status of the {}"),
        ("how long is left on ", "how long is left on the {}"),
    ):
        if text.startswith(lead):
            target = _target(text[len(lead) :].split(), names)
            return shape.format(target) if target else ""
    if first == "is" and rest[-1] in ("done", "printing"):
        target = _target(rest[:-1], names)
        return f"is the {target} {rest[-1]}" if target else ""
    return ""
