"""One request of a JARVIS turn and its answer, fed to the chat log (which runs the tool calls).

Before an answer starts, a failure may still be mended within the same request:

- a refusal makes a feature suspect (``dialect.py``): the request goes again without it, and the
  limit is learnt only once that retry is accepted;
- a busy, loading or rate-limited server (``errors.TRANSIENT``, HTTP or in a 200 stream) is
  asked again after the wait it named, else after a growing backoff (``BACKOFF``), while the
  turn's time budget lasts;
- a context overflow teaches the model's size (``trim.py``): the request goes again with its
  history fitted, when fitting it leaves anything out.

Anything else, or the budget spent, raises ``TurnFailedError`` with what the server said.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
import json
import logging
from typing import Any, Final

from homeassistant.components import conversation
from homeassistant.const import CONF_MODEL
import httpx
import openai

from .client import TurnUsage
from .const import CONF_MAX_HISTORY, CONF_MAX_TOKENS, CONF_TEMPERATURE, DEFAULT_MAX_HISTORY
from .dialect import SHORT_IDS, TOOLS, ServerDialect
from .errors import Failure, TurnError, read_failure
from .messages import build_messages, build_tools
from .sse import StreamError
from .stream import CutNotes, Delta, StreamResult, transform_completion, transform_stream
from .trim import budget_after_overflow, fit, size

_LOGGER = logging.getLogger(__name__)

# Seconds between tries when the server names no wait; the last one repeats.
BACKOFF: Final = (0.25, 0.5, 1.0, 2.0, 4.0)
MAX_TRIES: Final = 8
# Requests sent again with a fitted history after context overflows, per request.
MAX_FITS: Final = 2


class TurnFailedError(Exception):
    """A request failed for good; ``failure`` says why, in the server's words."""

    def __init__(self, failure: Failure) -> None:
        """Keep the failure."""
        super().__init__(str(failure))
        self.failure = failure


@dataclass(slots=True)
class Exchange:
    """What the requests of one turn need: the client, the model's dialect, the chat log.

    ``deadline`` is the event loop time by which retries must have ended (the turn's budget).
    """

    client: openai.AsyncOpenAI
    url: str
    dialect: ServerDialect
    chat_log: conversation.ChatLog
    agent_id: str
    options: Mapping[str, Any]
    usage: TurnUsage
    notes: CutNotes
    deadline: float

    def build(self, offer_tools: bool, refused: frozenset[str]) -> dict[str, Any]:
        """Return the arguments of a request, without the ``refused`` features."""
        has_api = self.chat_log.llm_api is not None
        request: dict[str, Any] = {
            "model": self.options[CONF_MODEL],
            "messages": build_messages(
                self.chat_log.content,
                int(self.options.get(CONF_MAX_HISTORY, DEFAULT_MAX_HISTORY)),
                tools_unavailable=has_api and TOOLS in refused,
                short_ids=self.dialect.mistral_ids or SHORT_IDS in refused,
                context_chars=self.dialect.context_chars,
            ),
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if offer_tools and self.chat_log.llm_api is not None:
            request["tools"] = build_tools(self.chat_log.llm_api)
        if (temperature := self.options.get(CONF_TEMPERATURE)) is not None:
            request["temperature"] = temperature
        if (max_tokens := self.options.get(CONF_MAX_TOKENS)) is not None:
            request[self.dialect.limit_param(refused)] = max_tokens
        self.dialect.apply(request, refused)
        return request

    async def async_send(self, *, offer_tools: bool) -> StreamResult:
        """Send one request and feed its answer to the chat log; return how it ended.

        Raises ``TurnFailedError`` when the request cannot be answered (see the module docstring).
        """
        trial: set[str] = set()
        tries = fits = 0
        while True:
            refused = self.dialect.refused() | trial
            request = self.build(offer_tools, refused)
            result = StreamResult(tools_allowed=self.chat_log.llm_api is not None)
            try:
                await self._async_answer(request, result, trial)
            except openai.APIStatusError as err:
                caught: Exception = err
                feature = self.dialect.suspect(err, request, refused)
                if feature is not None and feature not in trial:
                    _LOGGER.warning(
                        "%s refused %s for model %s (%s); retrying without it",
                        self.url,
                        feature,
                        request["model"],
                        read_failure(err),
                    )
                    trial.add(feature)
                    continue
                failure = read_failure(err)
            except (openai.APIError, httpx.HTTPError, StreamError) as err:
                caught = err
                failure = read_failure(err)
            else:
                return result
            overflow = failure.error is TurnError.CONTEXT_TOO_LONG and fits < MAX_FITS
            if overflow and self._fit_after(failure, caught, request):
                fits += 1
                continue
            if failure.transient and (wait := self._wait(failure, tries)) is not None:
                _LOGGER.info(
                    "%s cannot answer yet (%s); trying again in %.2f s", self.url, failure, wait
                )
                tries += 1
                await asyncio.sleep(wait)
                continue
            raise TurnFailedError(failure) from caught

    async def _async_answer(
        self, request: dict[str, Any], result: StreamResult, trial: set[str]
    ) -> None:
        """Send ``request``; once accepted, learn the limits on trial and feed the answer."""
        completions = self.client.chat.completions
        if request.get("stream"):
            async with completions.with_streaming_response.create(**request) as response:
                self._accepted(trial)
                await self._async_feed(
                    transform_stream(
                        response.iter_lines(), self.usage, result, self.dialect, self.notes
                    )
                )
            return
        raw = await completions.with_raw_response.create(**request)
        self._accepted(trial)
        try:
            body = json.loads(raw.text)
        except ValueError:
            body = None
        await self._async_feed(
            transform_completion(body, self.usage, result, self.dialect, self.notes)
        )

    def _accepted(self, trial: set[str]) -> None:
        """Count the request and learn the limits its acceptance proves."""
        self.usage.requests += 1
        if trial:
            self.dialect.confirm(trial)
            _LOGGER.warning(
                "%s took the request without %s: model %s does without it from now on",
                self.url,
                ", ".join(sorted(trial)),
                self.options[CONF_MODEL],
            )
            trial.clear()

    async def _async_feed(self, deltas: AsyncIterator[Delta]) -> None:
        """Feed an answer's deltas to the chat log, which runs the tool calls as they come."""
        async for _content in self.chat_log.async_add_delta_content_stream(self.agent_id, deltas):
            pass

    def _fit_after(self, failure: Failure, err: Exception, request: dict[str, Any]) -> bool:
        """Learn the context size from an overflow; return whether fitting sends less."""
        messages: list[dict[str, Any]] = request["messages"]
        fixed = size(request.get("tools", []))
        budget = budget_after_overflow(err, messages, fixed)
        if size(fit(messages, budget)) >= size(messages):
            return False
        _LOGGER.warning(
            "%s: model %s overflowed its context (%s); fitting the history to %d characters",
            self.url,
            request["model"],
            failure,
            budget,
        )
        self.dialect.learn_context(budget)
        return True

    def _wait(self, failure: Failure, tries: int) -> float | None:
        """Return the seconds to wait before the next try, ``None`` when there is no time."""
        wait = failure.retry_after
        if wait is None:
            wait = BACKOFF[min(tries, len(BACKOFF) - 1)]
        if tries + 1 >= MAX_TRIES or asyncio.get_running_loop().time() + wait >= self.deadline:
            return None
        return wait
