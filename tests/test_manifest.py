"""Check manifest.json and hacs.json against the rules hassfest and HACS apply offline."""

from __future__ import annotations

from importlib.metadata import version
import json
from pathlib import Path

from awesomeversion import AwesomeVersion
from packaging.requirements import Requirement

ROOT = Path(__file__).parent.parent
INTEGRATION = ROOT / "custom_components" / "holomat"
REQUIRED_KEYS = {
    "domain",
    "name",
    "codeowners",
    "config_flow",
    "documentation",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "loggers",
    "requirements",
    "version",
}


def _manifest() -> dict[str, object]:
    return json.loads((INTEGRATION / "manifest.json").read_text())


def test_manifest_has_what_hacs_and_hassfest_require() -> None:
    manifest = _manifest()
    assert manifest.keys() >= REQUIRED_KEYS
    assert manifest["domain"] == "holomat" == INTEGRATION.name
    assert manifest["config_flow"] is True
    assert manifest["iot_class"] == "local_push"
    assert manifest["integration_type"] in {"device", "hub", "service"}
    assert AwesomeVersion(str(manifest["version"])).valid
    assert str(manifest["documentation"]).startswith("https://")
    assert str(manifest["issue_tracker"]).startswith("https://")
    assert all(str(owner).startswith("@") for owner in manifest["codeowners"])  # type: ignore[attr-defined]


def test_manifest_requirements_hold_for_home_assistants_own_pins() -> None:
    """Each requirement accepts the version installed beside HA 2026.2.3, so HA installs nothing."""
    for line in _manifest()["requirements"]:  # type: ignore[attr-defined]
        requirement = Requirement(line)
        installed = version(requirement.name)
        assert requirement.specifier.contains(installed), f"{line} refuses {installed}"


def test_manifest_keys_are_sorted_like_hassfest_wants() -> None:
    keys = list(_manifest())
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])


def test_hacs_json() -> None:
    hacs = json.loads((ROOT / "hacs.json").read_text())
    assert hacs["name"] == "HoloMat"
    assert AwesomeVersion(hacs["homeassistant"]) <= AwesomeVersion("2026.2.3")
    assert set(hacs) <= {
        "name",
        "content_in_root",
        "zip_release",
        "filename",
        "hide_default_branch",
        "country",
        "homeassistant",
        "persistent_directory",
        "render_readme",
        "hacs",
    }
