"""The opening handshake: what the upgrade request carries, and refusing it with an HTTP status."""

from __future__ import annotations

import time
from urllib.parse import parse_qs

import orjson

from ...aws.http import Scope, Send
from ..ids import new_trace_root


class Rejected(Exception):
    """The handshake is answered with ``status`` instead of 101 (authorizer or $connect said no)."""

    def __init__(self, status: int, message: str | None = None, body: bytes | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body if body is not None else orjson.dumps({"message": message or "Forbidden"})


#: Hop-by-hop headers of the upgrade request, which API Gateway does not pass on.
_DROPPED = frozenset({b"connection", b"upgrade"})
_SPELLING = {"websocket": "WebSocket", "id": "Id"}


def canonical(name: str) -> str:
    """``sec-websocket-key`` -> ``Sec-WebSocket-Key``: API Gateway's spelling of header names."""
    return "-".join(_SPELLING.get(part, part.capitalize()) for part in name.split("-"))


def request_headers(scope: Scope, server_port: int) -> dict[str, list[str]]:
    """Header name -> values, as the $connect event carries them (with the X-Forwarded-* API Gateway adds)."""
    headers: dict[str, list[str]] = {}
    for name, value in scope["headers"]:
        if name not in _DROPPED:
            headers.setdefault(canonical(name.decode("latin-1")), []).append(value.decode("latin-1"))
    client = scope.get("client") or ("127.0.0.1", 0)
    headers.setdefault("X-Amzn-Trace-Id", [f"Root={new_trace_root(int(time.time()))}"])
    headers.setdefault("X-Forwarded-For", [client[0]])
    headers.setdefault("X-Forwarded-Port", [str(server_port)])
    headers.setdefault("X-Forwarded-Proto", ["http"])
    return headers


def query_parameters(scope: Scope) -> dict[str, list[str]]:
    raw: bytes = scope.get("query_string", b"")
    return parse_qs(raw.decode("latin-1"), keep_blank_values=True) if raw else {}


def header(headers: dict[str, list[str]], name: str) -> str:
    for key, values in headers.items():
        if key.lower() == name:
            return values[-1]
    return ""


async def reject(scope: Scope, send: Send, status: int, body: bytes) -> None:
    """An HTTP response instead of the upgrade (ASGI's websocket.http.response), else a plain close."""
    if "websocket.http.response" in scope.get("extensions", {}):
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "websocket.http.response.start", "status": status, "headers": headers})
        await send({"type": "websocket.http.response.body", "body": body})
    else:
        await send({"type": "websocket.close", "code": 1008})
