"""Smoke test of the add-on package."""

import holomat_addon


def test_version_is_set() -> None:
    assert holomat_addon.__version__ == "0.1.0"
