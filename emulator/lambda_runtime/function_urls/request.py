"""One request to a function URL, read from the ASGI scope once."""

from __future__ import annotations

import base64
import time
from urllib.parse import parse_qsl, unquote

from ...aws.http import Scope, joined_headers

#: Content types whose bodies reach the function as text; anything else is base64 (as AWS does).
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript")
_TEXT_SUFFIXES = ("+json", "+xml")


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
        """The body as the event carries it: text, or base64 for binary content."""
        if not self.body:
            return None, False
        content_type = self.headers.get("content-type", "").lower()
        if not content_type or content_type.startswith(_TEXT_TYPES) or content_type.split(";")[0].endswith(_TEXT_SUFFIXES):
            try:
                return self.body.decode(), False
            except UnicodeDecodeError:
                pass
        return base64.b64encode(self.body).decode(), True
