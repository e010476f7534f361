"""The generate_3d_model action is described, translated and iconed for the UI."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.helpers import selector
import yaml

INTEGRATION = Path(__file__).parents[2] / "custom_components" / "holomat"


def test_every_field_has_a_valid_selector_and_a_translation() -> None:
    fields = yaml.safe_load((INTEGRATION / "services.yaml").read_text())["generate_3d_model"][
        "fields"
    ]
    icons = json.loads((INTEGRATION / "icons.json").read_text())
    assert icons["services"]["generate_3d_model"]["service"].startswith("mdi:")
    for language in ("en", "fr"):
        strings = json.loads((INTEGRATION / "translations" / f"{language}.json").read_text())
        described = strings["services"]["generate_3d_model"]["fields"]
        assert set(described) == set(fields), language
        assert all(field["name"] and field["description"] for field in described.values())
        methods = strings["selector"]["model_method"]["options"]
        assert set(methods) == set(fields["method"]["selector"]["select"]["options"])
    for field in fields.values():
        selector.validate_selector(field["selector"])
