"""The opening handshake: what the upgrade request carries, and refusing it with an HTTP status."""

from __future__ import annotations

from urllib.parse import parse_qs

import orjson

from ...aws.http import Scope, Send


class Rejected(Exception):
    """The handshake is answered with ``status`` instead of 101 (authorizer or $connect said no)."""

    def __init__(self, status: int, message: str | None = None, body: bytes | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body if body is not None else orjson.dumps({"message": message or "Forbidden"})


def request_headers(scope: Scope) -> dict[str, list[str]]:
    """Header name (as the client spelled it) -> values."""
    headers: dict[str, list[str]] = {}
    for name, value in scope["headers"]:
        headers.setdefault(name.decode("latin-1"), []).append(value.decode("latin-1"))
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
