"""What clients read off the wire: job statuses and error codes, one style for both servers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from holomat_addon.errors import AddonError
from holomat_addon.server.errors import QueueFullError
from holomat_addon.server.job import JobKind, JobStatus
from holomat_addon.slicing.errors import SlicingError
from holomat_addon.stl.errors import ImageToStlError
from holomat_addon.voice.errors import VoiceError


def subclasses(cls: type[AddonError]) -> Iterator[type[AddonError]]:
    """Yield ``cls`` and every class below it."""
    yield cls
    for sub in cls.__subclasses__():
        yield from subclasses(sub)


def test_job_statuses_are_the_documented_ones() -> None:
    assert [str(status) for status in JobStatus] == ["queued", "running", "done", "failed"]
    assert [status.finished for status in JobStatus] == [False, False, True, True]
    assert [str(kind) for kind in JobKind] == ["model", "slice"]


def test_every_error_has_its_own_code_in_its_protocols_style() -> None:
    http = [*list(subclasses(ImageToStlError))[1:], *subclasses(SlicingError)]
    wyoming = list(subclasses(VoiceError))
    codes = [error.code for error in (*http, *wyoming)]
    assert len(codes) == len(set(codes)), codes
    for error in http:  # the JSON body's "error", with a client or server error status
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", error.code), error
        assert 400 <= error.status <= 599, error
    for error in wyoming:  # the Wyoming error event's "code"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", error.code), error
    assert {"queue_full", "unauthorized", "timeout", "not_ready", "model_too_big"} <= set(codes)


def test_an_error_says_what_it_is() -> None:
    error = VoiceError("the endpoint is down")
    assert error.as_dict() == {"error": "voice-error", "message": "the endpoint is down"}
    assert error.headers() == {}
    full = QueueFullError("4 jobs are waiting.", retry_after=7)
    assert (full.code, full.status, full.headers()) == ("queue_full", 429, {"Retry-After": "7"})
