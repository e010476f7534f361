"""Generate data for an AI task with a JARVIS server's chat model: text, or JSON of a structure.

A structured task (``ai_task.generate_data`` with ``structure``) asks for its JSON schema twice:
as ``response_format`` ``json_schema`` (OpenAI, vLLM, llama.cpp server and Ollama constrain the
answer with it) and in the system message, for servers that ignore the field. A server that
refuses the field (400/422 naming ``response_format``) is asked again without it. The answer is
read as JSON (a Markdown code fence around it is tolerated) and validated by the task's own
schema, which drops keys it does not know. Tools are offered when the task has an LLM API, for
at most ``MAX_TOOL_ROUNDS`` rounds.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from homeassistant.components import conversation
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import llm
from homeassistant.util import slugify
import openai
from openai.types.chat import ChatCompletion
import voluptuous as vol
from voluptuous_openapi import convert  # type: ignore[import-untyped]

from ..const import DOMAIN
from .client import TurnUsage
from .dialect import ServerDialect
from .errors import server_message
from .messages import build_messages, build_tools
from .stream import CutNotes, StreamResult, transform_completion

MAX_TOOL_ROUNDS: Final = 3
SCHEMA_INSTRUCTION: Final = (
    "Answer with only a JSON object, without any other text, that follows this JSON schema: {}"
)
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL | re.IGNORECASE)


def _failed(url: str, err: openai.APIError) -> HomeAssistantError:
    """Return the error of a request the server at ``url`` failed."""
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="jarvis_task_failed",
        translation_placeholders={"url": url, "error": server_message(err)},
    )


def response_format(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Return the ``response_format`` asking for ``schema`` (OpenAI's name: ``[A-Za-z0-9_-]``)."""
    wire_name = re.sub(r"[^A-Za-z0-9_-]", "_", slugify(name))[:64] or "data"
    return {
        "type": "json_schema",
        "json_schema": {"name": wire_name, "schema": schema, "strict": False},
    }


def parse_structured(text: str, structure: vol.Schema) -> Any:
    """Return the JSON object in ``text``, validated by ``structure`` (unknown keys dropped).

    Raises translated ``HomeAssistantError``: ``jarvis_task_not_json`` when ``text`` holds no
    JSON object, ``jarvis_task_wrong_structure`` when the object does not fit.
    """
    body = text.strip()
    if fenced := _FENCE.match(body):
        body = fenced.group(1)
    try:
        data = json.loads(body)
    except ValueError as err:
        problem = str(err)
    else:
        problem = "" if isinstance(data, dict) else f"{type(data).__name__}, not an object"
    if problem:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="jarvis_task_not_json",
            translation_placeholders={"error": problem},
        )
    try:
        return structure.extend({}, extra=vol.REMOVE_EXTRA)(data)
    except vol.Invalid as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="jarvis_task_wrong_structure",
            translation_placeholders={"error": str(err)},
        ) from err


def _refuses_format(err: openai.APIStatusError) -> bool:
    """Return whether ``err`` refuses the ``response_format`` field."""
    return err.status_code in (400, 422, 500) and (
        err.param == "response_format" or "response_format" in server_message(err)
    )


async def _async_ask(
    client: openai.AsyncOpenAI,
    request: dict[str, Any],
    schema: dict[str, Any] | None,
    name: str,
    url: str,
) -> ChatCompletion:
    """Send ``request``, with ``schema`` as ``response_format`` unless the server refuses it."""
    if schema is not None:
        request["messages"][0]["content"] += "\n" + SCHEMA_INSTRUCTION.format(json.dumps(schema))
        request["response_format"] = response_format(name, schema)
    while True:
        try:
            answer: ChatCompletion = await client.chat.completions.create(**request)
        except openai.APIStatusError as err:
            if "response_format" in request and _refuses_format(err):
                del request["response_format"]
                continue
            raise _failed(url, err) from err
        except openai.APIError as err:
            raise _failed(url, err) from err
        return answer


async def async_generate_data(
    client: openai.AsyncOpenAI,
    chat_log: conversation.ChatLog,
    *,
    name: str,
    agent_id: str,
    model: str,
    structure: vol.Schema | None,
    dialect: ServerDialect,
    url: str,
    notes: CutNotes,
) -> Any:
    """Ask ``model`` task ``name`` in ``chat_log``; return its text, or its data for ``structure``.

    The answer (and any tool calls, run by the chat log) is added to ``chat_log`` as
    ``agent_id``'s. Raises translated ``HomeAssistantError``: ``jarvis_task_failed`` naming the
    server at ``url``, ``jarvis_task_no_answer``, or the structure errors of
    ``parse_structured``. ``notes`` end an answer the server cut (by length or a filter).
    """
    schema = convert(structure, custom_serializer=llm.selector_serializer) if structure else None
    usage = TurnUsage()
    for round_ in range(MAX_TOOL_ROUNDS + 1):
        # The last round offers no tools, so the model must conclude.
        offer_tools = chat_log.llm_api is not None and round_ < MAX_TOOL_ROUNDS
        request: dict[str, Any] = {"model": model, "messages": build_messages(chat_log.content, 0)}
        if offer_tools and chat_log.llm_api is not None:
            request["tools"] = build_tools(chat_log.llm_api)
        answer = await _async_ask(client, request, schema, name, url)
        result = StreamResult(tools_allowed=offer_tools)
        body = answer.model_dump(mode="json", exclude_unset=True)  # read as the server sent it
        deltas = transform_completion(body, usage, result, dialect, notes)
        async for _content in chat_log.async_add_delta_content_stream(agent_id, deltas):
            pass
        if not chat_log.unresponded_tool_results:
            break
    last = chat_log.content[-1]
    if not isinstance(last, conversation.AssistantContent) or not last.content:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="jarvis_task_no_answer",
            translation_placeholders={"url": url},
        )
    if structure is None:
        return last.content
    return parse_structured(last.content, structure)
