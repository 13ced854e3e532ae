"""The API data plane: requests to deployed REST, HTTP and WebSocket APIs.

This module only finds which API a request is for, from the URL forms of
docs/architecture.md; the REST provider serves REST APIs and the v2 provider
serves HTTP and WebSocket APIs:

- host-based: ``Host: {apiId}.execute-api.<anything>``, path ``/{stage}/{path}``;
- ``/_aws/execute-api/{apiId}/{stage}/{path}``;
- ``/restapis/{apiId}/{stage}/_user_request_/{path}``;
- ``Host: {custom domain name}``, path ``/{basePath}/{path}``: the API and
  stage its base path (API) mapping names (``custom_domains.py``).

WebSocket upgrades go to the ``@connections`` provider's ``serve_websocket``,
which owns the open connections.

Each provider receives the path after the API id (``/{stage}/{path}``, or just
``/{path}`` for an HTTP API's ``$default`` stage), with the query string still
in ``scope``.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Protocol

from ..aws.http import Receive, Scope, Send
from ..config import Settings
from . import custom_domains

_AWS_PREFIX = "/_aws/execute-api/"
_USER_REQUEST = "/_user_request_"


class ApiServer(Protocol):
    def has_api(self, api_id: str) -> bool: ...

    def serve_http(self, api_id: str, path: str, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]: ...


def locate_api(path: str, host: str) -> tuple[str, str] | None:
    """``(api_id, path after the id)`` for a data-plane request, else None."""
    marker = host.find(".execute-api.")
    if marker > 0:
        return host[:marker], path or "/"
    if path.startswith(_AWS_PREFIX):
        api_id, _, rest = path[len(_AWS_PREFIX) :].partition("/")
        return api_id, "/" + rest
    if path.startswith("/restapis/") and _USER_REQUEST in path:
        api_id, _, rest = path[len("/restapis/") :].partition("/")
        stage, _, user_path = rest.partition("/")
        user_path = user_path[len(_USER_REQUEST) - 1 :] if user_path.startswith(_USER_REQUEST[1:]) else "/" + user_path
        return api_id, f"/{stage}{user_path or '/'}"
    return None


class DataPlane:
    def __init__(self, settings: Settings, *, rest: Any, http: Any, connections: Any, **services: Any) -> None:
        self.settings = settings
        self.servers: tuple[ApiServer, ...] = (rest, http)
        #: Every region's REST records, which hold the custom domain names of both APIs.
        self.domain_regions = rest.store.regions
        #: WebSocket APIs are served by the @connections provider, which owns the connections.
        self.websockets = connections

    def claims(self, path: str, host: str) -> bool:
        """Whether a request is for a deployed API rather than an AWS control plane."""
        if "/@connections" in path:
            return False
        return (
            ".execute-api." in host
            or path.startswith(_AWS_PREFIX)
            or _USER_REQUEST in path
            or custom_domains.find_domain(self.domain_regions, host) is not None
        )

    def http(self, scope: Scope, receive: Receive, send: Send, host: str | None = None) -> Awaitable[None]:
        """The coroutine that serves a request :meth:`claims` (handed back, not awaited: one layer
        fewer per request); ``host``: its Host header, if the caller read it already."""
        if host is None:
            host = _host(scope)
        marker = host.find(".execute-api.")
        if marker > 0:  # locate_api's first form, the usual one, found without a call
            api_id, path = host[:marker], scope["path"] or "/"
        else:
            found, scope, unmapped = self._locate(scope, host)
            if unmapped:  # AWS's answer for a custom domain's path no mapping takes
                return _send_json(send, 403, b'{"message":"Forbidden"}')
            if not found:
                return _send_json(send, 404, b'{"message":"Not Found"}')
            api_id, path = found
        for server in self.servers:
            if server.has_api(api_id):
                return server.serve_http(api_id, path, scope, receive, send)
        return _send_json(send, 404, b'{"message":"Not Found"}')

    async def websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        found, scope, _ = self._locate(scope, _host(scope))
        serve = getattr(self.websockets, "serve_websocket", None)
        if found and serve is not None:
            await serve(found[0], found[1], scope, receive, send)
            return
        await send({"type": "websocket.close", "code": 1008})


    def _locate(self, scope: Scope, host: str) -> tuple[tuple[str, str] | None, Scope, bool]:
        """``(api_id, path after the id)`` or None, the scope to serve (a custom domain's readdressed),
        and whether the host is a custom domain whose mappings take no part of the path."""
        found = locate_api(scope["path"], host)
        if found is not None:
            return found, scope, False
        domain = custom_domains.find_domain(self.domain_regions, host)
        if domain is None:
            return None, scope, False
        mapped = custom_domains.map_request(domain, scope)
        if mapped is None:
            return None, scope, True
        return (mapped.api_id, mapped.scope["path"]), mapped.scope, False


def _host(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"host":
            return value.decode("latin-1")
    return ""


async def _send_json(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
