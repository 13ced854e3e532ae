"""One request to a function URL, read from the ASGI scope once."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, unquote

from ...aws.http import Scope, event_body, joined_headers


class UrlRequest:
    """The parts of a request the event, CORS and authorization read."""

    __slots__ = ("method", "raw_path", "path", "raw_query", "headers", "body", "source_ip", "protocol", "server_port", "time_epoch_ms")

    def __init__(self, scope: Scope, raw_path: str, body: bytes) -> None:
        self.method: str = scope["method"]
        self.raw_path = raw_path
        self.path = unquote(raw_path)
        self.raw_query: str = scope["query_string"].decode("latin-1")
        self.headers = joined_headers(scope["headers"])
        self.body = body
        client = scope.get("client")
        self.source_ip: str = client[0] if client else "127.0.0.1"
        server = scope.get("server")
        self.server_port = str(server[1]) if server and server[1] else "80"
        self.protocol = "HTTP/" + scope.get("http_version", "1.1")
        self.time_epoch_ms = int(time.time() * 1000)

    def query(self) -> dict[str, str]:
        """``queryStringParameters``: repeated names comma-joined."""
        query: dict[str, str] = {}
        for key, value in parse_qsl(self.raw_query, keep_blank_values=True):
            query[key] = f"{query[key]},{value}" if key in query else value
        return query

    def body_text(self) -> tuple[str | None, bool]:
        """The body as events carry it: text, or base64 for binary content."""
        return event_body(self.body, self.headers.get("content-type", ""))
