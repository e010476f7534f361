"""Run the voice server: ``python -m holomat_addon.voice --uri tcp://0.0.0.0:10300``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import socket
from dataclasses import replace
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

import aiohttp
from wyoming.server import AsyncServer

from ..discovery import announce
from ..options import SUPERVISOR_URL, VOICE_PORT, options_path, read_options, settings_from_options
from .handler import VoiceEventHandler
from .service import VoiceService
from .sphinx import CommandRecognizer
from .wake import bundled_wake_words

_LOGGER = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    """Return the command-line parser (options override the add-on's options file)."""
    parser = argparse.ArgumentParser(prog="python -m holomat_addon.voice", description=__doc__)
    parser.add_argument("--uri", default=f"tcp://0.0.0.0:{VOICE_PORT}", help="where to listen")
    parser.add_argument("--options", type=Path, help="options JSON file (/data/options.json)")
    parser.add_argument("--openai-url", help="OpenAI-compatible base URL, e.g. .../v1")
    parser.add_argument("--openai-api-key")
    parser.add_argument("--stt-model")
    parser.add_argument("--stt-streaming", action="store_true", default=None)
    parser.add_argument("--tts-model")
    parser.add_argument("--default-voice")
    parser.add_argument("--wake-cutoff", type=float, help="wake word probability cutoff (0-1)")
    parser.add_argument("--names-file", type=Path, help="entity names, one a line, for offline STT")
    parser.add_argument(
        "--discovery",
        action="store_true",
        help="announce the server to the Supervisor once listening (needs SUPERVISOR_TOKEN)",
    )
    parser.add_argument("--supervisor-url", default=SUPERVISOR_URL)
    parser.add_argument("--debug", action="store_true")
    return parser


async def main(argv: list[str] | None = None) -> None:
    """Load settings and the offline model, then serve until stopped."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.INFO)
    overrides = {
        "openai_url": args.openai_url,
        "openai_api_key": args.openai_api_key,
        "stt_model": args.stt_model,
        "stt_streaming": args.stt_streaming,
        "tts_model": args.tts_model,
        "default_voice": args.default_voice,
        "wake_cutoff": args.wake_cutoff,
    }
    settings = settings_from_options(
        read_options(args.options or options_path(os.environ)),
        environ=os.environ,
        overrides=overrides,
    )
    if args.names_file is not None:
        names = args.names_file.read_text(encoding="utf-8").splitlines()
        settings = replace(settings, command_names=(*settings.command_names, *names))
    loop = asyncio.get_running_loop()
    recognizer = await loop.run_in_executor(None, CommandRecognizer, settings.command_names)
    wake_words = await loop.run_in_executor(None, bundled_wake_words, settings.wake_cutoff)
    async with aiohttp.ClientSession() as session:
        service = VoiceService(settings, recognizer, session, wake_words)
        server = AsyncServer.from_uri(args.uri)
        if args.uri.startswith("stdio:"):
            await server.run(partial(VoiceEventHandler, service))
            return
        await server.start(partial(VoiceEventHandler, service))
        _LOGGER.info("Serving Wyoming on %s (endpoint: %s)", args.uri, settings.openai_url)
        port = urlparse(args.uri).port
        if args.discovery and port is not None:
            uri = f"tcp://{socket.gethostname()}:{port}"
            token = os.environ.get("SUPERVISOR_TOKEN", "")
            await announce(args.supervisor_url, token, "wyoming", {"uri": uri})
        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
