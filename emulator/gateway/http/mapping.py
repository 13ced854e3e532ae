"""Parameter mapping for HTTP APIs: an integration's RequestParameters and ResponseParameters.

Request keys: ``append:|overwrite:|remove:`` + ``header.{name}`` or ``querystring.{name}``,
and ``overwrite:path``. Response keys (per status code): ``append:|overwrite:|remove:``
+ ``header.{name}``, and ``overwrite:statuscode``. Values are static text, one
expression (``$request.header.x``, ``$request.querystring.x``, ``$request.body.a.b``,
``$request.path``, ``$request.path.name``, ``$context.x``, ``$stageVariables.x``,
``$response.header.x``, ``$response.body.a.b``) or text with ``${...}`` expressions in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import orjson

from ...aws.context import DEFAULT_ACCOUNT_ID
from ...response_headers import sendable
from ..common.json_path import compile_path
from .errors import BadRequestException
from .request import IncomingRequest
from .responses import GatewayResponse, MalformedResult

_REQUEST_KEY = re.compile(r"^(?:(append|overwrite|remove):(header|querystring)\.([^\s]+)|overwrite:path)$")
_RESPONSE_KEY = re.compile(r"^(?:(append|overwrite|remove):header\.([^\s]+)|overwrite:statuscode)$")
_EXPRESSION = re.compile(r"\$\{([^}]+)\}|^\$([A-Za-z][\w.\-\[\]]*)$")

Lookup = Callable[[str], str | None]


def check_request_parameters(parameters: dict[str, str] | None) -> None:
    for key in parameters or {}:
        if not _REQUEST_KEY.match(key):
            raise BadRequestException(f"Invalid mapping expression specified: {key}")


def check_response_parameters(parameters: dict[str, dict[str, str]] | None) -> None:
    for status, mappings in (parameters or {}).items():
        if not status.isdigit() or not 200 <= int(status) <= 599:
            raise BadRequestException(f"Invalid status code specified for ResponseParameters: {status}")
        for key in mappings:
            if not _RESPONSE_KEY.match(key):
                raise BadRequestException(f"Invalid mapping expression specified: {key}")


def render(value: str, lookup: Lookup) -> str:
    """A mapping value with its expressions replaced (missing values become empty)."""
    return _EXPRESSION.sub(lambda found: lookup(found.group(1) or found.group(2)) or "", value)


def json_path(document: Any, path: str) -> str | None:
    """``$request.body.{path}`` / ``$response.body.{path}``: a JSON path after the body (``items[0].id``)."""
    if path:
        compiled = compile_path("$." + path)
        document = compiled.evaluate(document) if compiled is not None else None
    if document is None:
        return None
    return document if isinstance(document, str) else orjson.dumps(document).decode()


def body_json(body: bytes) -> Any:
    try:
        return orjson.loads(body) if body else None
    except orjson.JSONDecodeError:
        return None


def map_request(
    parameters: dict[str, str],
    headers: dict[str, str],
    query: dict[str, list[str]],
    path: str,
    lookup: Lookup,
) -> str:
    """Apply request mappings to ``headers`` and ``query`` in place; the (maybe new) path."""
    for key, value in parameters.items():
        if key == "overwrite:path":
            path = render(value, lookup)
            continue
        action, _, target = key.partition(":")
        kind, _, name = target.partition(".")
        if kind == "header":
            name = name.lower()
            if action == "remove":
                headers.pop(name, None)
            elif action == "append" and name in headers:
                headers[name] = f"{headers[name]},{render(value, lookup)}"
            else:
                headers[name] = render(value, lookup)
        elif action == "remove":
            query.pop(name, None)
        elif action == "append":
            query.setdefault(name, []).append(render(value, lookup))
        else:
            query[name] = [render(value, lookup)]
    return path


def map_response(parameters: dict[str, dict[str, str]], response: GatewayResponse, context: Lookup) -> None:
    """Apply the mappings for the response's status code to it in place."""
    mappings = parameters.get(str(response.status))
    if not mappings:
        return
    received = {name.decode("latin-1"): value.decode("latin-1") for name, value in response.headers}
    document: list[Any] = []

    def lookup(expression: str) -> str | None:
        if expression.startswith("response.header."):
            return received.get(expression[len("response.header.") :].lower())
        if expression.startswith("response.body"):
            if not document:
                document.append(body_json(response.body))
            return json_path(document[0], expression[len("response.body") :].lstrip("."))
        return context(expression)

    mapped: list[tuple[bytes, bytes]] = []
    for key, value in mappings.items():
        if key == "overwrite:statuscode":
            status = render(value, lookup)
            if status.isascii() and status.isdigit():
                if not 200 <= int(status) <= 599:
                    raise MalformedResult("a mapped status code out of range")
                response.status = int(status)
            continue
        action, _, target = key.partition(":")
        name = target.partition(".")[2].lower().encode("latin-1", "replace")
        if action in ("remove", "overwrite"):
            response.headers = [(n, v) for n, v in response.headers if n != name]
        if action != "remove":
            header = (name, render(value, lookup).encode("latin-1", "replace"))
            response.headers.append(header)
            mapped.append(header)
    # A value from a body or a decoded parameter may hold a line break: the response cannot carry it.
    if mapped and not sendable(mapped):
        raise MalformedResult("a mapped header HTTP cannot carry")


def request_lookup(
    request: IncomingRequest,
    api_id: str,
    stage: str,
    route_key: str,
    path_params: dict[str, str] | None,
    stage_variables: dict[str, str] | None,
) -> Lookup:
    """Values of ``request.*``, ``context.*`` and ``stageVariables.*`` expressions."""
    context = {
        "accountId": DEFAULT_ACCOUNT_ID,
        "apiId": api_id,
        "domainName": request.host,
        "domainPrefix": request.domain_prefix(),
        "httpMethod": request.method,
        "identity.sourceIp": request.source_ip,
        "identity.userAgent": request.user_agent,
        "path": request.path,
        "protocol": request.protocol,
        "requestId": request.request_id,
        "requestTimeEpoch": str(request.time_epoch_ms),
        "routeKey": route_key,
        "stage": stage,
    }

    def lookup(expression: str) -> str | None:
        kind, _, name = expression.partition(".")
        if kind == "stageVariables":
            return (stage_variables or {}).get(name)
        if kind == "context":
            return context.get(name)
        if kind != "request":
            return None
        source, _, name = name.partition(".")
        if source == "header":
            return request.headers.get(name.lower())
        if source == "querystring":
            values = request.query.get(name)
            return ",".join(values) if values else None
        if source == "path":
            return (path_params or {}).get(name) if name else request.path
        if source == "body":
            return json_path(body_json(request.body), name)
        return None

    return lookup
