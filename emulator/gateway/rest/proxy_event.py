"""The Lambda proxy integration: the event AWS sends (REST API format) and how the reply is read."""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import orjson

from ...response_headers import sendable
from ..common.binary import b64decode_text, b64encode_text, is_binary_type
from ..common.reply_headers import Key, ReplyHeaderCache
from .deployment import DeployedApi, DeployedMethod
from .request import GatewayRequest

ACCOUNT_ID = "000000000000"
_RESPONSE_KEYS = frozenset(
    {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies"}
)
#: A reply's ``headers`` items (string values only) -> the header pairs the client gets for them,
#: checked and remapped; a function sends the same few. Bounded: unique values stop adding.
_SENT_HEADERS = ReplyHeaderCache()


#: ``requestContext.identity`` with nothing known, in AWS's member order; copied per request.
_NO_IDENTITY: dict[str, Any] = dict.fromkeys(
    (
        "cognitoIdentityPoolId",
        "accountId",
        "cognitoIdentityId",
        "caller",
        "sourceIp",
        "principalOrgId",
        "accessKey",
        "cognitoAuthenticationType",
        "cognitoAuthenticationProvider",
        "userArn",
        "userAgent",
        "user",
    )
)


def identity(request: GatewayRequest, api_key: dict[str, Any] | None) -> dict[str, Any]:
    found = _NO_IDENTITY.copy()
    found["sourceIp"] = request.source_ip
    found["userAgent"] = request.headers.get("user-agent")
    if request.access_key is not None:
        found["accessKey"] = request.access_key
        found["accountId"] = ACCOUNT_ID
        found["caller"] = request.access_key
        found["user"] = request.access_key
        found["userArn"] = f"arn:aws:iam::{ACCOUNT_ID}:root"
    if api_key is not None:
        found["apiKey"] = api_key["value"]
        found["apiKeyId"] = api_key["id"]
    return found


def request_context(
    request: GatewayRequest,
    deployed: DeployedApi,
    method: DeployedMethod,
    authorizer: dict[str, Any] | None,
    api_key: dict[str, Any] | None,
) -> dict[str, Any]:
    domain_name, domain_prefix = request.domain()
    context: dict[str, Any] = {
        "resourceId": method.resource_id,
        "resourcePath": method.resource_path,
        "httpMethod": request.method,
        "extendedRequestId": request.extended_request_id,
        "requestTime": request.request_time,
        "path": request.stage_path(),
        "accountId": ACCOUNT_ID,
        "protocol": request.protocol,
        "stage": request.stage,
        "domainPrefix": domain_prefix,
        "requestTimeEpoch": request.epoch_ms,
        "requestId": request.request_id,
        "identity": identity(request, api_key),
        "domainName": domain_name,
        "deploymentId": deployed.deployment_id,
        "apiId": deployed.api_id,
    }
    if authorizer is not None:
        context["authorizer"] = authorizer
    return context


def request_fields(
    request: GatewayRequest, method: DeployedMethod, stage_variables: dict[str, str] | None
) -> dict[str, Any]:
    """The members a proxy event and a REQUEST authorizer event share."""
    headers, multi_headers = request.spelled_headers(_RESPELLED)
    return {
        "resource": method.resource_path,
        "path": request.event_path(),
        "httpMethod": request.method,
        "headers": headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": request.query or None,
        "multiValueQueryStringParameters": request.multi_query or None,
        "pathParameters": request.path_params or None,
        "stageVariables": stage_variables or None,
    }


#: The headers whose names AWS respells, however the client spelled them: ``aUThorization`` and
#: ``user-Agent`` arrive as ``Authorization`` and ``User-Agent`` while others keep the client's
#: spelling (LocalStack's AWS-validated snapshots of test_lambda_aws_proxy_integration and
#: test_lambda_aws_proxy_integration_request_data_mapping, recorded on AWS in July 2024).
_RESPELLED = {"authorization": "Authorization", "user-agent": "User-Agent"}


def proxy_event(
    request: GatewayRequest,
    deployed: DeployedApi,
    method: DeployedMethod,
    stage_variables: dict[str, str] | None,
    authorizer: dict[str, Any] | None,
    api_key: dict[str, Any] | None,
) -> bytes:
    event = request_fields(request, method, stage_variables)
    event["requestContext"] = request_context(request, deployed, method, authorizer, api_key)
    body: str | None = None
    binary = False
    if request.body:
        binary = is_binary_type(request.headers.get("content-type"), deployed.binary_media_types)
        body = b64encode_text(request.body) if binary else request.body.decode("utf-8", errors="replace")
    event["body"] = body
    event["isBase64Encoded"] = binary
    return orjson.dumps(event)


@dataclass(slots=True)
class ProxyResponse:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class MalformedProxyResponse(ValueError):
    pass


#: Response headers a proxy integration passes on as ``x-amzn-remapped-{name}``, as AWS recorded
#: them (the gateway's own take their place).
REMAPPED = frozenset({b"connection", b"content-length", b"date", b"x-amzn-requestid"})
#: Response headers about the connection to the integration, not passed on.
_CONNECTION_ONLY = frozenset({b"transfer-encoding", b"keep-alive"})
_REWRITTEN = REMAPPED | _CONNECTION_ONLY
_name = itemgetter(0)


def passed_on(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """A proxy integration's response headers as the client gets them: ``REMAPPED`` renamed, connection-only ones dropped."""
    if _REWRITTEN.isdisjoint(map(_name, headers)):
        return headers
    return [
        (b"x-amzn-remapped-" + name, value) if name in REMAPPED else (name, value)
        for name, value in headers
        if name not in _CONNECTION_ONLY
    ]


def parse_proxy_response(payload: bytes, binary_allowed: bool) -> ProxyResponse:
    """Read ``{statusCode, headers, multiValueHeaders, body, isBase64Encoded}``; anything else is malformed.

    A base64 body is decoded only when ``binary_allowed`` (the request's Accept
    matches the API's binaryMediaTypes); otherwise AWS returns the text as is.
    """
    try:
        reply = orjson.loads(payload)
    except orjson.JSONDecodeError:
        raise MalformedProxyResponse("not JSON") from None
    return read_proxy_response(reply, binary_allowed)


def read_proxy_response(reply: Any, binary_allowed: bool) -> ProxyResponse:
    """``parse_proxy_response`` of a reply already read from JSON (a streamed response's metadata)."""
    if not isinstance(reply, dict) or not reply.keys() <= _RESPONSE_KEYS:
        raise MalformedProxyResponse("not a proxy response object")
    status = reply.get("statusCode", 200)
    if isinstance(status, str) and status.isascii() and status.isdigit():
        status = int(status)
    if not isinstance(status, int) or isinstance(status, bool) or not 200 <= status <= 599:
        raise MalformedProxyResponse("bad statusCode")
    multi = reply.get("multiValueHeaders")
    single = reply.get("headers") or {}
    key: Key | None = None
    pairs = None
    if not multi and isinstance(single, dict):
        # The usual reply has ``headers`` only, the same ones reply after reply: answered from
        # ``_SENT_HEADERS`` when seen before, else checked and encoded in one pass.
        key, sent = _SENT_HEADERS.lookup(single)
        if sent is not None:
            return ProxyResponse(status, sent, _body(reply, binary_allowed))
        pairs = _single_headers(single)
    values = _header_values(multi, single) if pairs is None else {}
    data = _body(reply, binary_allowed)
    if pairs is None:
        # Encoded only now; a name outside latin-1 becomes one with "?" (no token: a malformed reply, 502).
        pairs = [
            (name.lower().encode("latin-1", errors="replace"), value.encode("latin-1", errors="replace"))
            for name, found in values.items()
            for value in found
        ]
    if not sendable(pairs):
        raise MalformedProxyResponse("a header name is not a token, or a value holds a line break")
    sent = passed_on(pairs)
    _SENT_HEADERS.keep(key, single, sent)
    return ProxyResponse(status, sent, data)


def _body(reply: dict[str, Any], binary_allowed: bool) -> bytes:
    body = reply.get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        raise MalformedProxyResponse("body must be a string")
    if binary_allowed and reply.get("isBase64Encoded") is True:
        decoded = b64decode_text(body)
        if decoded is None:
            raise MalformedProxyResponse("body is not base64")
        return decoded
    return body.encode()


def _single_headers(single: dict[str, Any]) -> list[tuple[bytes, bytes]] | None:
    """``headers`` as header pairs; None when a name is not latin-1 (the slow path decides)."""
    pairs = []
    try:
        for name, value in single.items():
            text = value if value.__class__ is str else _single_value(value)
            pairs.append((name.lower().encode("latin-1"), text.encode("latin-1", errors="replace")))
    except UnicodeEncodeError:
        return None
    return pairs


def _header_values(multi: Any, single: Any) -> dict[str, list[str]]:
    """``multiValueHeaders`` then ``headers``, checked, a name's values together."""
    headers: dict[str, list[str]] = {}
    for name, value in (multi or {}).items():
        if not isinstance(value, list):
            raise MalformedProxyResponse("multiValueHeaders values must be lists")
        headers[name] = [_scalar(v) for v in value]
    if not isinstance(single, dict):
        raise MalformedProxyResponse("headers must be an object")
    for name, value in single.items():
        headers.setdefault(name, []).append(_single_value(value))
    return headers


def _single_value(value: Any) -> str:
    """A ``headers`` value: a string, or a boolean spelled as one."""
    if not isinstance(value, str | bool):
        raise MalformedProxyResponse("headers values must be strings")
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise MalformedProxyResponse("header values must be scalars")


def json_by_default(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """A proxy response's headers, with AWS's ``application/json`` when the function named no content type."""
    if b"content-type" not in map(_name, headers):
        headers.append((b"content-type", b"application/json"))
    return headers
