"""The API data plane: requests to deployed REST, HTTP and WebSocket APIs."""

from __future__ import annotations

from typing import Any

from ..aws.http import Receive, Scope, Send
from ..config import Settings


class DataPlane:
    def __init__(self, settings: Settings, **services: Any) -> None:
        self.settings = settings
        self.services = services

    def claims(self, path: str, host: str) -> bool:
        """Whether a request is for a deployed API rather than an AWS control plane."""
        return ".execute-api." in host or path.startswith("/_aws/execute-api/") or "/_user_request_/" in path

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b'{"message":"Not Found"}'
        await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})

    async def websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.close", "code": 1008})
