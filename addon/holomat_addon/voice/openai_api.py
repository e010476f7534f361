"""Client for the audio endpoints of an OpenAI-compatible API, built on aiohttp.

Wire formats follow OpenAI's API reference: ``POST {base}/audio/transcriptions`` (multipart form:
``file``, ``model``, ``language``, ``response_format=json``, optional ``stream=true`` answered with
server-sent events ``transcript.text.delta`` / ``transcript.text.done``), and
``POST {base}/audio/speech`` (JSON ``model``, ``input``, ``voice``, ``response_format=pcm``:
raw 24 kHz 16-bit mono PCM). Errors come back as ``{"error": {"message": ...}}``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, NoReturn

import aiohttp

from .audio import AudioFormat
from .errors import EndpointAuthError, EndpointResponseError, EndpointUnreachableError

SPEECH_FORMAT = AudioFormat(24000, 2, 1)


@dataclass(frozen=True)
class TranscriptPiece:
    """A piece of a transcription: a streamed ``delta`` or, when ``final``, the whole text."""

    text: str
    final: bool


class OpenAIAudioClient:
    """Call ``/audio/transcriptions`` and ``/audio/speech`` of one OpenAI-compatible server."""

    def __init__(
        self, session: aiohttp.ClientSession, base_url: str, api_key: str | None, timeout: float
    ) -> None:
        """Use ``session`` for requests to ``base_url`` (e.g. ``https://api.openai.com/v1``)."""
        self._session = session
        self._base = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def transcribe(
        self, wav: bytes, *, model: str, language: str | None, stream: bool
    ) -> AsyncIterator[TranscriptPiece]:
        """Transcribe a WAV file; yield deltas when ``stream``, always end with the final text.

        Raises ``EndpointUnreachableError``, ``EndpointAuthError`` or ``EndpointResponseError``.
        """
        form = aiohttp.FormData()
        form.add_field("file", wav, filename="speech.wav", content_type="audio/wav")
        form.add_field("model", model)
        form.add_field("response_format", "json")
        if language:
            form.add_field("language", language)
        if stream:
            form.add_field("stream", "true")
        url = f"{self._base}/audio/transcriptions"
        try:
            async with self._session.post(
                url, data=form, headers=self._headers, timeout=self._timeout
            ) as response:
                await _raise_for_status(response, url)
                if response.content_type != "text/event-stream":
                    body = await response.json(content_type=None)
                    yield TranscriptPiece(str(body.get("text", "")), final=True)
                    return
                async for event in _server_sent_events(response):
                    if event.get("type") == "transcript.text.delta":
                        yield TranscriptPiece(str(event.get("delta", "")), final=False)
                    elif event.get("type") == "transcript.text.done":
                        yield TranscriptPiece(str(event.get("text", "")), final=True)
                        return
        except (aiohttp.ClientConnectionError, TimeoutError) as err:
            _unreachable(url, err)
        except (aiohttp.ContentTypeError, json.JSONDecodeError, AttributeError) as err:
            raise EndpointResponseError(f"{url} sent a reply that is not a transcript") from err
        raise EndpointResponseError(f"{url} ended its stream without a final transcript")

    async def speech(self, text: str, *, model: str, voice: str) -> AsyncIterator[bytes]:
        """Yield raw PCM in ``SPEECH_FORMAT`` as the endpoint streams it.

        Raises ``EndpointUnreachableError``, ``EndpointAuthError`` or ``EndpointResponseError``.
        """
        url = f"{self._base}/audio/speech"
        payload = {"model": model, "input": text, "voice": voice, "response_format": "pcm"}
        try:
            async with self._session.post(
                url, json=payload, headers=self._headers, timeout=self._timeout
            ) as response:
                await _raise_for_status(response, url)
                async for data in response.content.iter_chunked(4096):
                    yield data
        except aiohttp.ClientPayloadError as err:
            raise EndpointResponseError(f"{url} broke off its audio: {err}") from err
        except (aiohttp.ClientConnectionError, TimeoutError) as err:
            _unreachable(url, err)


def _unreachable(url: str, err: Exception) -> NoReturn:
    """Raise the error that says the endpoint cannot be reached."""
    raise EndpointUnreachableError(
        f"cannot reach {url} ({type(err).__name__}: {err}); check the add-on option "
        "voice_openai_url and that the server is running"
    ) from err


async def _raise_for_status(response: aiohttp.ClientResponse, url: str) -> None:
    """Raise a readable error for an HTTP error status, quoting the endpoint's own message."""
    if response.status < 400:
        return
    message = await _error_message(response)
    if response.status in (401, 403):
        raise EndpointAuthError(
            f"{url} refused the API key (HTTP {response.status}: {message}); "
            "check the add-on option voice_openai_api_key"
        )
    raise EndpointResponseError(f"{url} answered HTTP {response.status}: {message}")


async def _error_message(response: aiohttp.ClientResponse) -> str:
    """Return ``error.message`` of an OpenAI error body, else the start of the body."""
    body = await response.text()
    try:
        data: Any = json.loads(body)
        return str(data["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return body[:200] or response.reason or "no message"


async def _server_sent_events(response: aiohttp.ClientResponse) -> AsyncIterator[dict[str, Any]]:
    """Yield the JSON objects of ``data:`` lines of a server-sent event stream."""
    async for raw in response.content:
        line = raw.decode("utf-8").strip()
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        event = json.loads(data)
        if isinstance(event, dict):
            yield event
