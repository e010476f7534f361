"""The English and French translations are complete and agree."""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

TRANSLATIONS = Path(__file__).parents[1] / "custom_components" / "holomat" / "translations"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Return every string of a translation tree by its dotted key."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat |= flatten(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def test_french_has_every_english_string_with_the_same_placeholders() -> None:
    english = flatten(json.loads((TRANSLATIONS / "en.json").read_text()))
    french = flatten(json.loads((TRANSLATIONS / "fr.json").read_text()))
    assert set(french) == set(english)
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(french[key])) == set(PLACEHOLDER.findall(text)), key
        assert french[key].strip(), key


def test_no_english_string_is_empty() -> None:
    english = flatten(json.loads((TRANSLATIONS / "en.json").read_text()))
    assert [key for key, text in english.items() if not text.strip()] == []
