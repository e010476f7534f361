"""Offline text-to-speech with Debian's ``espeak-ng`` (English and French, no account needed)."""

from __future__ import annotations

import asyncio

from .audio import AudioFormat, parse_wav
from .errors import EngineError, UnsupportedAudioError

ESPEAK_FORMAT = AudioFormat(22050, 2, 1)
# Wyoming voice name -> espeak-ng voice.
ESPEAK_VOICES = {"espeak-en": "en-us", "espeak-fr": "fr"}


async def espeak_synthesize(text: str, espeak_voice: str, binary: str = "espeak-ng") -> bytes:
    """Return ``text`` spoken by ``espeak-ng`` as raw PCM in ``ESPEAK_FORMAT``.

    The text goes in on stdin so nothing in it is read as an option. If the caller is
    cancelled (the client left), the process is killed and reaped before the cancellation goes
    on: no ``espeak-ng`` outlives its request. Raises ``EngineError`` when the binary is missing
    or fails.
    """
    try:
        process = await asyncio.create_subprocess_exec(
            binary,
            "--stdout",
            "-v",
            espeak_voice,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
    except OSError as err:
        raise EngineError(f"cannot run {binary}: {err}; install Debian's espeak-ng") from err
    try:
        stdout, stderr = await process.communicate(text.encode("utf-8"))
    finally:
        if process.returncode is None:
            process.kill()
            # Reap it even if cancelled again meanwhile: no zombie is left behind.
            await asyncio.shield(process.wait())
    if process.returncode != 0:
        raise EngineError(f"{binary} failed: {stderr.decode(errors='replace').strip()}")
    try:
        fmt, pcm = parse_wav(stdout)
    except UnsupportedAudioError as err:
        raise EngineError(f"{binary} wrote no WAV audio: {err}") from err
    if fmt != ESPEAK_FORMAT:
        raise EngineError(f"{binary} wrote {fmt}, expected {ESPEAK_FORMAT}")
    return pcm
