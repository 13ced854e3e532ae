"""One data-plane request, read from the ASGI scope once and shared by every step."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import parse_qsl, unquote

from ...aws.http import Scope, event_body, joined_headers
from ..ids import new_gateway_request_id

_clock_second = -1
_clock_text = ""


_BROKEN_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def decoded_again(path: str) -> str | None:
    """The path an HTTP API routes and hands on, from the path as decoded once: AWS reads a decoded
    ``?`` as the query's start and decodes what precedes it again (``%252F`` arrives as ``/``,
    ``%253F`` as ``?``); None when that second decode meets a broken escape (AWS refuses the
    request). Live AWS captures: hotsock/voker vokerhttp/testdata/ingress-paths.json, July 2026."""
    path = path.split("?", 1)[0]
    if "%" not in path:
        return path
    if _BROKEN_ESCAPE.search(path):
        return None
    return unquote(path)


def request_time(epoch_s: int) -> str:
    """``12/Mar/2020:19:03:58 +0000``, computed once per second."""
    global _clock_second, _clock_text
    if epoch_s != _clock_second:
        _clock_text = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(epoch_s))
        _clock_second = epoch_s
    return _clock_text


class IncomingRequest:
    """The parts of a request the events, authorizers and integrations read."""

    __slots__ = (
        "method",
        "path",
        "raw_query",
        "raw_headers",
        "body",
        "source_ip",
        "host",
        "user_agent",
        "protocol",
        "server_port",
        "request_id",
        "time_epoch_ms",
        "stage",
        "route_key",
        "headers",
        "_query",
    )

    def __init__(self, scope: Scope, path: str, body: bytes) -> None:
        self.method: str = scope["method"]
        self.path = path
        self.raw_query: str = scope["query_string"].decode("latin-1")
        self.raw_headers: list[tuple[bytes, bytes]] = scope["headers"]
        self.body = body
        client = scope.get("client")
        self.source_ip: str = client[0] if client else "127.0.0.1"
        server = scope.get("server")
        self.server_port = str(server[1]) if server and server[1] else "80"
        self.protocol = "HTTP/" + scope.get("http_version", "1.1")
        self.request_id = new_gateway_request_id()
        self.time_epoch_ms = int(time.time() * 1000)
        #: Set once routed: the stage and route that served it (access logs read them).
        self.stage: str | None = None
        self.route_key: str | None = None
        self._query: dict[str, list[str]] | None = None
        #: Lower-case names; repeated headers comma-joined, as HTTP APIs pass them.
        headers = self.headers = joined_headers(self.raw_headers)
        self.host = headers.get("host", "")
        self.user_agent = headers.get("user-agent", "")

    def header_values(self) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        for name, value in self.raw_headers:
            values.setdefault(name.decode("latin-1"), []).append(value.decode("latin-1"))
        return values

    @property
    def query(self) -> dict[str, list[str]]:
        if self._query is None:
            query: dict[str, list[str]] = {}
            for key, value in parse_qsl(self.raw_query, keep_blank_values=True):
                query.setdefault(key, []).append(value)
            self._query = query
        return self._query

    def body_text(self) -> tuple[str | None, bool]:
        """The body as events carry it: text, or base64 for binary content."""
        return event_body(self.body, self.headers.get("content-type", ""))

    def domain_prefix(self) -> str:
        return self.host.split(".", 1)[0]

    def identity_value(
        self, source: str, stage_variables: dict[str, str], context: dict[str, Any]
    ) -> str | None:
        """The value of an identity source (``$request.header.Authorization`` ...), or None."""
        kind, _, name = (
            source.partition(".")[2].partition(".") if source.startswith("$request.") else ("", "", "")
        )
        if kind == "header":
            return self.headers.get(name.lower())
        if kind == "querystring":
            values = self.query.get(name)
            return ",".join(values) if values else None
        if source.startswith("$stageVariables."):
            return stage_variables.get(source[len("$stageVariables.") :])
        if source.startswith("$context."):
            value = context.get(source[len("$context.") :])
            return None if value is None else str(value)
        return None
