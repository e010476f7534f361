"""Random sentences from hassil templates, a few per template (full expansion explodes)."""

from __future__ import annotations

from collections.abc import Iterator
import random

from hassil import Intents
from hassil.expression import (
    Alternative,
    Expression,
    ListReference,
    Permutation,
    RuleReference,
    Sequence,
    TextChunk,
)
from hassil.intents import IntentData, RangeSlotList, SlotList, TextSlotList
from hassil.util import normalize_whitespace

WILDCARD_WORDS = ("milk", "a cup of tea", "jazz")


def sample(
    expression: Expression,
    rng: random.Random,
    slot_lists: dict[str, SlotList],
    rules: dict[str, object],
) -> str:
    """Return one random text the expression accepts."""
    if isinstance(expression, TextChunk):
        return expression.original_text
    if isinstance(expression, Alternative):
        return sample(rng.choice(expression.items), rng, slot_lists, rules)
    if isinstance(expression, Permutation):
        items = list(expression.items)
        rng.shuffle(items)
        return " ".join(sample(item, rng, slot_lists, rules) for item in items)
    if isinstance(expression, Sequence):
        return "".join(sample(item, rng, slot_lists, rules) for item in expression.items)
    if isinstance(expression, RuleReference):
        rule = rules[expression.rule_name]
        return sample(rule.expression, rng, slot_lists, rules)  # type: ignore[attr-defined]
    if isinstance(expression, ListReference):
        slot_list = slot_lists.get(expression.list_name)
        if isinstance(slot_list, TextSlotList) and slot_list.values:
            value = rng.choice(slot_list.values)
            return sample(value.text_in, rng, slot_lists, rules)
        if isinstance(slot_list, RangeSlotList):
            return str(rng.randrange(slot_list.start, slot_list.stop + 1, slot_list.step))
        return rng.choice(WILDCARD_WORDS)
    raise TypeError(expression)


def samples(
    intents: Intents,
    per_template: int,
    slot_lists: dict[str, SlotList],
    seed: int = 0,
) -> Iterator[tuple[str, IntentData, str]]:
    """Yield ``(intent name, its data block, text)``, ``per_template`` texts per template."""
    rng = random.Random(seed)
    lists = {**intents.slot_lists, **slot_lists}
    for name, intent in intents.intents.items():
        for data in intent.data:
            rules = {**intents.expansion_rules, **data.expansion_rules}
            for sentence in data.sentences:
                for _ in range(per_template):
                    text = sample(sentence.expression, rng, lists, rules)
                    yield name, data, normalize_whitespace(text).strip()
