"""Start the server: options, token, optional Hunyuan3D model, discovery, serve."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections.abc import Sequence
from typing import Any

from ..discovery import announce
from ..options import Options, ensure_token, load_options
from ..stl.engine import Engine, ShapeModel
from .app import build_app
from .limits import HttpLimits
from .memory import tune_malloc
from .site import start_site

_LOGGER = logging.getLogger(__name__)
# Two malloc arenas for the loop, the decoders and the job pools, and image-sized buffers
# (4 MiB and more) mapped on their own: freed, they go back to the system (see memory.py).
MALLOC_ARENAS = 2
MMAP_THRESHOLD = 4 * 1024 * 1024


def load_model(options: Options) -> tuple[ShapeModel | None, dict[str, Any]]:
    """Load Hunyuan3D once if the licence was accepted; say why not otherwise.

    Returns the model (or ``None``) and the ``hunyuan3d`` object of ``GET /info``.
    """

    status: dict[str, Any] = {
        "enabled": options.hunyuan3d_accept_license,
        "loaded": False,
        "reason": None,
    }
    if not options.hunyuan3d_accept_license:
        status["reason"] = (
            "Off: Hunyuan3D's licence excludes the EU, the UK and South Korea; set "
            "hunyuan3d_accept_license to use it where the licence applies."
        )
        return None, status
    try:
        from ..stl.hunyuan import HunyuanShapeModel  # noqa: PLC0415 -- heavy, optional

        model = HunyuanShapeModel.load(options)
    except Exception as err:  # noqa: BLE001 -- any load failure means CPU mode, said in /info
        status["reason"] = f"Not loaded, CPU mode: {err}"
        _LOGGER.warning("Hunyuan3D not loaded, running in CPU mode: %s", err)
        return None, status
    status["loaded"] = True
    _LOGGER.info("Hunyuan3D loaded: %s on %s", model.name, model.device)
    return model, status


async def serve(options: Options) -> None:
    """Run the server until cancelled."""

    options = ensure_token(options)
    loop = asyncio.get_running_loop()
    model, status = await loop.run_in_executor(None, load_model, options)
    if model is None:
        _LOGGER.info("CPU mode: methods relief and silhouette (%s)", status["reason"])
    limits = HttpLimits()
    app = build_app(options, Engine(model), status, limits)
    runner, _ = await start_site(app, options.host, options.port, limits)
    _LOGGER.info("HoloMat image → STL server listening on %s:%d", options.host, options.port)
    supervisor_token = os.environ.get("SUPERVISOR_TOKEN")
    if supervisor_token:
        # Core resolves the container's hostname on the add-on network.
        config = {"host": socket.gethostname(), "port": options.port, "token": options.token}
        await announce(options.supervisor_url, supervisor_token, "holomat", config)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
        _LOGGER.info("Stopping")
    finally:
        await runner.cleanup()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``python -m holomat_addon``."""

    options = load_options(argv)
    logging.basicConfig(
        level=options.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    tune_malloc(MALLOC_ARENAS, MMAP_THRESHOLD)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(options))
