"""quality_scale.yaml answers every rule of Home Assistant's quality scale, each honestly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import homeassistant
from homeassistant.util.yaml import load_yaml_dict
import pytest

OURS = Path(__file__).parents[1] / "custom_components" / "holomat" / "quality_scale.yaml"
# A Platinum core integration's file lists every rule of the installed HA's scale.
PEBLAR = Path(homeassistant.__file__).parent / "components" / "peblar" / "quality_scale.yaml"


def _rules(path: Path) -> dict[str, Any]:
    """Return the rules of a quality_scale.yaml."""
    return dict(load_yaml_dict(path)["rules"])


def test_every_rule_of_the_installed_ha_is_answered() -> None:
    assert set(_rules(OURS)) == set(_rules(PEBLAR))


@pytest.mark.parametrize(("rule", "answer"), _rules(OURS).items())
def test_a_rule_not_done_says_why(rule: str, answer: Any) -> None:
    if isinstance(answer, str):
        assert answer == "done", rule
        return
    assert answer["status"] in ("done", "todo", "exempt"), rule
    assert answer["comment"].strip(), rule
