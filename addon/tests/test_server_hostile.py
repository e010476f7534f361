"""Hostile clients against the real server on 127.0.0.1: each gets a clear 4xx, nothing is lost.

Raw sockets send what an HTTP library will not: half-sent uploads, bytes that are not UTF-8,
broken multipart framing, headers dribbled one at a time.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from yarl import URL

from holomat_addon.server.limits import HttpLimits

from .conftest import AUTH, TOKEN, Start, drawing, png_bytes

DRAWING = png_bytes(drawing())
BOUNDARY = "holomat-test-boundary"


def post_head(length: int, content_type: str, *, path: str = "/jobs", token: str = TOKEN) -> bytes:
    """Return the head of a ``POST`` announcing ``length`` body bytes."""

    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def multipart(*parts: tuple[str, bytes], boundary: str = BOUNDARY) -> bytes:
    """Return a multipart/form-data body of ``(name, value)`` parts."""

    body = b""
    for name, value in parts:
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'.encode()
        body += b'; filename="image.png"' if name == "image" else b""
        body += b"\r\n\r\n" + value + b"\r\n"
    return body + f"--{boundary}--\r\n".encode()


@asynccontextmanager
async def connect(url: str) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    """Open a raw TCP connection to the server at ``url``."""

    parsed = URL(url)
    reader, writer = await asyncio.open_connection(parsed.host, parsed.port)
    try:
        yield reader, writer
    finally:
        writer.close()


async def read_response(reader: asyncio.StreamReader, wait: float = 5.0) -> tuple[int, bytes, Any]:
    """Read one response: status, head, and the JSON body (``None`` when empty)."""

    async with asyncio.timeout(wait):
        head = await reader.readuntil(b"\r\n\r\n")
        length = re.search(rb"(?i)content-length: *(\d+)", head)
        body = await reader.readexactly(int(length[1])) if length else b""
    return int(head.split()[1]), head, json.loads(body) if body else None


async def exchange(url: str, data: bytes) -> tuple[int, Any]:
    """Send ``data`` on a fresh connection; return the status and JSON body."""

    async with connect(url) as (reader, writer):
        writer.write(data)
        status, _, body = await read_response(reader)
    return status, body


async def pending(session: aiohttp.ClientSession, url: str) -> int:
    """Return the server's count of queued, running and uploading jobs."""

    async with session.get(f"{url}/info", headers=AUTH) as resp:
        return int((await resp.json())["queue"]["pending"])


async def wait_pending(session: aiohttp.ClientSession, url: str, count: int) -> None:
    """Wait until ``pending`` is ``count``."""

    for _ in range(200):
        if await pending(session, url) == count:
            return
        await asyncio.sleep(0.02)
    assert await pending(session, url) == count


async def test_uploads_in_flight_hold_the_queue(
    start_server: Start, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    url = await start_server(queue_size=2)
    body = multipart(("image", DRAWING))
    slow: list[asyncio.StreamWriter] = []
    for _ in range(2):  # two clients start uploads and stall half-way
        _, writer = await asyncio.open_connection(URL(url).host, URL(url).port)
        writer.write(post_head(len(body), f"multipart/form-data; boundary={BOUNDARY}"))
        writer.write(body[: len(body) // 2])
        slow.append(writer)
    await wait_pending(session, url, 2)
    form = aiohttp.FormData()
    form.add_field("image", DRAWING, filename="image.png")
    async with session.post(f"{url}/image2stl", data=form, headers=AUTH) as resp:
        assert resp.status == 429
        assert int(resp.headers["Retry-After"]) >= 1
        assert (await resp.json())["error"] == "queue_full"
    # A full queue answers before reading a byte of the body, however large it says it is.
    head = post_head(50_000_000, f"multipart/form-data; boundary={BOUNDARY}")
    status, answer = await exchange(url, head)
    assert (status, answer["error"]) == (429, "queue_full")
    for writer in slow:  # the stalled clients go away: their slots are free again
        writer.close()
    await wait_pending(session, url, 0)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # leaving is no error
    form = aiohttp.FormData()
    form.add_field("image", DRAWING, filename="image.png")
    async with session.post(f"{url}/image2stl", data=form, headers=AUTH) as resp:
        assert resp.status == 200


async def test_stalled_upload_times_out_and_frees_its_slot(
    start_server: Start, session: aiohttp.ClientSession
) -> None:
    url = await start_server(limits=HttpLimits(upload_timeout_s=0.3), queue_size=1)
    body = multipart(("image", DRAWING))
    async with connect(url) as (reader, writer):
        writer.write(post_head(len(body), f"multipart/form-data; boundary={BOUNDARY}"))
        writer.write(body[:100])
        status, _, answer = await read_response(reader)
    assert (status, answer["error"]) == (408, "upload_timeout")
    assert "0.3 s" in answer["message"]
    assert await pending(session, url) == 0


@pytest.mark.parametrize(
    "value", [b"Bearer \xff\xfe\xfd", b"Bearer test-tok\xe9n", b"\xc3(", b"Bearer " + b"\x80" * 100]
)
async def test_authorization_that_is_not_utf8_is_401(start_server: Start, value: bytes) -> None:
    url = await start_server()
    request = b"GET /info HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + value + b"\r\n\r\n"
    status, body = await exchange(url, request)
    assert (status, body["error"]) == (401, "unauthorized")


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", multipart(("image", DRAWING))),
        ("multipart/form-data; boundary=", multipart(("image", DRAWING))),
        (f"multipart/form-data; boundary={BOUNDARY}", b"no boundary anywhere in here\r\n"),
        (f"multipart/form-data; boundary={BOUNDARY}", multipart(("image", DRAWING))[:-40]),
        (
            f"multipart/form-data; boundary={BOUNDARY}",
            f"--{BOUNDARY}\r\nnot a header line\r\n\r\nxx\r\n--{BOUNDARY}--\r\n".encode(),
        ),
        (
            f"multipart/form-data; boundary={BOUNDARY}",
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=image\r\n"
            f"X-Long: {'x' * 200_000}\r\n\r\nxx\r\n--{BOUNDARY}--\r\n".encode(),
        ),
    ],
    ids=[
        "no-boundary",
        "empty-boundary",
        "garbage",
        "truncated",
        "bad-part-head",
        "long-part-head",
    ],
)
async def test_malformed_multipart_is_400(
    start_server: Start, session: aiohttp.ClientSession, content_type: str, body: bytes
) -> None:
    url = await start_server()
    status, answer = await exchange(url, post_head(len(body), content_type) + body)
    assert status == 400, answer
    assert answer["error"] == "bad_parameter"
    assert answer["message"].endswith(".")
    assert await pending(session, url) == 0


def json_image(**extra: Any) -> dict[str, Any]:
    """Return a JSON body with the drawing and ``extra`` keys."""

    return {"image": base64.b64encode(DRAWING).decode(), **extra}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested"),
        (b'{"image": "x", "size_mm": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested"),
        (b"[" + b"1," * 100_000 + b"1]", "values"),
        (json.dumps(json_image(size_mm=[1, 2])).encode(), "number"),
        (json.dumps(json_image(size_mm=10**400)).encode(), "longer than"),
        (json.dumps(json_image(**{f"k{i}": 1 for i in range(16)})).encode(), "keys"),
        (json.dumps(json_image(**{"x" * 5000: 1})).encode(), "name"),
        (b'{"image": "' + b"\\u00e9\\" * 1000, "not valid JSON"),
        (b'\xff\xfe{"image"', "not valid JSON"),
    ],
    ids=[
        "deep",
        "deep-value",
        "long-array",
        "list-value",
        "huge-int",
        "many-keys",
        "long-name",
        "unterminated",
        "bytes",
    ],
)
async def test_hostile_json_is_400(
    start_server: Start, session: aiohttp.ClientSession, body: bytes, words: str
) -> None:
    url = await start_server()
    status, answer = await exchange(url, post_head(len(body), "application/json") + body)
    assert (status, answer["error"]) == (400, "bad_parameter"), answer
    assert words in answer["message"]
    assert len(answer["message"]) < 300
    async with session.post(f"{url}/image2stl", json=json_image(), headers=AUTH) as resp:
        assert resp.status == 200


@pytest.mark.parametrize(
    ("parts", "words"),
    [
        ([("image", DRAWING)] + [("size_mm", b"40")] * 1000, "more than 16 parts"),
        ([("image", DRAWING), ("size_mm", b"1" * 1000)], "longer than"),
        ([("image", DRAWING), ("x" * 5000, b"1")], "longer than"),
        ([("image", DRAWING), ("image", DRAWING)], "more than one"),
    ],
    ids=["many-fields", "long-value", "long-name", "two-images"],
)
async def test_multipart_fields_are_capped(
    start_server: Start, parts: list[tuple[str, bytes]], words: str
) -> None:
    url = await start_server()
    body = multipart(*parts)
    head = post_head(len(body), f"multipart/form-data; boundary={BOUNDARY}")
    status, answer = await exchange(url, head + body)
    assert (status, answer["error"]) == (400, "bad_parameter"), answer
    assert words in answer["message"]
    assert len(answer["message"]) < 300


async def test_slow_request_head_is_cut_off(start_server: Start) -> None:
    url = await start_server(limits=HttpLimits(header_timeout_s=0.3))
    async with connect(url) as (reader, writer):
        writer.write(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        loop = asyncio.get_running_loop()
        started = loop.time()

        async def dribble() -> None:
            for _ in range(30):  # one header line every 0.1 s never ends the head
                writer.write(b"X-Slow: 1\r\n")
                await asyncio.sleep(0.1)

        task = asyncio.create_task(dribble())
        status, _, _ = await read_response(reader)
        task.cancel()
        assert status == 408
        assert await reader.read() == b""
        assert loop.time() - started < 2.0


async def test_kept_alive_connection_serves_and_then_closes(start_server: Start) -> None:
    url = await start_server(limits=HttpLimits(header_timeout_s=0.2, keepalive_timeout_s=0.6))
    request = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    async with connect(url) as (reader, writer):
        writer.write(request)
        assert (await read_response(reader))[0] == 200
        await asyncio.sleep(0.3)  # past the first head's deadline: the next request is fine
        writer.write(request)
        assert (await read_response(reader))[0] == 200
        writer.write(b"GET /health HTTP/1.1\r\n")  # a head that never ends
        async with asyncio.timeout(3):
            assert await reader.read() == b""
