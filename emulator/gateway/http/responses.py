"""Lambda results to HTTP responses, by payload format, and the gateway's own errors."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

import orjson

from ...function_results import MalformedResult, header_value, status_code
from ...response_headers import passable
from ..common.reply_headers import Key, ReplyHeaderCache

JSON = b"application/json"
#: A 2.0 result's ``headers`` items (string values only) -> the headers the client gets for them,
#: checked, with the default content type; a function sends the same few. Bounded: unique values stop adding.
_SENT_HEADERS = ReplyHeaderCache()


@dataclass(slots=True)
class GatewayResponse:
    status: int
    body: bytes = b""
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)


def error(status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None) -> GatewayResponse:
    body = b'{"message":"' + message.encode() + b'"}'
    return GatewayResponse(status, body, [(b"content-type", JSON), *(extra or ())])


BAD_REQUEST = (400, "Bad Request")
NOT_FOUND = (404, "Not Found")
INTERNAL_ERROR = (500, "Internal Server Error")
SERVICE_UNAVAILABLE = (503, "Service Unavailable")
FORBIDDEN = (403, "Forbidden")
UNAUTHORIZED = (401, "Unauthorized")
TOO_MANY_REQUESTS = (429, "Too Many Requests")
PAYLOAD_TOO_LARGE = (413, "Request Entity Too Large")


def _body(result: dict[str, Any]) -> bytes:
    body = result.get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        raise MalformedResult("body must be a string")
    if result.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except binascii.Error:
            raise MalformedResult("body is not valid base64") from None
    return body.encode()


def _headers(result: dict[str, Any], multi: bool) -> list[tuple[bytes, bytes]]:
    headers: list[tuple[bytes, bytes]] = []
    single = result.get("headers") or {}
    if not isinstance(single, dict):
        raise MalformedResult("headers must be an object")
    multi_values = (result.get("multiValueHeaders") or {}) if multi else {}
    if not isinstance(multi_values, dict):
        raise MalformedResult("multiValueHeaders must be an object")
    if not multi_values:  # the usual result: one pass, string values encoded directly
        headers = [
            (name.lower().encode("latin-1", "replace"), value.encode("latin-1", "replace") if type(value) is str else header_value(value))
            for name, value in single.items()
        ]
    else:
        for name, value in single.items():
            if name.lower() not in multi_values and name not in multi_values:
                headers.append((name.lower().encode("latin-1", "replace"), header_value(value)))
        for name, values in multi_values.items():
            if not isinstance(values, list):
                raise MalformedResult("multiValueHeaders values must be lists")
            for value in values:
                headers.append((name.lower().encode("latin-1", "replace"), header_value(value)))
    return headers


def _passable(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    checked = passable(headers)
    if checked is None:
        raise MalformedResult("a header name is not a token, or a value holds a line break")
    return checked


def from_v2(payload: bytes) -> GatewayResponse:
    """2.0: a dict with ``statusCode`` is a response; any other JSON is a 200 JSON body."""
    try:
        result = orjson.loads(payload) if payload else None
    except orjson.JSONDecodeError:
        raise MalformedResult("not JSON") from None
    if not isinstance(result, dict) or "statusCode" not in result:
        if isinstance(result, dict) and "errorMessage" in result:
            # What a failed invocation returns: AWS answers it as one (LocalStack's AWS-validated
            # test_aws_proxy_response_payload_format_validation_v2).
            raise MalformedResult("an error result")
        # The whole result is the body; a JSON string is the text it holds.
        body = result.encode() if isinstance(result, str) else payload if result is not None else b""
        return GatewayResponse(200, body, [(b"content-type", JSON)])
    code = result["statusCode"]
    status = code if code.__class__ is int and 200 <= code <= 599 else status_code(code)
    cookies = result.get("cookies")
    single = result.get("headers") or {}
    key: Key | None = None
    if not cookies and single.__class__ is dict:
        # A function sends the same headers reply after reply: answered from ``_SENT_HEADERS``
        # when seen before, else checked (below) and kept.
        key, sent = _SENT_HEADERS.lookup(single)
        if sent is not None:
            body = result.get("body")
            if body.__class__ is str and not result.get("isBase64Encoded"):
                return GatewayResponse(status, body.encode(), sent)  # _body's usual case inline
            return GatewayResponse(status, _body(result), sent)
    headers = _headers(result, multi=False)
    if cookies:
        if not isinstance(cookies, list):
            raise MalformedResult("cookies must be a list")
        headers.extend((b"set-cookie", str(cookie).encode("latin-1", "replace")) for cookie in cookies)
    headers = _passable(headers)
    if b"content-type" not in dict(headers):
        headers.append((b"content-type", b"text/plain; charset=utf-8"))
    _SENT_HEADERS.keep(key, single, headers)
    return GatewayResponse(status, _body(result), headers)


def from_v1(payload: bytes) -> GatewayResponse:
    """1.0: ``statusCode`` is required; headers and multiValueHeaders are merged."""
    try:
        result = orjson.loads(payload)
    except orjson.JSONDecodeError:
        raise MalformedResult("not JSON") from None
    if not isinstance(result, dict) or "statusCode" not in result:
        raise MalformedResult("statusCode is required")
    status = status_code(result["statusCode"])
    headers = _passable(_headers(result, multi=True))
    if not any(name == b"content-type" for name, _ in headers):
        headers.append((b"content-type", JSON))
    return GatewayResponse(status, _body(result), headers)
