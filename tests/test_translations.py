"""The English and French translations are complete, agree, and hold every key the code asks for."""

from __future__ import annotations

import ast
import json
import re
from typing import Any

import pytest

from custom_components.holomat.jarvis.errors import TurnError
from custom_components.holomat.texts import LANGUAGES, Text

from .texts import TRANSLATIONS

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
    "_async_abort_entries_match": {"already_configured"},
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
    named = [kw.value for kw in call.keywords if kw.arg in REASON_KEYWORDS]
    if any(not isinstance(value, ast.Constant) for value in named):
        return set()  # a helper passing on its caller's reason: the caller's call counts
    given = [value.value for value in named if isinstance(value, ast.Constant)]
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


def _tree(language: str) -> dict[str, Any]:
    """Return the translation file of ``language``."""
    return dict(json.loads((TRANSLATIONS / f"{language}.json").read_text()))


def test_the_languages_offered_are_the_translation_files() -> None:
    assert sorted(LANGUAGES) == sorted(path.stem for path in TRANSLATIONS.glob("*.json"))
    assert LANGUAGES[0] == "en"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_of_the_code_is_translated_and_no_other(language: str) -> None:
    assert set(_tree(language)["common"]) == set(Text)


def test_every_failed_turn_has_a_reply() -> None:
    assert {error.reply for error in TurnError} <= set(Text)


def _strings(node: ast.AST, scope: ast.AST, constants: dict[str, set[str]]) -> set[str]:
    """Return the strings ``node`` can be: a literal, a module constant or a local variable's."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if not isinstance(node, ast.Name):
        return set()
    local = {
        assign.value.value
        for assign in ast.walk(scope)
        if isinstance(assign, ast.Assign)
        and isinstance(assign.value, ast.Constant)
        and isinstance(assign.value.value, str)
        and any(getattr(target, "id", None) == node.id for target in assign.targets)
    }
    return local or constants.get(node.id, set())


def _module_constants(modules: list[ast.Module]) -> dict[str, set[str]]:
    """Return the string constants the integration's modules define, by name."""
    constants: dict[str, set[str]] = {}
    for module in modules:
        for statement in module.body:
            if (
                isinstance(statement, ast.AnnAssign | ast.Assign)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                targets = (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                for target in targets:
                    if isinstance(target, ast.Name):
                        constants.setdefault(target.id, set()).add(statement.value.value)
    return constants


def _function_name(call: ast.Call) -> str:
    """Return the name of the function ``call`` calls."""
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def asked_keys() -> dict[str, set[str]]:
    """Return the translation keys the code asks for, by where they live in the translations.

    Exceptions raised with ``translation_domain`` (``exceptions.<key>.message``), repair issues
    (``issues.<key>``) and form errors (``FormError``: ``config.error.<key>``).
    """
    modules = [ast.parse(path.read_text()) for path in INTEGRATION.rglob("*.py")]
    constants = _module_constants(modules)
    asked: dict[str, set[str]] = {"exceptions": set(), "issues": set(), "config.error": set()}
    for module in modules:
        for scope in ast.walk(module):
            if not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for call in ast.walk(scope):
                if not isinstance(call, ast.Call):
                    continue
                keywords = {kw.arg: kw.value for kw in call.keywords}
                name = _function_name(call)
                if name == "FormError":
                    asked["config.error"] |= _strings(call.args[0], scope, constants)
                elif "translation_key" not in keywords:
                    continue
                elif name == "async_create_issue":
                    asked["issues"] |= _strings(keywords["translation_key"], scope, constants)
                elif "translation_domain" in keywords:
                    asked["exceptions"] |= _strings(keywords["translation_key"], scope, constants)
    return asked


def test_the_scan_finds_the_keys_of_each_kind() -> None:
    asked = asked_keys()
    assert "model_server_busy" in asked["exceptions"]  # a local variable's value
    assert "developer_mode_required" in asked["issues"]  # a constant of another module
    assert "jarvis_turns_failing" in asked["issues"]
    assert "printer_untrusted_certificate" in asked["config.error"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_the_code_asks_for_is_translated(language: str) -> None:
    tree = _tree(language)
    asked = asked_keys()
    assert asked["exceptions"] - set(tree["exceptions"]) == set()
    assert asked["issues"] - set(tree["issues"]) == set()
    assert asked["config.error"] - set(tree["config"]["error"]) == set()
