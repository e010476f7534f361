"""Speech-to-text: offline commands, the OpenAI-compatible endpoint, noise, failures."""

from __future__ import annotations

import os

import pytest
from wyoming.info import Describe

from holomat_addon.voice.sphinx import CommandRecognizer

from .conftest import StartServer, speak
from .openai_standin import StandinState
from .wyoming_client import request, transcribe

COMMANDS = [
    ("pause the printer", "pause the printer"),
    ("jarvis resume the printer", "resume the printer"),
    ("stop the printer", "stop the printer"),
    ("hey jarvis abort the print", "stop the printer"),
    ("cancel the print", "stop the printer"),
    ("what is the status of the printer", "what is the status of the printer"),
    ("turn on the kitchen lights", "turn on the kitchen lights"),
    ("turn off the garage lights", "turn off the garage lights"),
]


@pytest.mark.parametrize(("said", "command"), COMMANDS)
async def test_offline_commands_recognised(
    start_server: StartServer, said: str, command: str
) -> None:
    """Spoken HoloMat commands come back as their canonical sentence, without the wake word."""
    uri = await start_server()
    events = await transcribe(uri, speak(said))
    assert events[-1].type == "transcript"
    assert events[-1].data["text"] == command


async def test_offline_free_speech_not_passed_on(start_server: StartServer) -> None:
    """Speech outside the grammar gives an empty transcript, reported as no command."""
    uri = await start_server()
    events = await transcribe(uri, speak("what is the weather like today"))
    assert events[-1].data["text"] == ""
    assert events[-1].data["context"] == {"no_speech": "no command"}


async def test_silence_reported_as_no_speech(start_server: StartServer) -> None:
    """Silence is reported as no speech, without calling the endpoint."""
    uri = await start_server()
    events = await transcribe(uri, bytes(32000))
    assert events[-1].data == {"text": "", "language": "en", "context": {"no_speech": "silence"}}


async def test_offline_french_is_an_error(start_server: StartServer) -> None:
    """The offline recognizer says it only knows English, and the server goes on serving."""
    uri = await start_server()
    events = await transcribe(uri, speak("mets l'imprimante en pause", "fr"), language="fr")
    assert events[-1].type == "error"
    assert events[-1].data["code"] == "unsupported-request"
    assert "English only" in events[-1].data["text"]
    assert (await request(uri, Describe().event(), until="info"))[-1].type == "info"


@pytest.mark.parametrize(
    ("language", "voice", "text"),
    [("en", "en-us", "Pause the printer."), ("fr", "fr", "Mets l'imprimante en pause.")],
)
async def test_endpoint_transcribes(
    *,
    start_server: StartServer,
    standin: tuple[str, StandinState],
    api_key: str,
    language: str,
    voice: str,
    text: str,
) -> None:
    """Audio goes to /v1/audio/transcriptions as 16 kHz mono WAV with the language; text returns."""
    url, state = standin
    state.transcript = text
    uri = await start_server(openai_url=url, openai_api_key=api_key)
    pcm = speak(text, voice)
    events = await transcribe(uri, pcm, language=language)
    assert [e.type for e in events] == ["transcript"]
    assert events[0].data["text"] == text
    (upload,) = state.uploads
    assert upload == {
        "rate": 16000,
        "width": 2,
        "channels": 1,
        "frames": len(pcm) // 2,
        "model": "whisper-1",
        "language": language,
        "stream": None,
    }


async def test_other_audio_formats_converted(
    start_server: StartServer, standin: tuple[str, StandinState], api_key: str
) -> None:
    """22.05 kHz stereo audio reaches the endpoint as 16 kHz mono."""
    url, state = standin
    uri = await start_server(openai_url=url, openai_api_key=api_key)
    mono = speak("pause the printer", rate=22050)
    stereo = b"".join(mono[i : i + 2] * 2 for i in range(0, len(mono), 2))
    events = await transcribe(uri, stereo, rate=22050, channels=2)
    assert events[-1].data["text"] == "Pause the printer."
    assert state.uploads[0]["rate"] == 16000
    assert state.uploads[0]["channels"] == 1


async def test_streaming_transcript(
    start_server: StartServer, standin: tuple[str, StandinState], api_key: str
) -> None:
    """With a streaming endpoint the words arrive as transcript-chunk before the transcript."""
    url, state = standin
    uri = await start_server(openai_url=url, openai_api_key=api_key, stt_streaming=True)
    events = await transcribe(uri, speak("pause the printer"))
    types = [e.type for e in events]
    assert types == ["transcript-start"] + ["transcript-chunk"] * 3 + [
        "transcript",
        "transcript-stop",
    ]
    assert "".join(e.data["text"] for e in events[1:4]) == "Pause the printer. "
    assert events[4].data["text"] == "Pause the printer."
    assert state.uploads[0]["stream"] == "true"


@pytest.mark.parametrize("noise", ["", " [BLANK_AUDIO]", "(music)", "♪♪", "Thanks for watching!"])
async def test_noise_transcript_not_passed_on(
    start_server: StartServer, standin: tuple[str, StandinState], api_key: str, noise: str
) -> None:
    """What models write for noise becomes an empty transcript flagged as noise."""
    url, state = standin
    state.transcript = noise
    uri = await start_server(openai_url=url, openai_api_key=api_key)
    events = await transcribe(uri, os.urandom(16000) + speak("hm"))
    assert events[-1].data["text"] == ""
    assert events[-1].data["context"]["no_speech"].startswith("noise")


async def test_endpoint_unreachable(start_server: StartServer) -> None:
    """An endpoint nobody listens on gives a readable error, and describe still works."""
    uri = await start_server(openai_url="http://127.0.0.1:9/v1")
    events = await transcribe(uri, speak("pause the printer"))
    assert events[-1].type == "error"
    assert events[-1].data["code"] == "endpoint-unreachable"
    assert "cannot reach http://127.0.0.1:9/v1/audio/transcriptions" in events[-1].data["text"]
    assert (await request(uri, Describe().event(), until="info"))[-1].type == "info"


async def test_bad_key(start_server: StartServer, standin: tuple[str, StandinState]) -> None:
    """A refused key is reported with the endpoint's own message and the option to fix."""
    url, _ = standin
    uri = await start_server(openai_url=url, openai_api_key="sk-wrong")
    events = await transcribe(uri, speak("pause the printer"))
    assert events[-1].data["code"] == "endpoint-auth"
    assert "Incorrect API key provided" in events[-1].data["text"]
    assert "voice_openai_api_key" in events[-1].data["text"]


@pytest.mark.parametrize(
    ("width", "channels", "pcm"), [(2, 6, bytes(12 * 100)), (2, 1, b"\x01"), (2, 1, b"")]
)
async def test_unsupported_audio(
    start_server: StartServer, width: int, channels: int, pcm: bytes
) -> None:
    """Six channels, half a sample or no audio at all: an error event, then other clients work."""
    uri = await start_server()
    events = await transcribe(uri, pcm, width=width, channels=channels)
    assert events[-1].type == "error"
    assert events[-1].data["code"] == "unsupported-audio"
    assert (await transcribe(uri, speak("stop the printer")))[-1].data["text"] == "stop the printer"


def test_names_outside_the_dictionary_said_as_espeak_says_them() -> None:
    """A name the English dictionary lacks is said as espeak-ng says it; no word: left out."""
    recognizer = CommandRecognizer(["Bambu X1C", "Living_Room", "Кухня"])
    assert "living room" in recognizer.names
    assert recognizer.names["bambu x. one c."] == "Bambu X1C"
    assert all(name.isascii() for name in recognizer.names.values())
    assert recognizer.recognize(speak("pause the bambu x one c")) == "pause the Bambu X1C"
