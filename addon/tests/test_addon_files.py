"""The add-on folder: config.yaml, translations and the server's options agree."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from importlib.metadata import version
from pathlib import Path

import yaml

from holomat_addon import __version__
from holomat_addon.options import Options, VoiceSettings

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


def test_one_version() -> None:
    """``holomat_addon.__version__`` is the version config.yaml, pyproject and the image give."""
    config = yaml.safe_load((ADDON / "config.yaml").read_text(encoding="utf-8"))
    pyproject = tomllib.loads((ADDON / "pyproject.toml").read_text(encoding="utf-8"))
    dockerfile = (ADDON / "Dockerfile").read_text(encoding="utf-8")
    assert config["version"] == pyproject["project"]["version"] == __version__
    assert f"ARG BUILD_VERSION={__version__}\n" in dockerfile


def test_voice_options_are_the_voice_servers() -> None:
    config = yaml.safe_load((ADDON / "config.yaml").read_text(encoding="utf-8"))
    voice = {name for name in config["options"] if name.startswith("voice_")}
    assert voice <= {f"voice_{f.name}" for f in fields(VoiceSettings)}
    assert set(config["schema"]) >= voice
    for name in voice - {"voice_openai_url", "voice_openai_api_key"}:  # empty there: None here
        default = getattr(VoiceSettings(), name.removeprefix("voice_"))
        assert default == config["options"][name] or default == tuple(config["options"][name])


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


def test_wake_word_pin_is_what_runs() -> None:
    """The image installs the pymicro-wakeword the tests load, and checks it loads."""
    requirements = (ADDON / "requirements.txt").read_text(encoding="utf-8")
    for package in ("pymicro-wakeword", "pymicro-features"):
        (line,) = [row for row in requirements.splitlines() if row.startswith(f"{package}==")]
        pinned = line.split("==")[1].split(";")[0].strip()
        assert pinned == version(package), package
    dockerfile = (ADDON / "Dockerfile").read_text(encoding="utf-8")
    assert f"pymicro-wakeword=={version('pymicro-wakeword')}" in dockerfile
