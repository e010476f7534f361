"""The HoloMat add-on on this machine, for ``scripts/develop`` and the workshop: start, register.

Run: ``python -m holomat_dev.addon --state-dir .dev``. Starts the add-on as its image does,
``python -m holomat_addon.supervise`` from ``addon/.venv`` (both servers, restarted if they
crash), with CPU methods and the offline voice, on 127.0.0.1: the image → STL server and the
Wyoming server (speech-to-text, text-to-speech, the "hey jarvis" wake word). Options come from
``HOLOMAT_*`` variables (``holomat_addon.options``); no Supervisor, so nothing is announced.
Ports and token are kept in ``<state-dir>/addon.json`` across runs (Home Assistant's entries
point at them); once both servers answer, ``<state-dir>/addon-ready.json`` says where they are
(``Addon.as_dict``). SIGINT / SIGTERM stop the add-on (one SIGTERM to the supervisor, which
stops its servers) and remove that file.

``register`` adds a running add-on to Home Assistant through its own config flows, as a user
would: HoloMat's 3D model server, and HA's core ``wyoming`` integration for the speech server.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import asdict, dataclass
import json
import logging
import os
from pathlib import Path
import secrets
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import aiohttp

from .ha_bootstrap import BootstrapError

_LOGGER = logging.getLogger(__name__)
ROOT = Path(__file__).parents[1]
ADDON_ROOT = ROOT / "addon"
ADDON_PYTHON = ADDON_ROOT / ".venv" / "bin" / "python"
# The title HA's wyoming flow gives the entry: the name of the server's first program.
WYOMING_TITLE = "holomat-stt"


@dataclass(frozen=True)
class Addon:
    """Where a running add-on serves: the image → STL ``url`` and ``token``, the Wyoming port."""

    url: str
    token: str
    wyoming_host: str
    wyoming_port: int

    def as_dict(self) -> dict[str, Any]:
        """Return the fields as JSON-ready values."""
        return asdict(self)


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def command(
    data_dir: Path, stl_port: int, wyoming_port: int, token: str
) -> tuple[list[str], dict[str, str]]:
    """Return the command line and environment that run the add-on's supervisor on 127.0.0.1.

    ``data_dir`` is the add-on's ``/data`` (its models, token, options file). Raises
    ``FileNotFoundError`` when ``addon/.venv`` is missing (``scripts/setup`` makes it).
    """
    if not ADDON_PYTHON.exists():
        raise FileNotFoundError(f"{ADDON_PYTHON} is missing: run scripts/setup")
    data_dir.mkdir(parents=True, exist_ok=True)
    argv = [str(ADDON_PYTHON), "-m", "holomat_addon.supervise", "--no-discovery"]
    argv += ["--voice-uri", f"tcp://127.0.0.1:{wyoming_port}"]
    env = {
        **os.environ,
        "HOLOMAT_OPTIONS": str(data_dir / "options.json"),
        "HOLOMAT_HOST": "127.0.0.1",
        "HOLOMAT_PORT": str(stl_port),
        "HOLOMAT_TOKEN": token,
        "HOLOMAT_DATA_DIR": str(data_dir),
    }
    return argv, env


def wait_serving(
    addon: Addon, process: subprocess.Popen[bytes], log: Path | None, within: float
) -> None:
    """Wait until both servers accept connections; RuntimeError (with the log) if they do not."""
    stl_port = int(addon.url.rsplit(":", 1)[1])
    deadline = time.monotonic() + within
    for port in (stl_port, addon.wyoming_port):
        while True:
            with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text()[-3000:] if log is not None and log.exists() else ""
                raise RuntimeError(f"the add-on did not start (port {port}):\n{tail}")
            time.sleep(0.2)


def start(
    data_dir: Path, *, log: Path | None = None, ports: Mapping[str, Any] | None = None
) -> tuple[Addon, subprocess.Popen[bytes]]:
    """Start the add-on (its own session) and return where it serves, once it does.

    ``ports`` (``stl_port``, ``wyoming_port``, ``token``) reuses earlier ones; free ports and a
    new token otherwise. Output goes to ``log`` (else this process's). Stop it with SIGINT or
    SIGTERM. Raises RuntimeError when it does not serve within two minutes.
    """
    ports = ports or {}
    stl_port = int(ports.get("stl_port") or free_port())
    wyoming_port = int(ports.get("wyoming_port") or free_port())
    token = str(ports.get("token") or secrets.token_urlsafe(24))
    argv, env = command(data_dir, stl_port, wyoming_port, token)
    output = log.open("wb") if log is not None else None
    process = subprocess.Popen(  # noqa: S603 - our own program, no shell
        argv,
        cwd=ADDON_ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
        start_new_session=True,
    )
    if output is not None:
        output.close()  # the child has its own copy
    addon = Addon(f"http://127.0.0.1:{stl_port}", token, "127.0.0.1", wyoming_port)
    try:
        wait_serving(addon, process, log, within=120)
    except RuntimeError:
        stop(process)
        raise
    return addon, process


def stop(process: subprocess.Popen[bytes], within: float = 30) -> None:
    """Ask the supervisor to stop (SIGTERM: it stops both servers); kill it if it will not."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(within)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


async def run_flow(
    session: aiohttp.ClientSession, url: str, token: str, handler: str, *steps: dict[str, Any]
) -> dict[str, Any]:
    """Run a config flow of ``handler`` through ``steps``; return its last result."""
    headers = {"Authorization": f"Bearer {token}"}
    flows = f"{url}/api/config/config_entries/flow"
    async with session.post(flows, json={"handler": handler}, headers=headers) as response:
        result: dict[str, Any] = await checked_json(response)
    for step in steps:
        async with session.post(
            f"{flows}/{result['flow_id']}", json=step, headers=headers
        ) as response:
            result = await checked_json(response)
    return result


async def checked_json(response: aiohttp.ClientResponse) -> Any:
    """Return a response's JSON, or raise ``BootstrapError`` with its status and text."""
    if response.status >= 400:
        raise BootstrapError(f"{response.url}: {response.status} {await response.text()}")
    return await response.json()


async def entry_titles(
    session: aiohttp.ClientSession, url: str, token: str, domain: str
) -> list[str]:
    """Return the titles of the config entries of ``domain``."""
    async with session.get(
        f"{url}/api/config/config_entries/entry",
        params={"domain": domain},
        headers={"Authorization": f"Bearer {token}"},
    ) as response:
        return [entry["title"] for entry in await checked_json(response)]


async def register(
    session: aiohttp.ClientSession, url: str, token: str, addon: Addon, *, voice: bool = True
) -> list[str]:
    """Add ``addon`` to Home Assistant at ``url``; return what was done, for the log.

    The model server through HoloMat's flow (skipped when that URL is set up); with ``voice``
    the speech server through the core ``wyoming`` flow (skipped when an entry titled
    ``holomat-stt`` exists: that flow does not check for duplicates). Raises
    ``BootstrapError`` when a flow fails.
    """
    done = []
    result = await run_flow(
        session,
        url,
        token,
        "holomat",
        {"next_step_id": "model_server"},
        {"url": addon.url, "token": addon.token},
    )
    if result["type"] == "create_entry":
        done.append(f"added the 3D model server ({addon.url})")
    elif result.get("reason") not in ("already_configured", "model_server_already_configured"):
        raise BootstrapError(f"adding the model server failed: {result}")
    if voice and WYOMING_TITLE not in await entry_titles(session, url, token, "wyoming"):
        form = {"host": addon.wyoming_host, "port": addon.wyoming_port}
        result = await run_flow(session, url, token, "wyoming", form)
        if result["type"] != "create_entry":
            raise BootstrapError(f"adding the Wyoming speech server failed: {result}")
        done.append(f"added the Wyoming speech server (port {addon.wyoming_port})")
    return done


def main() -> int:
    """Run the add-on until SIGINT or SIGTERM; write ``addon-ready.json`` while it serves."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--state-dir", type=Path, default=Path(".dev"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    state: Path = args.state_dir
    saved_file, ready_file = state / "addon.json", state / "addon-ready.json"
    ready_file.unlink(missing_ok=True)
    saved: dict[str, Any] = {}
    with suppress(OSError, ValueError):
        saved = json.loads(saved_file.read_text())
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        addon, process = start(state / "addon", log=state / "addon.log", ports=saved)
    except (RuntimeError, FileNotFoundError) as err:
        print(f"add-on: {err}", file=sys.stderr)  # noqa: T201
        return 1
    stl_port = int(addon.url.rsplit(":", 1)[1])
    saved_file.write_text(
        json.dumps({"stl_port": stl_port, "wyoming_port": addon.wyoming_port, "token": addon.token})
    )
    ready_file.write_text(json.dumps(addon.as_dict()))
    _LOGGER.info("Add-on serving: %s (Wyoming on port %d)", addon.url, addon.wyoming_port)
    try:
        while not stopping and process.poll() is None:
            time.sleep(0.2)
    finally:
        ready_file.unlink(missing_ok=True)
        stop(process)
        _LOGGER.info("Add-on stopped")
    return 0 if stopping else 1


if __name__ == "__main__":
    sys.exit(main())
