"""Helpers for the HA-free printer library's tests: the recorded printer payloads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RECORDINGS = Path(__file__).parents[2] / "holomat_dev" / "recordings"


def recording(name: str) -> dict[str, Any]:
    """Return one recorded message body (``holomat_dev/recordings/<name>.json``)."""
    data: dict[str, Any] = json.loads((RECORDINGS / f"{name}.json").read_text())
    return data
