"""Server options: defaults < ``/data/options.json`` < ``HOLOMAT_*`` environment < command line."""

from __future__ import annotations

import argparse
import json
import logging
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

_LOGGER = logging.getLogger(__name__)
OPTIONS_FILE = Path("/data/options.json")


@dataclass(frozen=True, slots=True)
class Options:
    """Everything the server reads at start; names match ``config.yaml``'s options."""

    host: str = "0.0.0.0"  # noqa: S104 -- a container's server listens on all interfaces
    port: int = 8099
    token: str = ""
    data_dir: str = "/data"
    max_upload_mb: float = 15.0
    max_megapixels: float = 16.0
    queue_size: int = 4
    job_timeout_s: float = 300.0
    cpu_workers: int = 1
    cache_mb: int = 256
    hunyuan3d_accept_license: bool = False
    hunyuan3d_model_path: str = "tencent/Hunyuan3D-2mini"
    hunyuan3d_subfolder: str = "hunyuan3d-dit-v2-mini-turbo"
    hunyuan3d_steps: int = 5
    hunyuan3d_octree_resolution: int = 256
    hunyuan3d_device: str = "auto"
    supervisor_url: str = "http://supervisor"
    log_level: str = "info"

    @property
    def max_upload_bytes(self) -> int:
        """Return the upload limit in bytes."""

        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def max_pixels(self) -> int:
        """Return the pixel-count limit."""

        return int(self.max_megapixels * 1_000_000)


_TYPES = {f.name: f.type for f in fields(Options)}


def _convert(name: str, value: Any) -> Any:
    """Convert a raw option (JSON value or string) to the field's type."""

    kind = _TYPES[name]
    if kind == "bool":
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("1", "true", "yes", "on")
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return str(value)


def load_options(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    options_file: Path | None = None,
) -> Options:
    """Merge the sources: the Supervisor's options file, then ``HOLOMAT_<NAME>``, then CLI."""

    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(prog="python -m holomat_addon", description=__doc__)
    parser.add_argument("--options", type=Path, help="options JSON file (/data/options.json)")
    for name in _TYPES:
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None)
    args = parser.parse_args(argv)
    path = args.options or options_file or Path(environ.get("HOLOMAT_OPTIONS", OPTIONS_FILE))
    raw: dict[str, Any] = {}
    if path.is_file():
        loaded = json.loads(path.read_text(encoding="utf-8"))
        raw.update({k: v for k, v in loaded.items() if k in _TYPES and v is not None})
    for name in _TYPES:
        env = environ.get(f"HOLOMAT_{name.upper()}")
        if env is not None:
            raw[name] = env
        cli = getattr(args, name)
        if cli is not None:
            raw[name] = cli
    return Options(**{name: _convert(name, value) for name, value in raw.items()})


def ensure_token(options: Options) -> Options:
    """Return ``options`` with a token: the configured one, else one kept in ``data_dir``.

    A generated token is written to ``<data_dir>/token`` so it survives restarts; the
    Supervisor discovery hands it to Home Assistant.
    """

    if options.token:
        return options
    path = Path(options.data_dir) / "token"
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError:
        token = ""
    if not token:
        token = secrets.token_urlsafe(32)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(token, encoding="utf-8")
            path.chmod(0o600)
        except OSError as err:
            _LOGGER.warning("Could not keep the generated token in %s: %s", path, err)
        else:
            _LOGGER.info("Generated an API token, kept in %s", path)
    return replace(options, token=token)
