"""HoloMat's sentences: each reaches its own intent, and none takes Home Assistant's own.

Home Assistant's built-in agent prefers custom sentences to its own whenever both match, so a
HoloMat sentence that matched "pause the TV" would take it from Home Assistant. These tests run
hassil as the agent does (Home Assistant's intents and skip words, custom sentences first) on
random sentences drawn from every template, in English and French.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hassil import Intents
from hassil.intents import SlotList, TextSlotList
from hassil.recognize import recognize_all, recognize_best
from hassil.util import merge_dict
from home_assistant_intents import get_intents
import pytest

from custom_components.holomat.assist.sentences import (
    LIST_NAME,
    languages,
    load_templates,
    sentence_file,
)
from custom_components.holomat.llm_confirmation import is_confirmation

from .sampling import samples

CUSTOM = "holomat_custom"
PHRASES = {
    "en": ["X1C", "x one c", "P1S", "workshop printer", "printer", "3D printer", "Bertha"],
    "fr": ["X1C", "x un c", "P1S", "imprimante", "imprimante de l'atelier", "Bertha"],
}
# Home Assistant's own lists, filled as a home would fill them (no printer among them).
HOME_LISTS: dict[str, SlotList] = {
    "name": TextSlotList.from_strings(["kitchen light", "TV", "fan", "front door", "lampe"]),
    "area": TextSlotList.from_strings(["kitchen", "workshop", "garage", "cuisine", "atelier"]),
    "floor": TextSlotList.from_strings(["upstairs", "rez-de-chaussée"]),
}


@cache
def holomat(language: str) -> Intents:
    """Return HoloMat's sentences alone, its printer list filled."""
    templates = load_templates(language)
    templates["lists"] = {LIST_NAME: {"values": PHRASES[language]}}
    return Intents.from_dict(templates)


@cache
def everything(language: str) -> Intents:
    """Return Home Assistant's intents with HoloMat's merged in, as the built-in agent has them."""
    merged = get_intents(language)
    assert merged is not None
    templates = load_templates(language)
    for intent in templates["intents"].values():
        for data in intent["data"]:
            data["metadata"] = {CUSTOM: True}
    merge_dict(merged, templates)
    merged["lists"][LIST_NAME] = {"values": PHRASES[language]}
    return Intents.from_dict(merged)


def test_each_language_has_the_same_intents_and_slots() -> None:
    assert languages() == ["en", "fr"]
    shapes = {
        language: {
            name: sorted(tuple(sorted(data.get("slots", {}).items())) for data in intent["data"])
            for name, intent in load_templates(language)["intents"].items()
        }
        for language in languages()
    }
    assert shapes["en"] == shapes["fr"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_holomat_sentence_reaches_its_intent(language: str) -> None:
    intents = everything(language)
    wrong = []
    for name, data, text in samples(holomat(language), 4, HOME_LISTS):
        result = recognize_best(
            text,
            intents,
            slot_lists=HOME_LISTS,
            language=language,
            best_metadata_key=CUSTOM,
            best_slot_name="name",
        )
        got = {k: v.value for k, v in result.entities.items()} if result else {}
        if result is None or result.intent.name != name or data.slots.items() - got.items():
            wrong.append((text, name, result and result.intent.name, got))
    assert wrong == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_home_assistant_sentences_stay_home_assistants(language: str) -> None:
    home = get_intents(language)
    assert home is not None
    taken = [
        (text, name, result.intent.name)
        for name, _data, text in samples(Intents.from_dict(home), 2, HOME_LISTS, seed=1)
        for result in recognize_all(
            text, holomat(language), skip_words=home.get("skip_words"), language=language
        )
    ]
    assert taken == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_yes_sentence_is_a_yes_to_the_confirmation_rule(language: str) -> None:
    answers = [
        (text, data.slots["answer"])
        for name, data, text in samples(holomat(language), 20, {})
        if name == "HolomatConfirm"
    ]
    assert {answer for _text, answer in answers} == {"yes", "no"}
    assert [text for text, answer in answers if is_confirmation(text) != (answer == "yes")] == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_written_file_is_what_hassil_reads(language: str) -> None:
    text = sentence_file(load_templates(language), PHRASES[language])
    assert text.startswith("# Written by HoloMat")
    intents = Intents.from_yaml(__import__("io").StringIO(text))
    printers = intents.slot_lists[LIST_NAME]
    assert isinstance(printers, TextSlotList)
    assert len(printers.values) == len(PHRASES[language])


README = Path(__file__).parent.parent.parent / "README.md"
DETAILS = {
    "(status)": "status",
    "time left": "time_left",
    "what is printing": "job",
    "temperatures": "temperature",
    "filament": "filament",
}


def readme_examples() -> list[tuple[str, str, str, str | None]]:
    """Return the README's example sentences: (language, text, intent, status detail)."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| intent | English") :].split("\n\n", 1)[0]
    examples = []
    intent = ""
    for row in table.splitlines()[2:]:
        first, english, french = (cell.strip() for cell in row.strip("|").split("|"))
        detail = next((d for key, d in DETAILS.items() if key in first), None)
        if first.startswith("`"):
            intent = first.split("`")[1]
        for language, cell in (("en", english), ("fr", french)):
            examples += [(language, s.strip(), intent, detail) for s in cell.split("·")]
    return examples


@pytest.mark.parametrize(("language", "text", "intent", "detail"), readme_examples())
def test_the_readme_examples_are_understood(
    language: str, text: str, intent: str, detail: str | None
) -> None:
    result = recognize_best(
        text,
        everything(language),
        slot_lists=HOME_LISTS,
        language=language,
        best_metadata_key=CUSTOM,
        best_slot_name="name",
    )
    assert result is not None
    assert result.intent.name == intent
    if detail is not None:
        assert result.entities["detail"].value == detail
