"""The event a function URL hands its function: payload format 2.0, as AWS builds it for URLs."""

from __future__ import annotations

import time
from typing import Any

from ...aws.http import event_cookies
from .request import UrlRequest


def request_time(epoch_ms: int) -> str:
    """``12/Mar/2020:19:03:58 +0000``."""
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(epoch_ms // 1000))


def url_event(
    request: UrlRequest, url_id: str, request_id: str, trace_id: str, iam: dict[str, Any] | None
) -> dict[str, Any]:
    """The event; ``iam`` is the caller's identity for an ``AWS_IAM`` URL (``requestContext.authorizer.iam``)."""
    headers = dict(request.headers)
    headers.pop("connection", None)
    # Unlike an HTTP API's event, a URL's keeps the cookie header beside ``cookies`` (a live
    # capture: hotsock/voker vokerhttp/testdata/functionurl-request.json, July 2026).
    cookie_header = headers.get("cookie")
    headers["x-amzn-trace-id"] = trace_id
    forwarded = headers.get("x-forwarded-for")
    headers["x-forwarded-for"] = f"{forwarded}, {request.source_ip}" if forwarded else request.source_ip
    headers.setdefault("x-forwarded-port", request.server_port)
    headers.setdefault("x-forwarded-proto", "http")
    context: dict[str, Any] = {
        # AWS names the caller's account for signed requests, "anonymous" otherwise.
        "accountId": iam["accountId"] if iam else "anonymous",
        "apiId": url_id,
    }
    if iam is not None:
        context["authorizer"] = {"iam": iam}
    context.update(
        {
            "domainName": request.headers.get("host", ""),
            "domainPrefix": url_id,
            "http": {
                "method": request.method,
                "path": request.path,
                "protocol": request.protocol,
                "sourceIp": request.source_ip,
                "userAgent": request.headers.get("user-agent", ""),
            },
            "requestId": request_id,
            "routeKey": "$default",
            "stage": "$default",
            "time": request_time(request.time_epoch_ms),
            "timeEpoch": request.time_epoch_ms,
        }
    )
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": request.raw_path,
        "rawQueryString": request.raw_query,
    }
    if cookie_header:
        event["cookies"] = event_cookies(cookie_header)
    event["headers"] = headers
    if request.raw_query:
        event["queryStringParameters"] = request.query()
    event["requestContext"] = context
    body, encoded = request.body_text()
    if body is not None:
        event["body"] = body
    event["isBase64Encoded"] = encoded
    return event
