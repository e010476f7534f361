"""Read an upload (multipart form or JSON) within limits: every malformed body is a 400.

The file travels in one part (``image`` for ``POST /jobs``, ``model`` for ``POST /slice``), as
a multipart file part or base64 under that key of a JSON object; the other fields are short
parameters.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from ..stl.errors import BadParameterError, UploadTooLargeError
from .limits import HttpLimits, clip

_CHUNK = 65536
# One JSON token (RFC 8259): a string, a bracket, punctuation, or a number/literal. Possessive
# quantifiers: a match never backtracks, so an unterminated string costs one linear pass.
_JSON_TOKEN = re.compile(
    rb'\s*+(?:"(?:[^"\\]++|\\.)*+"|(?P<open>[\[{])|(?P<close>[\]}])|[,:]|[^\s\[\]{},:"]++)',
    re.DOTALL,
)


def too_large(limit: int, part: str = "image") -> str:
    """Return the upload-too-large sentence for a file sent as ``part``."""

    return f"The upload is larger than the limit of {limit} bytes: send a smaller {part}."


def json_limit(max_bytes: int) -> int:
    """Return the largest JSON body accepted for a ``max_bytes`` image: base64 plus 64 KiB."""

    return max_bytes * 4 // 3 + 65536


async def read_upload(
    request: web.Request, max_bytes: int, limits: HttpLimits
) -> tuple[bytes, dict[str, Any]]:
    """Return the image bytes and raw parameters of a multipart or JSON request.

    The image is at most ``max_bytes``; parameters are at most ``limits.max_fields`` names of
    ``limits.max_field_bytes`` each, with scalar values of that size. Raises
    ``UploadTooLargeError`` (413), ``BadParameterError`` (400) or ``HTTPUnsupportedMediaType``.
    """

    data, fields = await read_form(request, max_bytes, limits, part="image")
    if data is None:
        raise BadParameterError("The request has no 'image' file part.")
    return data, fields


async def read_form(
    request: web.Request, max_bytes: int, limits: HttpLimits, *, part: str
) -> tuple[bytes | None, dict[str, Any]]:
    """Return the file sent as ``part`` (None when absent) and the parameters of a request.

    Limits and errors as ``read_upload``; a JSON body may carry no file at all.
    """

    if request.content_length is not None and request.content_length > json_limit(max_bytes):
        raise UploadTooLargeError(too_large(max_bytes, part))
    if request.content_type == "multipart/form-data":
        return await _read_multipart(request, max_bytes, limits, part)
    if request.content_type == "application/json":
        return await _read_json(request, max_bytes, limits, part)
    raise web.HTTPUnsupportedMediaType(
        reason=f"Send multipart/form-data with the '{part}' file part, or application/json"
    )


async def _read_part(part: BodyPartReader, limit: int, error: Exception) -> bytes:
    """Read one multipart part, raising ``error`` past ``limit`` bytes."""

    chunks: list[bytes] = []
    size = 0
    while chunk := await part.read_chunk(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise error
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_multipart(
    request: web.Request, max_bytes: int, limits: HttpLimits, file_part: str
) -> tuple[bytes | None, dict[str, Any]]:
    """Return the ``file_part`` part and the other fields of a multipart form."""

    try:
        return await _read_parts(request, max_bytes, limits, file_part)
    except (ValueError, HttpProcessingError) as err:  # aiohttp's words for a malformed body
        raise BadParameterError(
            f"The multipart/form-data body is malformed ({clip(str(err), limits.echo_chars)}): "
            f"send one '{file_part}' file part and parameter fields."
        ) from err


async def _read_parts(
    request: web.Request, max_bytes: int, limits: HttpLimits, file_part: str
) -> tuple[bytes | None, dict[str, Any]]:
    """Walk the parts of a multipart form; malformed framing raises ``ValueError``."""

    reader = await request.multipart()
    image: bytes | None = None
    fields: dict[str, Any] = {}
    count = 0
    while (part := await reader.next()) is not None:
        count += 1
        if count > limits.max_fields:
            raise BadParameterError(f"The form has more than {limits.max_fields} parts.")
        if not isinstance(part, BodyPartReader):
            raise BadParameterError("Nested multipart bodies are not accepted.")
        name = part.name
        if name == file_part:
            if image is not None:
                raise BadParameterError(f"The form has more than one '{file_part}' part: send one.")
            image = await _read_part(
                part, max_bytes, UploadTooLargeError(too_large(max_bytes, file_part))
            )
        elif name:
            _check_name(name, limits)
            value = await _read_part(
                part, limits.max_field_bytes, _too_long(name, limits.max_field_bytes, limits)
            )
            fields[name] = value.decode("utf-8", "replace")
    return image, fields


def _check_name(name: str, limits: HttpLimits) -> None:
    """Refuse a parameter name too long to be one of ours (it would be echoed back)."""

    if len(name) > limits.max_field_bytes:
        raise BadParameterError(
            f"The parameter name {clip(name, limits.echo_chars)!r} is longer than "
            f"{limits.max_field_bytes} characters: no parameter of this API is."
        )


def _too_long(name: str, limit: int, limits: HttpLimits) -> BadParameterError:
    """Return the error for a parameter value over ``limit`` bytes."""

    return BadParameterError(
        f"The value of {clip(name, limits.echo_chars)!r} is longer than {limit} bytes: "
        "parameters are short numbers, names or true/false."
    )


async def _read_json(
    request: web.Request, max_bytes: int, limits: HttpLimits, file_part: str
) -> tuple[bytes | None, dict[str, Any]]:
    """Return the base64-decoded ``file_part`` (None when absent) and the other keys."""

    limit = json_limit(max_bytes)
    body = bytearray()
    while chunk := await request.content.read(_CHUNK):
        body += chunk
        if len(body) > limit:
            raise UploadTooLargeError(too_large(max_bytes, file_part))
    payload = parse_json(bytes(body), limits)
    if not isinstance(payload, dict):
        raise BadParameterError(f"The JSON body must be an object with an '{file_part}' key.")
    encoded = payload.pop(file_part, None)
    _check_json_fields(payload, limits)
    if encoded is None:
        return None, payload
    if not isinstance(encoded, str) or not encoded:
        raise BadParameterError(f"The JSON body has no '{file_part}' (base64 string).")
    if encoded.startswith("data:") and ";base64," in encoded:
        encoded = encoded.split(";base64,", 1)[1]  # a data URL
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as err:
        raise BadParameterError(f"'{file_part}' is not valid base64.") from err
    if len(data) > max_bytes:
        raise UploadTooLargeError(too_large(max_bytes, file_part))
    return data, payload


def parse_json(body: bytes, limits: HttpLimits) -> Any:
    """Parse a small JSON body: few tokens, shallow nesting.

    At most ``4 * limits.max_fields + 8`` tokens, nested at most ``limits.max_json_depth``
    deep: the tokens are counted and the depth measured before ``json.loads`` sees the body, so a
    deeply nested or long body is refused after a few regex matches, without recursion.
    Raises ``BadParameterError``.
    """

    max_tokens = 4 * limits.max_fields + 8
    pos = depth = tokens = 0
    while (match := _JSON_TOKEN.match(body, pos)) is not None and match.end() > pos:
        pos = match.end()
        tokens += 1
        if tokens > max_tokens:
            raise BadParameterError(
                f"The JSON body has more than {max_tokens} values and punctuation marks: send an "
                "object of an 'image' string and a few parameters."
            )
        if match["open"]:
            depth += 1
            if depth > limits.max_json_depth:
                raise BadParameterError(
                    f"The JSON body is nested more than {limits.max_json_depth} levels deep: "
                    "send an object of an 'image' string and a few parameters."
                )
        elif match["close"]:
            depth -= 1
    try:
        return json.loads(body)
    except ValueError as err:  # JSONDecodeError and UnicodeDecodeError
        raise BadParameterError(
            f"The body is not valid JSON: {clip(str(err), limits.echo_chars)}."
        ) from err


def _check_json_fields(payload: dict[str, Any], limits: HttpLimits) -> None:
    """Refuse too many keys, long names, and values that are not short scalars."""

    if len(payload) >= limits.max_fields:
        raise BadParameterError(f"The JSON body has more than {limits.max_fields} keys.")
    for name, value in payload.items():
        _check_name(name, limits)
        if value is not None and not isinstance(value, str | int | float | bool):
            raise BadParameterError(
                f"The value of {clip(name, limits.echo_chars)!r} must be a number, a string "
                "or true/false."
            )
        if len(str(value)) > limits.max_field_bytes:
            raise _too_long(name, limits.max_field_bytes, limits)
