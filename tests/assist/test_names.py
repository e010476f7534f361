"""Printer names as people say them, and a resolution that finds the printer or asks, never guesses.

These tests need no Home Assistant: ``PrinterNames`` are built by hand (the conversation tests
read them from HA's registries and the simulated printers).
"""

from __future__ import annotations

from typing import Any, cast

from hassil import Intents, recognize
from hypothesis import given, settings, strategies as st
import pytest

from custom_components.holomat.assist.names import (
    Match,
    PrinterNames,
    Resolution,
    choose,
    printer_phrases,
)
from custom_components.holomat.assist.spoken import (
    is_model_code,
    list_value,
    name_key,
    short_name,
    spoken_forms,
)


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("x one c", "X1C"),
        ("X 1 C", "X1C"),
        ("the X1C's", "X1C"),
        ("x un c", "X1C"),
        ("Bambu Lab X1C", "X1C"),
        ("the X1C printer", "X1C"),
        ("l'imprimante X1C", "X1C"),
        ("a one mini", "A1 mini"),
        ("A1-mini", "A1 mini"),
        ("p one s", "P1S"),
        ("Bambu Lab X1-Carbon", "X1 Carbon"),
        ("x one carbon", "X1 Carbon"),
        ("the workshop printer", "Workshop"),
        ("printer in the workshop", "workshop"),
        ("l'imprimante de l'atelier", "Atelier"),
        ("l'imprimante du garage", "Garage"),
        ("printer one", "Printer 1"),
        ("L\N{RIGHT SINGLE QUOTATION MARK}ENTRÉE", "entree"),
    ],
)
def test_ways_of_saying_a_name_share_its_key(said: str, written: str) -> None:
    assert name_key(said) == name_key(written) != ""


@pytest.mark.parametrize(
    "generic",
    [
        "the printer",
        "my 3D printer",
        "three d printer",
        "our printer",
        "l'imprimante",
        "mon imprimante 3D",
        "Bambu Lab",
        "the Bambu printer",
        "",
    ],
)
def test_words_every_printer_answers_to_mean_the_printer(generic: str) -> None:
    assert name_key(generic) == ""


def test_model_codes_are_written_and_said() -> None:
    assert spoken_forms("X1C", "en") == [
        "X1C",
        "X 1 C",
        "x one c",
        "X1 Carbon",
        "X 1 Carbon",
        "x one carbon",
    ]
    assert "x un c" in spoken_forms("X1C", "fr")
    assert spoken_forms("A1 mini", "en") == ["A1 mini", "A 1 mini", "a one mini"]
    assert "h two d" in spoken_forms("H2D", "en")
    assert [is_model_code(name) for name in ("X1C", "A1 mini", "H2D", "Bertha", "Printer 1")] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert short_name("Bambu Lab X1C") == "X1C"
    assert short_name("Bambu Lab Bertha") == "Bambu Lab Bertha"


def printer(
    name: str,
    *,
    names: tuple[str, ...] = (),
    area: str | None = None,
    exposed: bool = True,
    state: str = "idle",
) -> PrinterNames:
    """Return a printer by hand: ``state`` stands for its coordinator (what ``prefer`` reads)."""
    return PrinterNames(
        coordinator=cast(Any, state),
        name=name,
        device_id=f"device_{name}",
        area_id=area.casefold() if area else None,
        names=(name, *names),
        areas=(area,) if area else (),
        exposed=exposed,
    )


X1C = printer("X1C", names=("Bertha",), area="Workshop", state="running")
P1S = printer("P1S", area="Garage")
A1 = printer("A1 mini", area="Workshop", exposed=False)
FLEET = [X1C, P1S, A1]


@pytest.mark.parametrize(
    ("reference", "match", "printers"),
    [
        ("x one c", Match.FOUND, [X1C]),
        ("Bertha", Match.FOUND, [X1C]),
        ("the garage printer", Match.FOUND, [P1S]),
        ("the X1C in the workshop", Match.FOUND, [X1C]),
        ("workshop printer", Match.FOUND, [X1C]),  # the A1 there is not exposed
        ("the printer", Match.AMBIGUOUS, [X1C, P1S]),
        (None, Match.AMBIGUOUS, [X1C, P1S]),
        ("the A1 mini", Match.NOT_EXPOSED, [X1C, P1S]),
        ("the Prusa", Match.UNKNOWN, [X1C, P1S]),
        ("the P1S in the workshop", Match.UNKNOWN, [X1C, P1S]),
    ],
)
def test_references_to_a_fleet(
    reference: str | None, match: Match, printers: list[PrinterNames]
) -> None:
    assert choose(FLEET, reference) == Resolution(match, tuple(printers))


def test_the_printer_is_the_one_in_the_speakers_area_then_the_one_that_fits() -> None:
    assert choose(FLEET, "the printer", area_id="garage").printers == (P1S,)
    running = choose(FLEET, "the printer", prefer=lambda state: state == "running")
    assert running == Resolution(Match.FOUND, (X1C,))
    both = choose(FLEET, "the printer", prefer=lambda state: True)
    assert both.match is Match.AMBIGUOUS
    assert choose(FLEET, None, several=True) == Resolution(Match.FOUND, (X1C, P1S))
    assert choose([A1], None, several=True) == Resolution(Match.FOUND, ())
    assert choose([A1], None).match is Match.NONE_EXPOSED


WORDS = st.sampled_from(
    [
        "Bertha",
        "Big Bertha",
        "Workshop",
        "Garage",
        "X1C",
        "P1S",
        "A1 mini",
        "H2D",
        "Voron",
        "Printer 1",
        "Printer 2",
        "Atelier",
        "Élodie",
        "the printer",
        "Bambu Lab X1C",
    ]
)
NAMES = st.one_of(
    WORDS,
    st.text(st.sampled_from("abcxyzéXYZ0123 -'()[]"), min_size=1, max_size=10),
).filter(lambda name: name_key(name) != "")
AREAS = st.sampled_from([None, "Workshop", "Garage", "Atelier", "Entrée", "Bertha"])


@st.composite
def fleets(draw: st.DrawFn) -> list[PrinterNames]:
    """Draw a few printers with names, aliases and areas that may collide."""
    count = draw(st.integers(1, 4))
    return [
        printer(
            draw(NAMES),
            names=tuple(draw(st.lists(NAMES, max_size=2))),
            area=draw(AREAS),
            exposed=draw(st.booleans()),
        )
        for _ in range(count)
    ]


@settings(max_examples=150, deadline=None)
@given(fleets())
def test_every_phrase_a_printer_answers_to_finds_it_or_asks(fleet: list[PrinterNames]) -> None:
    for one in fleet:
        if not one.exposed:
            continue
        for language in ("en", "fr"):
            for phrase in printer_phrases(one, language):
                found = choose(fleet, phrase)
                assert found.match in (Match.FOUND, Match.AMBIGUOUS), phrase
                assert one in found.printers, phrase
                if found.match is Match.FOUND:
                    assert found.printers == (one,), phrase  # never another printer


@settings(max_examples=150, deadline=None)
@given(fleets(), st.one_of(NAMES, WORDS))
def test_a_reference_finds_only_a_printer_it_names_and_never_a_hidden_one(
    fleet: list[PrinterNames], reference: str
) -> None:
    key = name_key(reference)
    exposed = [p for p in fleet if p.exposed]
    fitting = [p for p in exposed if not key or p.answers_to(key)]
    found = choose(fleet, reference)
    if found.match is Match.FOUND:
        (one,) = found.printers
        assert fitting == [one]
    elif found.match is Match.AMBIGUOUS:
        assert list(found.printers) == fitting
        assert len(fitting) > 1
    else:
        assert not fitting


@settings(max_examples=100, deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=3), AREAS)
def test_phrases_are_list_values_hassil_matches_as_they_are(
    names: list[str], area: str | None
) -> None:
    one = printer(names[0], names=tuple(names[1:]), area=area)
    french = printer_phrases(one, "fr")
    assert [p for p in french if "l' " in p and "l' " not in " ".join(names)] == []  # l'atelier
    phrases = printer_phrases(one, "en")
    assert all(list_value(phrase) == phrase for phrase in phrases)
    intents = Intents.from_dict(
        {
            "language": "en",
            "intents": {"Pause": {"data": [{"sentences": ["pause [the] {printers:printer}"]}]}},
            "lists": {"printers": {"values": phrases}},
        }
    )
    for phrase in phrases:
        result = recognize(f"pause the {phrase}", intents)
        assert result is not None, phrase
        assert name_key(str(result.entities["printer"].value)) == name_key(phrase)
