"""A function's result as the HTTP response of its URL, by AWS's rules for URLs.

A JSON object with ``statusCode`` is a response (``headers``, ``cookies``,
``body``, ``isBase64Encoded``); any other result is a 200 whose body is the
result (a JSON string: the text it holds). Unlike HTTP APIs, the default
content type is ``application/json`` in both cases, and a bare result is
re-serialized compactly (AWS answers ``{"a":1}`` for ``{"a": 1}``).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from ...function_results import MalformedResult, header_value, status_code
from ...response_headers import passable

JSON = b"application/json"


@dataclass(slots=True)
class UrlResponse:
    status: int
    body: bytes = b""
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    #: A streamed body (``RESPONSE_STREAM``), sent as it comes instead of ``body``.
    chunks: AsyncIterator[bytes] | None = None


def from_result(payload: bytes) -> UrlResponse:
    try:
        result = orjson.loads(payload) if payload else None
    except orjson.JSONDecodeError:
        raise MalformedResult("not JSON") from None
    if not isinstance(result, dict) or "statusCode" not in result:
        body = result.encode() if isinstance(result, str) else _compact(result)
        return UrlResponse(200, body, [(b"content-type", JSON)])
    headers = response_headers(result, JSON)
    return UrlResponse(status_code(result["statusCode"]), _body(result), headers)


def response_headers(result: dict[str, Any], default_content_type: bytes) -> list[tuple[bytes, bytes]]:
    """A result's ``headers`` and ``cookies`` (as ``set-cookie``), with a content type."""
    headers = _headers(result.get("headers"))
    cookies = result.get("cookies") or []
    if not isinstance(cookies, list):
        raise MalformedResult("cookies must be a list")
    headers.extend((b"set-cookie", str(cookie).encode("latin-1", "replace")) for cookie in cookies)
    checked = passable(headers)
    if checked is None:
        raise MalformedResult("a header name is not a token, or a value holds a line break")
    headers = checked
    if not any(name == b"content-type" for name, _ in headers):
        headers.append((b"content-type", default_content_type))
    return headers


def _compact(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # integers beyond 64 bits
        return json.dumps(value, separators=(",", ":")).encode()


def _headers(headers: Any) -> list[tuple[bytes, bytes]]:
    if headers is None:
        return []
    if not isinstance(headers, dict):
        raise MalformedResult("headers must be an object")
    return [(str(name).lower().encode("latin-1", "replace"), header_value(value)) for name, value in headers.items()]


def _body(result: dict[str, Any]) -> bytes:
    body = result.get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        return _compact(body)
    if result.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except binascii.Error:
            raise MalformedResult("body is not valid base64") from None
    return body.encode()
