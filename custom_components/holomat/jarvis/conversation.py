"""The JARVIS conversation entities: one per agent (config subentry) of a JARVIS server."""

from __future__ import annotations

from collections.abc import AsyncIterator
import logging
from typing import Any, Literal
from urllib.parse import urlparse

from hassil.recognize import RecognizeResult
from homeassistant.components import conversation
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import CONF_LLM_HASS_API, CONF_MODEL, CONF_PROMPT, CONF_TIMEOUT, MATCH_ALL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
import httpx
import openai

from ..const import DOMAIN
from ..texts import Text, async_get_text
from . import JarvisConfigEntry
from .client import TurnUsage
from .compact import agent_api
from .const import (
    CONF_BASE_URL,
    CONF_MAX_HISTORY,
    CONF_MAX_TOKENS,
    CONF_MAX_TOOL_ROUNDS,
    CONF_PREFER_LOCAL,
    CONF_TEMPERATURE,
    DEFAULT_MAX_HISTORY,
    DEFAULT_MAX_TOOL_ROUNDS,
    DEFAULT_PROMPT,
    REQUEST_TIMEOUT,
    SIGNAL_USAGE,
    SUBENTRY_AGENT,
)
from .dialect import ServerDialect
from .entity import add_subentry_entities, agent_device_info
from .errors import TurnError, classify, server_message
from .issues import async_turn_failed, async_turn_succeeded
from .messages import build_messages, build_tools
from .sse import StreamError, iter_chunks
from .stream import Delta, StreamResult, transform_completion, transform_stream

_LOGGER = logging.getLogger(__name__)

# media_player's intent name, spelled out to avoid loading media_player for one constant.
INTENT_MEDIA_SEARCH_AND_PLAY = "HassMediaSearchAndPlay"
# Failures that say nothing of the server's health: the conversation, the model's loop, the key.
NOT_SERVER_FAILURES = {
    TurnError.CONTEXT_TOO_LONG,
    TurnError.TOO_MANY_ROUNDS,
    TurnError.INVALID_AUTH,
}


async def async_setup_entry(
    hass: HomeAssistant,
    entry: JarvisConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a conversation entity for each agent of the server."""
    add_subentry_entities(
        entry,
        async_add_entities,
        SUBENTRY_AGENT,
        lambda subentry: JarvisConversationEntity(entry, subentry),
    )


def _local_fallback(result: RecognizeResult) -> bool:
    """Leave to the model what it answers better than local intents (as Assist pipelines do)."""
    return result.intent.name in (intent.INTENT_GET_STATE, INTENT_MEDIA_SEARCH_AND_PLAY)


class JarvisConversationEntity(conversation.ConversationEntity):
    """A JARVIS agent: streamed Chat Completions with Home Assistant's tools."""

    _attr_has_entity_name = True
    _attr_name = None
    _attr_supports_streaming = True

    def __init__(self, entry: JarvisConfigEntry, subentry: ConfigSubentry) -> None:
        """Create the agent of ``subentry``."""
        self.entry = entry
        self.subentry = subentry
        self.options = subentry.data
        self._attr_unique_id = subentry.subentry_id
        self._attr_device_info = agent_device_info(subentry)
        if subentry.data.get(CONF_LLM_HASS_API):
            self._attr_supported_features = conversation.ConversationEntityFeature.CONTROL

    @property
    def dialect(self) -> ServerDialect:
        """Return what is known of the server's model, shared by the agents that use it."""
        model = str(self.options[CONF_MODEL])
        if (dialect := self.entry.runtime_data.dialects.get(model)) is None:
            host = urlparse(self.entry.data[CONF_BASE_URL]).hostname or ""
            memory = self.entry.runtime_data.memory
            limit_param = "max_completion_tokens" if host.endswith("openai.com") else "max_tokens"
            dialect = self.entry.runtime_data.dialects[model] = ServerDialect(
                limit_param=limit_param,
                short_ids=host.endswith("mistral.ai"),
                bare_think=memory.bare_think.get(model) if memory is not None else None,
            )
        return dialect

    @property
    def supported_languages(self) -> list[str] | Literal["*"]:
        """Answer in any language the model speaks."""
        return MATCH_ALL

    async def _async_handle_message(
        self, user_input: conversation.ConversationInput, chat_log: conversation.ChatLog
    ) -> conversation.ConversationResult:
        """Answer locally when allowed and possible, else run the model with tools."""
        if self.options.get(CONF_PREFER_LOCAL) and (
            result := await self._async_handle_locally(user_input, chat_log)
        ):
            return result
        try:
            await chat_log.async_provide_llm_data(
                user_input.as_llm_context(DOMAIN),
                agent_api(self.hass, self.options.get(CONF_LLM_HASS_API, [])),
                self.options.get(CONF_PROMPT, DEFAULT_PROMPT),
                user_input.extra_system_prompt,
            )
        except conversation.ConverseError as err:
            return err.as_conversation_result()
        usage = TurnUsage()
        failure = ""
        try:
            error = await self._async_run(chat_log, usage, user_input.language)
        except (openai.APIError, httpx.HTTPError, StreamError) as err:
            error, failure = classify(err), server_message(err)
            _LOGGER.warning("%s failed a turn: %s", self.entry.data[CONF_BASE_URL], failure)
        finally:
            self._record(chat_log, usage)
            if (memory := self.entry.runtime_data.memory) is not None:
                memory.remember(str(self.options[CONF_MODEL]), self.dialect.bare_think)
        if error is None:
            async_turn_succeeded(self.hass, self.entry)
            return conversation.async_get_result_from_chat_log(user_input, chat_log)
        if error not in NOT_SERVER_FAILURES:
            # The issue is read in Home Assistant's language, not the conversation's.
            failure = failure or await async_get_text(self.hass, error.reply, None, model="")
            async_turn_failed(self.hass, self.entry, failure)
        return await self._async_error_result(user_input, chat_log, error)

    async def _async_handle_locally(
        self, user_input: conversation.ConversationInput, chat_log: conversation.ChatLog
    ) -> conversation.ConversationResult | None:
        """Run Home Assistant's own sentences first; return ``None`` when none matches."""
        response = await conversation.async_handle_intents(
            self.hass,
            user_input,
            chat_log,
            intent_filter=_local_fallback if self.supported_features else None,
        )
        if response is None:
            return None
        speech = response.speech.get("plain", {}).get("speech", "")
        chat_log.async_add_assistant_content_without_tools(
            conversation.AssistantContent(agent_id=self.entity_id, content=speech)
        )
        return conversation.ConversationResult(
            response=response, conversation_id=chat_log.conversation_id
        )

    async def _async_run(
        self, chat_log: conversation.ChatLog, usage: TurnUsage, language: str | None
    ) -> TurnError | None:
        """Ask the model until it answers without calling tools, at most ``rounds`` tool rounds.

        The last request offers no tools, so the model must conclude in words. An answer with
        nothing in it after a tool call ends the turn with a short acknowledgement.
        """
        rounds = int(self.options.get(CONF_MAX_TOOL_ROUNDS, DEFAULT_MAX_TOOL_ROUNDS))
        for round_ in range(rounds + 1):
            result = await self._async_request(chat_log, usage, offer_tools=round_ < rounds)
            if not chat_log.unresponded_tool_results:
                if not isinstance(chat_log.content[-1], conversation.AssistantContent):
                    # Nothing at all came back (an empty or cut answer to the user's words).
                    return TurnError.NO_ANSWER
                return None
            if not result.said_something:
                done = await async_get_text(self.hass, Text.JARVIS_DONE, language)
                chat_log.async_add_assistant_content_without_tools(
                    conversation.AssistantContent(agent_id=self.entity_id, content=done)
                )
                return None
        return TurnError.TOO_MANY_ROUNDS

    def _request(self, chat_log: conversation.ChatLog, offer_tools: bool) -> dict[str, Any]:
        """Return the arguments of the next request."""
        dialect = self.dialect
        request: dict[str, Any] = {
            "model": self.options[CONF_MODEL],
            "messages": build_messages(
                chat_log.content,
                int(self.options.get(CONF_MAX_HISTORY, DEFAULT_MAX_HISTORY)),
                tools_unavailable=chat_log.llm_api is not None and not dialect.tools,
                short_ids=dialect.short_ids,
            ),
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if offer_tools and chat_log.llm_api is not None:
            request["tools"] = build_tools(chat_log.llm_api)
        if (temperature := self.options.get(CONF_TEMPERATURE)) is not None:
            request["temperature"] = temperature
        if (max_tokens := self.options.get(CONF_MAX_TOKENS)) is not None:
            request[dialect.limit_param] = max_tokens
        dialect.apply(request)
        return request

    async def _async_request(
        self, chat_log: conversation.ChatLog, usage: TurnUsage, *, offer_tools: bool
    ) -> StreamResult:
        """Send one request and feed its answer to the chat log (which runs the tool calls)."""
        client = self.entry.runtime_data.client.with_options(
            timeout=float(self.options.get(CONF_TIMEOUT, REQUEST_TIMEOUT))
        )
        result = StreamResult(tools_allowed=chat_log.llm_api is not None)
        while True:
            request = self._request(chat_log, offer_tools)
            try:
                if request.get("stream"):
                    async with client.chat.completions.with_streaming_response.create(
                        **request
                    ) as response:
                        usage.requests += 1
                        chunks = iter_chunks(response.iter_lines())
                        await self._async_feed(
                            chat_log, transform_stream(chunks, usage, result, self.dialect)
                        )
                    return result
                answer = await client.chat.completions.create(**request)
            except openai.APIStatusError as err:
                if (learnt := self.dialect.learn(err, request)) is None:
                    raise
                _LOGGER.warning(
                    "%s refused %s for model %s (%s: %s); retrying without it",
                    self.entry.data[CONF_BASE_URL],
                    learnt,
                    self.options[CONF_MODEL],
                    err.status_code,
                    server_message(err),
                )
                continue
            usage.requests += 1
            await self._async_feed(
                chat_log, transform_completion(answer, usage, result, self.dialect)
            )
            return result

    async def _async_feed(
        self, chat_log: conversation.ChatLog, deltas: AsyncIterator[Delta]
    ) -> None:
        """Feed an answer's deltas to the chat log, which runs the tool calls as they come."""
        async for _content in chat_log.async_add_delta_content_stream(self.entity_id, deltas):
            pass

    def _record(self, chat_log: conversation.ChatLog, usage: TurnUsage) -> None:
        """Keep the turn's token usage for the usage sensor, diagnostics and the trace."""
        data = self.entry.runtime_data
        key = self.subentry.subentry_id
        data.last_usage[key] = usage
        total = data.total_usage.setdefault(key, TurnUsage())
        total.prompt_tokens += usage.prompt_tokens
        total.completion_tokens += usage.completion_tokens
        total.requests += usage.requests
        chat_log.async_trace(
            {
                "stats": {
                    "input_tokens": usage.prompt_tokens,
                    "output_tokens": usage.completion_tokens,
                    "requests": usage.requests,
                }
            }
        )
        async_dispatcher_send(self.hass, SIGNAL_USAGE.format(key))

    async def _async_error_result(
        self,
        user_input: conversation.ConversationInput,
        chat_log: conversation.ChatLog,
        error: TurnError,
    ) -> conversation.ConversationResult:
        """Answer a failed turn in the user's language; a refused key starts reauth."""
        if error is TurnError.INVALID_AUTH:
            self.entry.async_start_reauth(self.hass)
        text = await async_get_text(
            self.hass, error.reply, user_input.language, model=str(self.options[CONF_MODEL])
        )
        response = intent.IntentResponse(language=user_input.language)
        response.async_set_error(intent.IntentResponseErrorCode.UNKNOWN, text)
        return conversation.ConversationResult(
            response=response, conversation_id=chat_log.conversation_id
        )
