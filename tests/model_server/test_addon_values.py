"""The client reads the real add-on's job statuses and error codes, not a copy of its own.

The add-on's values are read from its own package, run by its Python 3.11 environment (the test
skips where ``addon/.venv`` is not installed, like the other tests of the real add-on).
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from custom_components.holomat.model_server.client import STATUS_ERROR_CODES, ErrorCode, JobStatus
from custom_components.holomat.model_server.plates import KIND_MODEL, KIND_SLICE

from .conftest import ADDON_PYTHON, ROOT

# Prints {"statuses": [...], "kinds": [...], "errors": {code: HTTP status}} for the HTTP API.
ADDON_VALUES = """
import json
from holomat_addon.server import errors
from holomat_addon.server.job import JobKind, JobStatus

def below(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from below(sub)

print(json.dumps({
    "statuses": [str(status) for status in JobStatus],
    "kinds": [str(kind) for kind in JobKind],
    "errors": {error.code: error.status for error in below(errors.ImageToStlError)},
}))
"""


@pytest.fixture(scope="module")
def addon_values() -> dict[str, Any]:
    """Return the add-on's job statuses and error codes, as its own package has them."""
    if not ADDON_PYTHON.exists():
        pytest.skip("the add-on's environment (addon/.venv) is not installed")
    done = subprocess.run(
        [str(ADDON_PYTHON), "-c", ADDON_VALUES],
        cwd=ROOT / "addon",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values: dict[str, Any] = json.loads(done.stdout)
    return values


def test_job_statuses_are_the_addons(addon_values: dict[str, Any]) -> None:
    """Every status the add-on reports is one the client knows, and no other."""
    assert {str(status) for status in JobStatus} == set(addon_values["statuses"])


def test_job_kinds_are_the_addons(addon_values: dict[str, Any]) -> None:
    """The client reads a model job and a slicing job by the kinds the add-on names them."""
    assert addon_values["kinds"] == [KIND_MODEL, KIND_SLICE]


def test_error_codes_are_the_addons(addon_values: dict[str, Any]) -> None:
    """Each code the client tells apart is the add-on's, with the status the client reads."""
    errors: dict[str, int] = addon_values["errors"]
    assert set(ErrorCode) == set(STATUS_ERROR_CODES.values())
    for status, code in STATUS_ERROR_CODES.items():
        assert errors[code] == status
        assert [other for other, its in errors.items() if its == status] == [code]
