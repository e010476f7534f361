"""The ``openai`` client of a JARVIS server, built on Home Assistant's shared HTTP client."""

from __future__ import annotations

from dataclasses import dataclass, field

from homeassistant.core import HomeAssistant
from homeassistant.helpers.httpx_client import get_async_client
import openai

from .const import MAX_RETRIES, NO_KEY, REQUEST_TIMEOUT, VALIDATION_TIMEOUT
from .dialect import ServerDialect
from .memory import ModelMemory


@dataclass(slots=True)
class TurnUsage:
    """Tokens one turn cost, summed over its requests."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0

    @property
    def total_tokens(self) -> int:
        """Return prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens


@dataclass(slots=True)
class JarvisData:
    """Runtime data of a JARVIS config entry: the client, the served models, usage per agent.

    ``dialects`` holds, per model, what the server turned out not to accept; it lives as long as
    the entry is loaded (a reload forgets it, so a server restarted with new flags is asked
    afresh). ``failed_turns`` counts failed turns in a row.
    """

    client: openai.AsyncOpenAI
    models: list[str]
    last_usage: dict[str, TurnUsage] = field(default_factory=dict)
    total_usage: dict[str, TurnUsage] = field(default_factory=dict)
    memory: ModelMemory | None = None
    dialects: dict[str, ServerDialect] = field(default_factory=dict)
    failed_turns: int = 0


def create_client(hass: HomeAssistant, base_url: str, api_key: str | None) -> openai.AsyncOpenAI:
    """Return a client for ``base_url`` that never retries and gives up after a minute."""
    return openai.AsyncOpenAI(
        base_url=base_url,
        api_key=api_key or NO_KEY,
        http_client=get_async_client(hass),
        timeout=REQUEST_TIMEOUT,
        max_retries=MAX_RETRIES,
    )


async def async_list_models(client: openai.AsyncOpenAI) -> list[str]:
    """Return the ids of the server's models, sorted; this really asks the server.

    The SDK's ``models.list()`` only builds a paginator: it must be awaited (or iterated) for a
    request to be sent. Raises ``openai.AuthenticationError`` for a refused key,
    ``openai.APIConnectionError`` (or its ``APITimeoutError``) when the server is out of reach and
    other ``openai.APIError`` subclasses for anything else.
    """
    page = await client.with_options(timeout=VALIDATION_TIMEOUT).models.list()
    return sorted(model.id for model in page.data)
