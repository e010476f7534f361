"""The add-on folder: config.yaml, translations and the server's options agree."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import yaml

from holomat_addon import __version__
from holomat_addon.server.options import Options

ADDON = Path(__file__).parent.parent
STL_OPTIONS = {f.name for f in fields(Options)} - {"host", "port", "data_dir", "supervisor_url"}


def test_config_options_are_the_servers() -> None:
    config = yaml.safe_load((ADDON / "config.yaml").read_text(encoding="utf-8"))
    assert config["version"] == __version__
    assert "holomat" in config["discovery"]
    assert "8099/tcp" in config["ports"]
    assert config["watchdog"].endswith("[PORT:8099]/health")
    ours = {name for name in config["options"] if not name.startswith("voice_")}
    assert ours == STL_OPTIONS
    assert set(config["schema"]) >= ours
    assert config["options"]["hunyuan3d_accept_license"] is False
    for name in ours:
        assert getattr(Options(), name) == config["options"][name] or name == "token"


def test_translations_cover_every_option() -> None:
    config = yaml.safe_load((ADDON / "config.yaml").read_text(encoding="utf-8"))
    for language in ("en", "fr"):
        text = yaml.safe_load((ADDON / "translations" / f"{language}.yaml").read_text("utf-8"))
        assert set(text["configuration"]) >= set(config["options"]), language
        assert "8099/tcp" in text["network"]
        for entry in text["configuration"].values():
            assert entry["name"]
            assert entry["description"]


def test_image_supervises_both_servers() -> None:
    """The image runs the supervisor (no shell ``&``) and its health check covers both ports."""
    dockerfile = (ADDON / "Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["python", "-m", "holomat_addon.supervise"]' in dockerfile
    assert 'ENTRYPOINT ["/usr/bin/tini", "--"]' in dockerfile
    assert "&" not in dockerfile.rsplit("CMD", 1)[1]
    (healthcheck,) = [line for line in dockerfile.splitlines() if line.startswith("HEALTHCHECK")]
    assert "holomat_addon.healthcheck" in healthcheck
