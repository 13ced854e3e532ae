"""The Lambda events of HTTP APIs: payload format 2.0 and 1.0, as AWS sends them.

Built straight into dicts from the request (no templates, no copies): these
run on every request.
"""

from __future__ import annotations

from typing import Any

from ...aws.http import event_cookies
from ..ids import new_trace_root
from .request import IncomingRequest, request_time

_NULL_IDENTITY = (
    "accessKey",
    "accountId",
    "caller",
    "cognitoAuthenticationProvider",
    "cognitoAuthenticationType",
    "cognitoIdentityId",
    "cognitoIdentityPoolId",
    "principalOrgId",
)

#: The headers ``gateway_headers`` gives one value of its own (a client's X-Forwarded-For is extended).
_SET_BY_GATEWAY = ("x-forwarded-for", "x-forwarded-port", "x-forwarded-proto", "content-length")
#: Payload 1.0 writes these names as API Gateway spells them and leaves the others lower-cased
#: (AWS-recorded 1.0 events, 2021-2024: "Host", "User-Agent", "X-Forwarded-For" beside "accept", "origin").
_V1_SPELLING = {
    name.lower(): name
    for name in (
        "Content-Length",
        "Content-Type",
        "Host",
        "User-Agent",
        "X-Amzn-Trace-Id",
        "X-Forwarded-For",
        "X-Forwarded-Port",
        "X-Forwarded-Proto",
    )
}


def gateway_headers(request: IncomingRequest) -> dict[str, str]:
    """The request's headers plus those API Gateway adds on its way to the integration."""
    headers = dict(request.headers)
    headers.pop("connection", None)
    if "x-amzn-trace-id" not in headers:
        headers["x-amzn-trace-id"] = "Root=" + new_trace_root(request.time_epoch_ms // 1000)
    forwarded = headers.get("x-forwarded-for")
    headers["x-forwarded-for"] = f"{forwarded}, {request.source_ip}" if forwarded else request.source_ip
    headers.setdefault("x-forwarded-port", request.server_port)
    headers.setdefault("x-forwarded-proto", "http")
    if "content-length" not in headers:
        # AWS always passes one, "0" for requests without a body.
        headers["content-length"] = str(len(request.body))
    return headers


def event_v2(
    request: IncomingRequest,
    api_id: str,
    account_id: str,
    route_key: str,
    stage: str,
    path_params: dict[str, str] | None,
    stage_variables: dict[str, str] | None,
    authorizer: dict[str, Any] | None,
) -> dict[str, Any]:
    headers = gateway_headers(request)
    cookie_header = headers.pop("cookie", None)
    epoch_ms = request.time_epoch_ms
    context: dict[str, Any] = {
        "accountId": account_id,
        "apiId": api_id,
        "domainName": request.host,
        "domainPrefix": request.host.partition(".")[0],
        "http": {
            "method": request.method,
            "path": request.path,
            "protocol": request.protocol,
            "sourceIp": request.source_ip,
            "userAgent": request.user_agent,
        },
        "requestId": request.request_id,
        "routeKey": route_key,
        "stage": stage,
        "time": request_time(epoch_ms // 1000),
        "timeEpoch": epoch_ms,
    }
    if authorizer is not None:
        context["authorizer"] = authorizer
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        # Decoded, as AWS delivers it: HTTP APIs hand on the path percent-decoded, unlike REST APIs and
        # function URLs (live captures in hotsock/voker's vokerhttp/testdata/ingress-paths.json,
        # fastify/aws-lambda-fastify#169: "/a%2Fb" arrives as "rawPath": "/a/b").
        "rawPath": request.path,
        "rawQueryString": request.raw_query,
    }
    if cookie_header:
        event["cookies"] = event_cookies(cookie_header)
    event["headers"] = headers
    if request.raw_query:
        event["queryStringParameters"] = {key: ",".join(values) for key, values in request.query.items()}
    event["requestContext"] = context
    if path_params:
        event["pathParameters"] = path_params
    if stage_variables:
        event["stageVariables"] = stage_variables
    if request.body:
        body, encoded = request.body_text()
        if body is not None:
            event["body"] = body
        event["isBase64Encoded"] = encoded
    else:
        event["isBase64Encoded"] = False
    return event


def event_v1(
    request: IncomingRequest,
    api_id: str,
    account_id: str,
    route_key: str,
    stage: str,
    path_params: dict[str, str] | None,
    stage_variables: dict[str, str] | None,
    authorizer: dict[str, Any] | None,
) -> dict[str, Any]:
    """Payload format 1.0: the REST API proxy event's shape, with ``version``.

    The $default route's resource is "$default", as AWS-recorded 1.0 events show it.
    """
    resource = route_key.partition(" ")[2] if route_key != "$default" else route_key
    headers = gateway_headers(request)
    raw_headers = request.header_values()
    raw_headers.pop("connection", None)
    if "x-amzn-trace-id" not in raw_headers:
        raw_headers["x-amzn-trace-id"] = [headers["x-amzn-trace-id"]]
    for name in _SET_BY_GATEWAY:
        raw_headers[name] = [headers[name]]
    single_headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, values in raw_headers.items():
        spelled = _V1_SPELLING.get(name, name)
        single_headers[spelled] = values[-1]
        multi_headers[spelled] = values
    query = request.query
    epoch_ms = request.time_epoch_ms
    identity: dict[str, Any] = dict.fromkeys(_NULL_IDENTITY)
    identity.update(sourceIp=request.source_ip, user=None, userAgent=request.user_agent, userArn=None)
    body, encoded = request.body_text()
    return {
        "version": "1.0",
        "resource": resource,
        "path": request.path,
        "httpMethod": request.method,
        "headers": single_headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": {key: values[0] for key, values in query.items()} if query else None,
        "multiValueQueryStringParameters": query or None,
        "requestContext": {
            "accountId": account_id,
            "apiId": api_id,
            "authorizer": authorizer if authorizer is not None else {"claims": None, "scopes": None},
            "domainName": request.host,
            "domainPrefix": request.domain_prefix(),
            "extendedRequestId": request.request_id,
            "httpMethod": request.method,
            "identity": identity,
            "path": request.path,
            "protocol": request.protocol,
            "requestId": request.request_id,
            "requestTime": request_time(epoch_ms // 1000),
            "requestTimeEpoch": epoch_ms,
            "resourceId": route_key,
            "resourcePath": resource,
            "stage": stage,
        },
        "pathParameters": path_params or None,
        "stageVariables": stage_variables or None,
        "body": body,
        "isBase64Encoded": encoded,
    }
