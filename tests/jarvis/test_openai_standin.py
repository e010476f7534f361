"""The stand-in model server speaks what the ``openai`` SDK expects (no Home Assistant here)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import openai
import pytest

from holomat_dev.openai_standin import OpenAIStandin, Reply


@pytest.fixture
async def server(socket_enabled: None) -> AsyncIterator[OpenAIStandin]:
    """Serve a stand-in without a key."""
    standin = OpenAIStandin()
    await standin.start()
    yield standin
    await standin.stop()


async def test_responses_api_stream(server: OpenAIStandin) -> None:
    client = openai.AsyncOpenAI(base_url=server.base_url, api_key="none", max_retries=0)
    server.script(Reply(text="Hello there, sir.", usage=(42, 7)))
    stream = await client.responses.create(model="gpt-4o-mini", input="Hi", stream=True)
    events = [event async for event in stream]
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == "Hello there, sir."
    completed = events[-1]
    assert completed.type == "response.completed"
    assert completed.response.usage is not None
    assert completed.response.usage.input_tokens == 42
    assert server.requests == [{"model": "gpt-4o-mini", "input": "Hi", "stream": True}]


async def test_responses_api_wants_the_key(server: OpenAIStandin) -> None:
    server.api_key = "sk-right"
    client = openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        await client.responses.create(model="gpt-4o-mini", input="Hi", stream=True)
