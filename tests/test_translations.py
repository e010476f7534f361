"""The English and French translations are complete and agree."""

from __future__ import annotations

import ast
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


# Flow base classes and the translation section their abort reasons are looked up in.
FLOW_SECTIONS = {
    "ConfigFlow": "config.abort",
    "ConfigSubentryFlow": "config_subentries.*.abort",
    "OptionsFlow": "options.abort",
    "RepairsFlow": "issues.*.fix_flow.abort",
}
# Reasons Home Assistant's flow helpers use when the call names none (data_entry_flow,
# config_entries 2026.2.3): async_set_unique_id aborts a second flow for the same device.
DEFAULT_REASONS = {
    "async_set_unique_id": {"already_in_progress"},
    "_abort_if_unique_id_configured": {"already_configured"},
    "async_update_reload_and_abort": {"reauth_successful", "reconfigure_successful"},
    "async_update_and_abort": {"reconfigure_successful"},
}
REASON_KEYWORDS = {"reason", "error"}
INTEGRATION = TRANSLATIONS.parent


def _section(node: ast.ClassDef) -> str | None:
    """Return the translation section of a flow class's aborts (None: not a flow)."""
    for base in node.bases:
        name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
        for flow, section in FLOW_SECTIONS.items():
            if name.endswith((flow, f"{flow}Mixin")):
                return section
    return None


def _reasons(call: ast.Call) -> set[str]:
    """Return the abort reasons one call in a flow can end with."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    given = [
        kw.value.value
        for kw in call.keywords
        if kw.arg in REASON_KEYWORDS and isinstance(kw.value, ast.Constant)
    ]
    if name in ("async_abort", "AbortFlow"):
        given += [a.value for a in call.args[:1] if isinstance(a, ast.Constant)]
        return {str(reason) for reason in given}
    if name == "async_set_unique_id" and any(
        kw.arg == "raise_on_progress" and getattr(kw.value, "value", True) is False
        for kw in call.keywords
    ):
        return set()
    return {str(reason) for reason in given} or DEFAULT_REASONS.get(name, set())


def abort_reasons() -> dict[str, set[str]]:
    """Return every abort reason the integration's flows can end with, by translation section."""
    found: dict[str, set[str]] = {}
    for path in INTEGRATION.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and (section := _section(node)):
                for call in ast.walk(node):
                    if isinstance(call, ast.Call):
                        found.setdefault(section, set()).update(_reasons(call))
    return found


def _translated(tree: dict[str, Any], section: str) -> set[str]:
    """Return the keys under ``section`` (``*`` matches every key at its level)."""
    nodes = [tree]
    for part in section.split("."):
        nodes = [
            child
            for node in nodes
            for key, child in node.items()
            if part in ("*", key) and isinstance(child, dict)
        ]
    return {key for node in nodes for key in node}


def test_every_abort_reason_in_the_code_is_translated() -> None:
    reasons = abort_reasons()
    assert "already_in_progress" in reasons["config.abort"]
    for language in ("en", "fr"):
        tree = json.loads((TRANSLATIONS / f"{language}.json").read_text())
        for section, used in reasons.items():
            assert used - _translated(tree, section) == set(), (language, section)
