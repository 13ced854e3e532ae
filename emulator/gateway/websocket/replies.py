"""What a Lambda proxy integration's result means to API Gateway: a $connect answer, a two-way reply."""

from __future__ import annotations

import base64
from http import HTTPStatus
from typing import Any

import orjson

from ...response_headers import sendable
from .handshake import Rejected

#: The statuses a refused handshake can answer (the server's WebSocket protocol knows their phrases; 2xx and up).
_HTTP_STATUSES = frozenset(status.value for status in HTTPStatus)


def loads(payload: bytes) -> Any:
    try:
        return orjson.loads(payload) if payload else None
    except orjson.JSONDecodeError:
        return None


def connect_subprotocol(payload: bytes) -> str | None:
    """The subprotocol a $connect function's result accepts; Rejected for a non-2xx or malformed answer."""
    answer = loads(payload)
    if not isinstance(answer, dict):
        return None
    status = answer.get("statusCode", 200)
    if not isinstance(status, int) or not 200 <= status < 300:
        body = answer.get("body")
        raise Rejected(status if status in _HTTP_STATUSES and status >= 200 else 502, body=body.encode() if isinstance(body, str) else b"")
    reply_headers = answer.get("headers") or {}
    if not isinstance(reply_headers, dict):
        raise Rejected(502, "Internal server error")
    protocol = next((value for name, value in reply_headers.items() if str(name).lower() == "sec-websocket-protocol"), None)
    if not protocol:
        return None
    protocol = str(protocol)
    # A value the handshake cannot carry (a line break, a non-ASCII byte) is a malformed answer.
    if not protocol.isascii() or not sendable([(b"sec-websocket-protocol", protocol.encode())]):
        raise Rejected(502, "Internal server error")
    return protocol


def reply_body(payload: bytes) -> str | bytes | None:
    """What a two-way route sends back: the result's ``body`` (a proxy result), else the result itself.

    Raises binascii.Error for a body that says it is base64 and is not.
    """
    answer = loads(payload)
    if isinstance(answer, dict) and ("body" in answer or "statusCode" in answer):
        body = answer.get("body")
        if body is None:
            return None
        if answer.get("isBase64Encoded") and isinstance(body, str):
            return base64.b64decode(body, validate=True)
        return body if isinstance(body, str) else orjson.dumps(body).decode()
    if answer is None:
        return payload.decode(errors="replace") if payload else None
    return answer if isinstance(answer, str) else payload.decode(errors="replace")
