"""Decoding a printer's payload: bounded in size and depth, never raising anything but its error."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.holomat.bambu.payload import (
    MAX_DEPTH,
    MAX_PAYLOAD,
    MalformedPayloadError,
    decode_payload,
    too_deep,
)

from .conftest import RECORDINGS


def test_recorded_reports_decode() -> None:
    for path in RECORDINGS.glob("*.json"):
        payload = path.read_bytes()
        assert decode_payload(payload) == json.loads(payload)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b'{"print":' * 20_000, "levels deep"),  # json.loads raises RecursionError on it
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "levels deep"),
        (b'{"print": {"x": "' + b"a" * MAX_PAYLOAD + b'"}}', "bytes"),
        (b"not json", "not JSON"),
        (b'{"print": {"mc_percent": 1', "not JSON"),
        (b'{"n": ' + b"9" * 5000 + b"}", "not JSON"),  # past Python's int digit limit
        (b"[1, 2]", "list, not an object"),
        (b"NaN", "float, not an object"),
        (b"", "not JSON"),
    ],
)
def test_malformed_payloads_raise_one_clear_error(payload: bytes, reason: str) -> None:
    with pytest.raises(MalformedPayloadError, match=reason):
        decode_payload(payload)


def test_brackets_inside_strings_do_not_nest() -> None:
    name = "[{" * 100 + '"' + "}]" * 3  # json.dumps escapes the quote
    payload = json.dumps({"print": {"subtask_name": name, "ams": {"ams": [{"id": "0"}]}}})
    assert not too_deep(payload.encode())
    assert decode_payload(payload.encode())["print"]["subtask_name"] == name


def test_depth_limit_is_exact() -> None:
    assert not too_deep(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)
    assert too_deep(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))


def test_non_utf8_bytes_are_read_as_latin1() -> None:
    payload = b'{"print": {"subtask_name": "Caf\xe9"}}'
    assert decode_payload(payload) == {"print": {"subtask_name": "Café"}}


def test_nan_and_infinity_decode_as_floats_for_the_merge_to_drop() -> None:
    message = decode_payload(b'{"print": {"mc_percent": NaN, "bed_temper": -Infinity}}')
    assert message["print"]["mc_percent"] != message["print"]["mc_percent"]
    assert message["print"]["bed_temper"] == float("-inf")


def _depth(value: Any) -> int:
    """Return how deeply a decoded JSON value nests."""
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


TRICKY_TEXT = st.text(alphabet='[]{}"\\ab\n', max_size=6)
NESTED = st.recursive(
    st.none() | st.integers() | TRICKY_TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TRICKY_TEXT, children),
    max_leaves=30,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(value=NESTED, padding=st.sampled_from([0, 4090, 5000]), limit=st.integers(0, 8))
def test_depth_check_agrees_with_json(value: Any, padding: int, limit: int) -> None:
    """Brackets, quotes and backslashes inside strings, strings across scan chunks."""
    payload = json.dumps({"pad": "x" * padding, "value": value}).encode()
    assert too_deep(payload, limit) == (_depth(json.loads(payload)) > limit)
