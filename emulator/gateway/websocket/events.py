"""The Lambda proxy events of WebSocket routes, shaped as API Gateway sends them."""

from __future__ import annotations

import base64
import time
from typing import Any

from .connection import Connection
from .ids import new_id


def request_context(connection: Connection, route_key: str, event_type: str, request_id: str) -> dict[str, Any]:
    now = time.time()
    context: dict[str, Any] = {
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": request_id,
        "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
        "messageDirection": "IN",
        "stage": connection.stage,
        "connectedAt": connection.connected_at,
        "requestTimeEpoch": int(now * 1000),
        "identity": _identity(connection),
        "requestId": request_id,
        "domainName": connection.domain_name,
        "connectionId": connection.connection_id,
        "apiId": connection.api_id,
    }
    if connection.authorizer is not None:
        context["authorizer"] = connection.authorizer
    return context


def _identity(connection: Connection) -> dict[str, Any]:
    """The caller: ``userAgent`` only when the client sent one (AWS's recorded events omit it then)."""
    identity: dict[str, Any] = dict(connection.iam) if connection.iam else {}
    if connection.user_agent:
        identity["userAgent"] = connection.user_agent
    identity["sourceIp"] = connection.source_ip
    return identity


def connect_event(
    connection: Connection,
    request_id: str,
    headers: dict[str, list[str]],
    query: dict[str, list[str]],
    stage_variables: dict[str, str] | None,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "headers": {name: values[-1] for name, values in headers.items()},
        "multiValueHeaders": headers,
    }
    if query:
        event["queryStringParameters"] = {name: values[-1] for name, values in query.items()}
        event["multiValueQueryStringParameters"] = query
    if stage_variables:
        event["stageVariables"] = stage_variables
    event["requestContext"] = request_context(connection, "$connect", "CONNECT", request_id)
    event["isBase64Encoded"] = False
    return event


def message_event(
    connection: Connection, route_key: str, request_id: str, text: str | None, data: bytes | None,
    stage_variables: dict[str, str] | None,
) -> dict[str, Any]:
    context = request_context(connection, route_key, "MESSAGE", request_id)
    context["messageId"] = new_id()
    event: dict[str, Any] = {"requestContext": context}
    if stage_variables:
        event["stageVariables"] = stage_variables
    if text is not None:
        event["body"] = text
        event["isBase64Encoded"] = False
    else:
        event["body"] = base64.b64encode(data or b"").decode()
        event["isBase64Encoded"] = True
    return event


def disconnect_event(
    connection: Connection, request_id: str, status_code: int, reason: str, stage_variables: dict[str, str] | None
) -> dict[str, Any]:
    headers = {"Host": connection.domain_name, "x-api-key": "", "X-Forwarded-For": "", "x-restapi": ""}
    context = request_context(connection, "$disconnect", "DISCONNECT", request_id)
    context["disconnectStatusCode"] = status_code
    context["disconnectReason"] = reason
    event: dict[str, Any] = {
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "requestContext": context,
        "isBase64Encoded": False,
    }
    if stage_variables:
        event["stageVariables"] = stage_variables
    return event
