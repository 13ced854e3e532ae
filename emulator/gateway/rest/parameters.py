"""Integration request parameters: ``integration.request.{header,querystring}.X`` from their sources.

Sources are a static ``'value'``, ``method.request.{header,multivalueheader,
querystring,multivaluequerystring,path}.X``, ``method.request.body`` and
``method.request.body.<JSONPath without $.>``, ``context.X`` (``context.authorizer.X``
too) and ``stageVariables.X``. Path targets fill the URI (see ``backends.py``).
"""

from __future__ import annotations

from typing import Any

import orjson

from .mapping import json_path
from .request import GatewayRequest
from .vtl_values import to_json

_BODY = "method.request.body"


def parameter_value(
    source: str, request: GatewayRequest, stage_variables: dict[str, str], authorizer: dict[str, Any] | None
) -> str | None:
    if len(source) >= 2 and source[0] == source[-1] == "'":
        return source[1:-1]
    if source.startswith(_BODY):
        return _body_value(request.body, source[len(_BODY) :])
    kind, _, name = source.rpartition(".")
    if kind == "method.request.header":
        return request.headers.get(name.lower())
    if kind == "method.request.multivalueheader":
        return ",".join(request.multi_headers.get(name.lower(), ())) or None
    if kind == "method.request.querystring":
        return request.query.get(name)
    if kind == "method.request.multivaluequerystring":
        return ",".join(request.multi_query.get(name, ())) or None
    if kind == "method.request.path":
        return request.path_params.get(name)
    if kind == "stageVariables":
        return stage_variables.get(name)
    if source.startswith("context.authorizer."):
        value = (authorizer or {}).get(source[len("context.authorizer.") :])
        return None if value is None else str(value)
    if source.startswith("context."):
        context = {
            "requestId": request.request_id,
            "extendedRequestId": request.extended_request_id,
            "httpMethod": request.method,
            "stage": request.stage,
            "apiId": request.api_id,
            "identity.sourceIp": request.source_ip,
            "identity.userAgent": request.headers.get("user-agent"),
            "path": request.stage_path(),
        }
        return context.get(source[len("context.") :])
    return None


def mapped_parameters(
    mappings: dict[str, str],
    request: GatewayRequest,
    stage_variables: dict[str, str],
    authorizer: dict[str, Any] | None,
) -> tuple[dict[str, str], dict[str, str]]:
    """``(headers, querystrings)`` that the integration's requestParameters add."""
    headers: dict[str, str] = {}
    query: dict[str, str] = {}
    for target, source in mappings.items():
        kind, _, name = target.rpartition(".")
        if kind not in ("integration.request.header", "integration.request.querystring"):
            continue
        value = parameter_value(source, request, stage_variables, authorizer)
        if value is not None:
            (headers if kind.endswith("header") else query)[name] = value
    return headers, query


def _body_value(body: bytes, path: str) -> str | None:
    """``method.request.body`` (the body as it came) or ``.<path>`` into it: a JSON string as it is,
    another value as JSON (the guide's request-response-data-mappings.md)."""
    if not path:
        return body.decode("utf-8", errors="replace")
    if not path.startswith("."):
        return None
    try:
        value = json_path(orjson.loads(body), "$" + path)
    except orjson.JSONDecodeError:
        return None
    if value is None or isinstance(value, str):
        return value
    return to_json(value)
