"""A stand-in OpenAI-compatible model server, speaking the real wire protocol on 127.0.0.1.

This is not a model: tests and benchmarks script what it answers, one ``Reply`` per
``POST /v1/chat/completions``, and read back every request body it received. It reproduces what
the ``openai`` SDK and real servers (OpenAI, Ollama, vLLM, llama.cpp server) exchange:

- ``GET /v1/models``: ``{"object": "list", "data": [{"id", "object": "model", "created",
  "owned_by"}]}``;
- ``POST /v1/chat/completions`` with ``"stream": true``: ``text/event-stream`` of
  ``data: <chat.completion.chunk>`` events ending with ``data: [DONE]``; text deltas after a first
  ``{"role": "assistant", "content": ""}``; tool calls fragmented by ``index`` (id, type and name in
  the first fragment, the arguments split over the following ones); ``finish_reason`` on the last
  choice chunk; with ``stream_options.include_usage`` a final chunk with ``"choices": []`` and
  ``usage``;
- without ``stream``: one ``chat.completion`` object;
- ``POST /v1/images/generations`` and ``GET /generated-images/<file>``: real PNGs drawn from the
  prompt, answered as OpenAI and LocalAI do (``openai_images.ImageGenerations``, ``.images``);
- ``POST /v1/responses`` (the Responses API HA core's ``openai_conversation`` speaks), text
  replies only: ``response.output_item.added``, ``response.output_text.delta`` pieces,
  ``response.output_item.done`` and ``response.completed`` with ``usage``;
- errors as OpenAI sends them: a status code and ``{"error": {"message", "type", "param",
  "code"}}``, with ``x-should-retry: false`` so the SDK does not retry them;
- servers that lack features: ``rejected_params`` (e.g. a reasoning model refusing ``max_tokens``
  or ``temperature``), ``supports_stream=False`` and ``supports_tools=False`` answer 400 with the
  messages OpenAI and Ollama use;
- slow streams (``Reply.delay`` seconds before each chunk) and dropped streams
  (``Reply.drop_after`` chunks, then the connection closes without ``[DONE]``);
- streams that never end (``Reply.hold_open``: the whole answer, then neither ``[DONE]`` nor
  the end of the connection, as a stuck proxy does);
- busy servers: ``Reply.headers`` (``Retry-After``) and ``Reply.raw_json`` sent as the body of a
  ``Reply.status`` error, in that server's own shape;
- a context size (``context_chars``): a request whose messages and tools are longer gets
  llama.cpp's ``exceed_context_size_error`` with ``n_prompt_tokens`` and ``n_ctx``;
- servers that want their own fields back with a tool call (``REFUSES``:
  ``missing_thought_signature``, Gemini 3; ``missing_reasoning_content``, DeepSeek's thinking
  mode), and calls carrying such fields (``ToolCall.extra``);
- other servers' dialects, replayed byte for byte: ``Refusal`` answers requests holding a
  feature with that server's own status and body (see ``REFUSES``), and ``Reply.raw_stream`` /
  ``Reply.raw_json`` send a recorded body as it is (the corpus in ``tests/jarvis/dialects/``).

Wire format facts come from the OpenAI API reference (Chat Completions, streaming) and from the
``openai`` 2.15.0 SDK's parser.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
import json
import re
from typing import Any

from aiohttp import web

from .openai_images import ImageGenerations

type Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A function call the stand-in model makes: its name and arguments.

    ``arguments`` as a string is sent as is (a model writing broken JSON).
    """

    name: str
    arguments: Json | str
    id: str = ""
    extra: Json = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reply:
    """What the stand-in model answers to one chat completion request.

    ``pieces`` is how many chunks the text is split into; ``status`` other than 200 sends an error
    (``error_code``, ``error_type``, ``error_param``, ``text`` as its message; ``raw_json`` as the
    whole body when set) instead, with ``headers``.
    """

    text: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    pieces: int = 3
    finish_reason: str | None = None
    usage: tuple[int, int] = (10, 5)
    status: int = 200
    error_type: str = "invalid_request_error"
    error_code: str | None = None
    error_param: str | None = None
    delay: float = 0.0
    drop_after: int | None = None
    reasoning: str = ""
    whole_calls: bool = False
    repeat_ids: bool = False
    raw_stream: str | None = None
    raw_json: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    hold_open: bool = False


def _tools(body: Json) -> bool:
    """Return whether the request offers tools."""
    return bool(body.get("tools"))


def _long_ids(body: Json) -> bool:
    """Return whether a tool call id in the messages is not 9 letters and digits (Mistral)."""
    ids = [
        str(message.get("tool_call_id") or call.get("id"))
        for message in body.get("messages", ())
        for call in (message.get("tool_calls") or [{}])
        if message.get("role") == "tool" or message.get("tool_calls")
    ]
    return any(not re.fullmatch(r"[a-zA-Z0-9]{9}", call_id) for call_id in ids)


def _assistant_calls(body: Json) -> list[tuple[Json, Json]]:
    """Return each assistant message of the request with each of its tool calls."""
    return [
        (message, call)
        for message in body.get("messages", ())
        if message.get("role") == "assistant"
        for call in message.get("tool_calls") or ()
    ]


def _missing_signature(body: Json) -> bool:
    """Return whether a tool call sent back lacks Gemini's thought signature."""
    return any(
        not ((call.get("extra_content") or {}).get("google") or {}).get("thought_signature")
        for _message, call in _assistant_calls(body)
    )


def _missing_reasoning(body: Json) -> bool:
    """Return whether an assistant message with tool calls lacks its ``reasoning_content``."""
    return any(not message.get("reasoning_content") for message, _call in _assistant_calls(body))


# What a refusal may be triggered by: a request holding this feature.
REFUSES: dict[str, Any] = {
    "tools": _tools,
    "tools_with_stream": lambda body: _tools(body) and bool(body.get("stream")),
    "stream": lambda body: bool(body.get("stream")),
    "stream_options": lambda body: "stream_options" in body,
    "auto_tool_choice": lambda body: _tools(body) and body.get("tool_choice", "auto") == "auto",
    "long_tool_call_ids": _long_ids,
    "response_format": lambda body: "response_format" in body,
    "missing_thought_signature": _missing_signature,
    "missing_reasoning_content": _missing_reasoning,
    "always": lambda body: True,
}


@dataclass(frozen=True, slots=True)
class Refusal:
    """A server refusing every request that holds a feature (a ``REFUSES`` key).

    ``body`` is sent as JSON (a string as it is), with ``status``.
    """

    when: str
    status: int
    body: Json | str


def error_body(message: str, type_: str, param: str | None, code: str | None) -> Json:
    """Return an error body shaped like OpenAI's."""
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def _arguments(call: ToolCall) -> str:
    """Return a call's arguments as sent on the wire."""
    return call.arguments if isinstance(call.arguments, str) else json.dumps(call.arguments)


def _split(text: str, pieces: int) -> list[str]:
    """Split ``text`` into at most ``pieces`` non-empty parts."""
    if not text:
        return []
    size = max(1, -(-len(text) // max(1, pieces)))
    return [text[i : i + size] for i in range(0, len(text), size)]


@dataclass
class OpenAIStandin:
    """A scripted OpenAI-compatible server; ``await start()`` returns its base URL (``.../v1``).

    ``api_key``: when set, requests without ``Authorization: Bearer <api_key>`` get a 401.
    ``models_status``: other than 200, ``/v1/models`` fails with that status.
    ``default``: the reply used when the script is empty.
    ``context_chars``: when set, the size in characters of what the model's context holds.
    """

    models: tuple[str, ...] = ("gpt-4o-mini", "gpt-5-mini")
    api_key: str | None = None
    supports_stream: bool = True
    supports_tools: bool = True
    rejected_params: frozenset[str] = frozenset()
    refusals: tuple[Refusal, ...] = ()
    context_chars: int | None = None
    models_status: int = 200
    default: Reply = field(default_factory=lambda: Reply(text="Done."))
    requests: list[Json] = field(default_factory=list)
    model_requests: int = 0
    images: ImageGenerations = field(default_factory=ImageGenerations)
    _script: deque[Reply] = field(default_factory=deque)
    _runner: web.AppRunner | None = None
    base_url: str = ""

    def script(self, *replies: Reply) -> None:
        """Queue what the model answers to the next requests, in order."""
        self._script.extend(replies)

    async def start(self) -> str:
        """Serve on a free port of 127.0.0.1 and return the base URL."""
        app = web.Application()
        app.router.add_get("/v1/models", self._models)
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/responses", self._responses)
        self.images.add_routes(app, self._unauthorized)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}/v1"
        await self.images.serve_elsewhere(self._runner)
        return self.base_url

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _error(
        self,
        status: int,
        message: str,
        type_: str,
        param: str | None = None,
        code: str | None = None,
    ) -> web.Response:
        """Return an error response that the SDK must not retry."""
        return web.json_response(
            error_body(message, type_, param, code),
            status=status,
            headers={"x-should-retry": "false"},
        )

    def _unauthorized(self, request: web.Request) -> web.Response | None:
        """Return a 401 when the request lacks the server's key."""
        if self.api_key is None:
            return None
        if request.headers.get("Authorization") == f"Bearer {self.api_key}":
            return None
        return self._error(
            401,
            "Incorrect API key provided. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
            "invalid_request_error",
            code="invalid_api_key",
        )

    async def _models(self, request: web.Request) -> web.Response:
        """List the served models."""
        self.model_requests += 1
        if (denied := self._unauthorized(request)) is not None:
            return denied
        if self.models_status != 200:
            return self._error(self.models_status, "The server had an error.", "server_error")
        data = [
            {"id": model, "object": "model", "created": 0, "owned_by": "holomat"}
            for model in self.models
        ]
        return web.json_response({"object": "list", "data": data})

    def _overflow(self, body: Json) -> web.Response | None:
        """Return llama.cpp's refusal of a prompt longer than the context, if it is."""
        if self.context_chars is None:
            return None
        sent = len(json.dumps(body.get("messages", []))) + len(json.dumps(body.get("tools", [])))
        if sent <= self.context_chars:
            return None
        error = {
            "code": 400,
            "message": "the request exceeds the available context size, try increasing it",
            "type": "exceed_context_size_error",
            "n_prompt_tokens": sent // 4,
            "n_ctx": self.context_chars // 4,
        }
        return web.json_response({"error": error}, status=400)

    def _refusal(self, body: Json) -> web.Response | None:
        """Return the 400 a server lacking a feature sends for ``body``, if any."""
        if (overflow := self._overflow(body)) is not None:
            return overflow
        for refusal in self.refusals:
            if REFUSES[refusal.when](body):
                text = refusal.body if isinstance(refusal.body, str) else json.dumps(refusal.body)
                return web.Response(
                    text=text,
                    status=refusal.status,
                    content_type="application/json",
                    headers={"x-should-retry": "false"},
                )
        for param in sorted(self.rejected_params & body.keys()):
            return self._error(
                400,
                f"Unsupported parameter: '{param}' is not supported with this model.",
                "invalid_request_error",
                param,
                "unsupported_parameter",
            )
        if body.get("stream") and not self.supports_stream:
            return self._error(
                400,
                "Unsupported value: 'stream' does not support true with this model.",
                "invalid_request_error",
                "stream",
                "unsupported_value",
            )
        if body.get("tools") and not self.supports_tools:
            return self._error(400, f"{body.get('model')} does not support tools", "api_error")
        if body.get("model") not in self.models:
            return self._error(
                404,
                f"The model `{body.get('model')}` does not exist or you do not have access to it.",
                "invalid_request_error",
                code="model_not_found",
            )
        return None

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        """Answer a chat completion request with the next scripted reply."""
        if (denied := self._unauthorized(request)) is not None:
            return denied
        body: Json = await request.json()
        self.requests.append(body)
        if (refused := self._refusal(body)) is not None:
            return refused
        reply = self._script.popleft() if self._script else self.default
        if reply.status != 200:
            return self._failure(reply)
        raw = reply.raw_stream if body.get("stream") else reply.raw_json
        if raw is not None:
            return await self._raw(request, raw, stream=bool(body.get("stream")), reply=reply)
        if body.get("stream"):
            return await self._stream(request, body, reply)
        return web.json_response(self._completion(body, reply))

    def _failure(self, reply: Reply) -> web.Response:
        """Return a scripted error: OpenAI's shape, or a recorded body, with its headers."""
        if reply.raw_json is None:
            response = self._error(
                reply.status, reply.text, reply.error_type, reply.error_param, reply.error_code
            )
        else:
            response = web.Response(
                text=reply.raw_json,
                status=reply.status,
                content_type="application/json",
                headers={"x-should-retry": "false"},
            )
        response.headers.update(reply.headers)
        return response

    async def _raw(
        self, request: web.Request, raw: str, *, stream: bool, reply: Reply
    ) -> web.StreamResponse:
        """Send a recorded body as it is (an SSE stream or a JSON completion)."""
        if not stream:
            return web.Response(text=raw, content_type="application/json")
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        await response.write(raw.encode())
        if reply.hold_open:
            await _hold(request)
            return response
        await response.write_eof()
        return response

    async def _responses(self, request: web.Request) -> web.StreamResponse:
        """Answer a Responses API request with the next scripted reply's text, streamed."""
        if (denied := self._unauthorized(request)) is not None:
            return denied
        body: Json = await request.json()
        self.requests.append(body)
        reply = self._script.popleft() if self._script else self.default
        prompt, completion = reply.usage
        item: Json = {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "in_progress",
            "content": [],
        }
        done = item | {
            "status": "completed",
            "content": [{"type": "output_text", "text": reply.text, "annotations": []}],
        }
        events: list[Json] = [
            {"type": "response.output_item.added", "output_index": 0, "item": item},
            *(
                {
                    "type": "response.output_text.delta",
                    "item_id": "msg_1",
                    "output_index": 0,
                    "content_index": 0,
                    "delta": part,
                    "logprobs": [],
                }
                for part in _split(reply.text, reply.pieces)
            ),
            {"type": "response.output_item.done", "output_index": 0, "item": done},
            {
                "type": "response.completed",
                "response": {
                    "id": f"resp_{len(self.requests)}",
                    "object": "response",
                    "created_at": 0,
                    "model": body.get("model"),
                    "status": "completed",
                    "output": [done],
                    "usage": {
                        "input_tokens": prompt,
                        "output_tokens": completion,
                        "total_tokens": prompt + completion,
                    },
                },
            },
        ]
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        for number, event in enumerate(events):
            event["sequence_number"] = number
            await response.write(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode())
        await response.write_eof()
        return response

    def _tool_call_ids(self, reply: Reply) -> list[str]:
        """Return the ids of the reply's tool calls."""
        return [
            call.id or f"call_{i}_{len(self.requests)}" for i, call in enumerate(reply.tool_calls)
        ]

    def _finish_reason(self, reply: Reply) -> str:
        """Return the reply's finish reason."""
        return reply.finish_reason or ("tool_calls" if reply.tool_calls else "stop")

    def _usage(self, reply: Reply) -> Json:
        """Return the reply's usage object."""
        prompt, completion = reply.usage
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }

    def _completion(self, body: Json, reply: Reply) -> Json:
        """Return a non-streamed ``chat.completion``."""
        message: Json = {"role": "assistant", "content": reply.text or None}
        if reply.tool_calls:
            message["tool_calls"] = [
                {
                    "id": call_id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": _arguments(call)},
                }
                | call.extra
                for call_id, call in zip(self._tool_call_ids(reply), reply.tool_calls, strict=True)
            ]
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {"index": 0, "message": message, "finish_reason": self._finish_reason(reply)}
            ],
            "usage": self._usage(reply),
        }

    def _chunks(self, body: Json, reply: Reply) -> list[Json]:
        """Return the ``chat.completion.chunk`` events of a streamed reply."""

        def chunk(delta: Json, finish_reason: str | None = None) -> Json:
            return {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": body["model"],
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
            }

        chunks = [chunk({"role": "assistant", "content": ""})]
        chunks += [chunk({"reasoning_content": part}) for part in _split(reply.reasoning, 2)]
        chunks += [chunk({"content": part}) for part in _split(reply.text, reply.pieces)]
        for index, (call_id, call) in enumerate(
            zip(self._tool_call_ids(reply), reply.tool_calls, strict=True)
        ):
            if reply.whole_calls:
                function = {"name": call.name, "arguments": _arguments(call)}
                chunks.append(chunk({"tool_calls": [{"index": index, "function": function}]}))
                continue
            head = {"index": index, "id": call_id, "type": "function"}
            first = head | {"function": {"name": call.name, "arguments": ""}} | call.extra
            chunks.append(chunk({"tool_calls": [first]}))
            for part in _split(_arguments(call), 3):
                fragment: Json = {"index": index, "function": {"arguments": part}}
                if reply.repeat_ids:
                    fragment = head | {"function": {"name": call.name, "arguments": part}}
                chunks.append(chunk({"tool_calls": [fragment]}))
        chunks.append(chunk({}, self._finish_reason(reply)))
        if (body.get("stream_options") or {}).get("include_usage"):
            usage = chunk({})
            usage["choices"] = []
            usage["usage"] = self._usage(reply)
            chunks.append(usage)
        return chunks

    async def _stream(self, request: web.Request, body: Json, reply: Reply) -> web.StreamResponse:
        """Stream a reply as server-sent events."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        for sent, event in enumerate(self._chunks(body, reply)):
            if reply.drop_after is not None and sent >= reply.drop_after:
                assert request.transport is not None
                request.transport.close()
                return response
            if reply.delay:
                await asyncio.sleep(reply.delay)
            await response.write(f"data: {json.dumps(event)}\n\n".encode())
        if reply.hold_open:
            await _hold(request)
            return response
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response


# The longest a stream that never ends is held open (the client normally leaves before).
HOLD_LIMIT = 120.0


async def _hold(request: web.Request) -> None:
    """Keep a response open, sending nothing more, until the client goes away."""
    loop = asyncio.get_running_loop()
    end = loop.time() + HOLD_LIMIT
    while request.transport is not None and not request.transport.is_closing():
        if loop.time() >= end:
            return
        await asyncio.sleep(0.02)
