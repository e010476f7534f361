"""The JARVIS conversation entities: one per agent (config subentry) of a JARVIS server."""

from __future__ import annotations

import asyncio
import logging
from typing import Literal
from urllib.parse import urlparse

from hassil.recognize import RecognizeResult
from homeassistant.components import conversation
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import CONF_LLM_HASS_API, CONF_MODEL, CONF_PROMPT, CONF_TIMEOUT, MATCH_ALL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..const import DOMAIN
from ..texts import Text, async_get_text
from . import JarvisConfigEntry
from .client import TurnUsage
from .compact import agent_api
from .const import (
    CONF_BASE_URL,
    CONF_MAX_TOOL_ROUNDS,
    CONF_PREFER_LOCAL,
    DEFAULT_MAX_TOOL_ROUNDS,
    DEFAULT_PROMPT,
    REQUEST_TIMEOUT,
    SIGNAL_USAGE,
    SUBENTRY_AGENT,
)
from .dialect import ServerDialect
from .entity import add_subentry_entities, agent_device_info
from .errors import NOT_SERVER_FAILURES, TurnError
from .exchange import Exchange, TurnFailedError
from .issues import async_turn_failed, async_turn_succeeded
from .stream import Cut, StreamResult

_LOGGER = logging.getLogger(__name__)

# media_player's intent name, spelled out to avoid loading media_player for one constant.
INTENT_MEDIA_SEARCH_AND_PLAY = "HassMediaSearchAndPlay"


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


def _ending(result: StreamResult | None) -> str:
    """Return how a turn's last answer ended, for the log."""
    if result is None:
        return "no answer"
    return f"finish_reason: {result.finish_reason}, cut: {result.cut}"


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
                mistral_ids=host.endswith("mistral.ai"),
                base_limit_param=limit_param,
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
        exchange = await self._async_exchange(chat_log, usage, user_input.language)
        failure = ""
        try:
            error, last = await self._async_run(exchange, user_input.language)
        except TurnFailedError as err:
            error, last, failure = err.failure.error, None, str(err.failure)
        finally:
            self._record(chat_log, usage)
            if (memory := self.entry.runtime_data.memory) is not None:
                memory.remember(str(self.options[CONF_MODEL]), self.dialect.bare_think)
        if error is None:
            async_turn_succeeded(self.hass, self.entry)
            return conversation.async_get_result_from_chat_log(user_input, chat_log)
        _LOGGER.warning(
            "%s failed a turn of model %s: %s (%s)",
            self.entry.data[CONF_BASE_URL],
            self.options[CONF_MODEL],
            error,
            failure or _ending(last),
        )
        if error not in NOT_SERVER_FAILURES:
            # The issue is read in Home Assistant's language, not the conversation's.
            failure = failure or await async_get_text(self.hass, error.reply, None, model="")
            async_turn_failed(self.hass, self.entry, failure)
        return await self._async_error_result(user_input, chat_log, error)

    async def _async_exchange(
        self, chat_log: conversation.ChatLog, usage: TurnUsage, language: str | None
    ) -> Exchange:
        """Return what the turn's requests need, its time budget starting now."""
        timeout = float(self.options.get(CONF_TIMEOUT, REQUEST_TIMEOUT))
        return Exchange(
            client=self.entry.runtime_data.client.with_options(timeout=timeout),
            url=self.entry.data[CONF_BASE_URL],
            dialect=self.dialect,
            chat_log=chat_log,
            agent_id=self.entity_id,
            options=self.options,
            usage=usage,
            notes={cut: await async_get_text(self.hass, cut.note, language) for cut in Cut},
            deadline=asyncio.get_running_loop().time() + timeout,
        )

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
        self, exchange: Exchange, language: str | None
    ) -> tuple[TurnError | None, StreamResult | None]:
        """Ask the model until it answers without calling tools, at most ``rounds`` tool rounds.

        The last request offers no tools, so the model must conclude in words. An answer with
        nothing in it after a tool call ends the turn with a short acknowledgement. Returns the
        turn's error (``None`` for success) and how its last answer ended.
        """
        chat_log = exchange.chat_log
        rounds = int(self.options.get(CONF_MAX_TOOL_ROUNDS, DEFAULT_MAX_TOOL_ROUNDS))
        result: StreamResult | None = None
        for round_ in range(rounds + 1):
            result = await exchange.async_send(offer_tools=round_ < rounds)
            if not chat_log.unresponded_tool_results:
                last = chat_log.content[-1]
                if (
                    not isinstance(last, conversation.AssistantContent)
                    or not (last.content or "").strip()
                ):
                    # Nothing to say came back: an empty answer, or reasoning alone.
                    return TurnError.NO_ANSWER, result
                return None, result
            if not result.said_something:
                done = await async_get_text(self.hass, Text.JARVIS_DONE, language)
                chat_log.async_add_assistant_content_without_tools(
                    conversation.AssistantContent(agent_id=self.entity_id, content=done)
                )
                return None, result
        return TurnError.TOO_MANY_ROUNDS, result

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
