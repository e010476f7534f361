"""HoloMat's own texts (replies, notifications) as a user reads them in the translation files."""

from __future__ import annotations

import json
from pathlib import Path

TRANSLATIONS = Path(__file__).parents[1] / "custom_components" / "holomat" / "translations"


def translated(key: str, language: str = "en", **placeholders: str) -> str:
    """Return ``common.<key>`` of ``translations/<language>.json`` with its placeholders filled."""
    common = json.loads((TRANSLATIONS / f"{language}.json").read_text())["common"]
    return str(common[key]).format(**placeholders)
