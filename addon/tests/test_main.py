"""Start-up: options (file, environment, CLI), the token, Supervisor discovery, the process."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from holomat_addon.discovery import announce
from holomat_addon.options import Options, ensure_token, load_options


def test_options_precedence(tmp_path: Path) -> None:
    path = tmp_path / "options.json"
    path.write_text(
        json.dumps(
            {"port": 9000, "token": "from-file", "queue_size": 7, "hunyuan3d_accept_license": True}
        )
    )
    options = load_options(
        ["--port", "9100", "--options", str(path)],
        environ={"HOLOMAT_TOKEN": "from-env", "HOLOMAT_JOB_TIMEOUT_S": "12.5"},
    )
    assert options.port == 9100
    assert options.token == "from-env"
    assert options.queue_size == 7
    assert options.job_timeout_s == 12.5
    assert options.hunyuan3d_accept_license is True
    assert options.max_upload_bytes == 15 * 1024 * 1024
    defaults = load_options([], environ={}, options_file=tmp_path / "missing.json")
    assert defaults == Options()
    assert defaults.hunyuan3d_accept_license is False


def test_generated_token_is_kept(tmp_path: Path) -> None:
    first = ensure_token(Options(data_dir=str(tmp_path)))
    assert len(first.token) >= 32
    assert (tmp_path / "token").read_text() == first.token
    assert ensure_token(Options(data_dir=str(tmp_path))).token == first.token
    assert ensure_token(Options(data_dir=str(tmp_path), token="set")).token == "set"


class FakeSupervisor:
    """A stand-in for the Supervisor's ``POST /discovery`` (its real request and answer)."""

    def __init__(self, answer: dict[str, Any], status: int = 200) -> None:
        """Answer every discovery with ``answer``."""

        self.answer = answer
        self.status = status
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.arrived = asyncio.Event()

    async def discovery(self, request: web.Request) -> web.Response:
        """Record the announcement."""

        self.received.append((request.headers.get("Authorization", ""), await request.json()))
        self.arrived.set()
        return web.json_response(self.answer, status=self.status)


@pytest.fixture
async def supervisor() -> AsyncIterator[tuple[FakeSupervisor, str]]:
    """Run a fake Supervisor on 127.0.0.1."""

    fake = FakeSupervisor({"result": "ok", "data": {"uuid": "abc"}})
    app = web.Application()
    app.router.add_post("/discovery", fake.discovery)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield fake, f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


async def test_announce(supervisor: tuple[FakeSupervisor, str]) -> None:
    fake, url = supervisor
    config = {"host": socket.gethostname(), "port": 8099, "token": "api-token"}
    assert await announce(url, "super-token", "holomat", config)
    auth, payload = fake.received[0]
    assert auth == "Bearer super-token"
    assert payload == {
        "service": "holomat",
        "config": {"host": socket.gethostname(), "port": 8099, "token": "api-token"},
    }
    fake.answer = {"result": "error", "message": "no"}
    fake.status = 400
    assert not await announce(url, "super-token", "holomat", config)


async def test_announce_unreachable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert not await announce(f"http://127.0.0.1:{port}", "t", "holomat", {"port": 8099})


async def test_process_starts_announces_and_serves(
    supervisor: tuple[FakeSupervisor, str], tmp_path: Path
) -> None:
    fake, url = supervisor
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "SUPERVISOR_TOKEN": "super-token",
        "HOLOMAT_SUPERVISOR_URL": url,
        "HOLOMAT_DATA_DIR": str(tmp_path),
        "HOLOMAT_OPTIONS": str(tmp_path / "options.json"),
        "HOLOMAT_HOST": "127.0.0.1",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "holomat_addon",
        "--port",
        str(port),
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await asyncio.wait_for(fake.arrived.wait(), 30)
        token = (tmp_path / "token").read_text()
        assert fake.received[0][1]["config"] == {
            "host": socket.gethostname(),
            "port": port,
            "token": token,
        }
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/health") as resp:
                assert await resp.json() == {"status": "ok"}
            headers = {"Authorization": f"Bearer {token}"}
            async with session.get(f"http://127.0.0.1:{port}/info", headers=headers) as resp:
                info = await resp.json()
        assert info["methods"] == ["auto", "relief", "silhouette"]
    finally:
        process.terminate()
        _, stderr = await process.communicate()
    log = stderr.decode()
    assert "CPU mode" in log
    assert "Announced service holomat" in log
