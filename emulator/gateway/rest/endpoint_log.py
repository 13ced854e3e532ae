"""TestInvokeMethod's endpoint steps: what the gateway sent its integration and what came back.

AWS logs them between the method request and the method response (the API Gateway developer
guide's execution logs; LocalStack's AWS-validated test_apigateway_basic::
test_apigw_test_invoke_method_api for a Lambda integration). The credentials AWS signs a Lambda
call with (Authorization, X-Amz-Security-Token) have no offline counterpart and are left out.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import formatdate

from .request import GatewayRequest


def java_map(values: Iterable[tuple[str, str]]) -> str:
    """A map as Java's ``toString`` prints it: ``{a=1, b=2}``."""
    return "{" + ", ".join(f"{name}={value}" for name, value in values) + "}"


class EndpointLog:
    """The steps of one integration call, in AWS's words."""

    def __init__(self) -> None:
        self.steps: list[str] = []
        #: The request's steps, logged once an answer came (a call that fails to connect logs its failure alone).
        self._pending: list[str] = []
        self._sent_at = 0.0
        #: The ``X-Amzn-Trace-Id`` AWS adds to a Lambda integration's method response.
        self.trace_id: str | None = None

    def sending(self, uri: str, headers: Iterable[tuple[str, str]], body: str) -> None:
        self._pending = [
            f"Endpoint request URI: {uri}",
            f"Endpoint request headers: {java_map(headers)}",
            f"Endpoint request body after transformations: {body}",
            f"Sending request to {uri}",
        ]
        self._sent_at = time.perf_counter()

    def received(self, status: int, headers: Iterable[tuple[str, str]], body: str) -> None:
        latency = int((time.perf_counter() - self._sent_at) * 1000)
        self.steps += [
            *self._pending,
            f"Received response. Status: {status}, Integration latency: {latency} ms",
            f"Endpoint response headers: {java_map(headers)}",
            f"Endpoint response body before transformations: {body}",
        ]

    def unreachable(self) -> None:
        """An HTTP endpoint that could not be reached (the recorded TestInvokeMethod of one)."""
        self.steps.append("Execution failed due to configuration error: Invalid endpoint address")

    def lambda_sending(self, request: GatewayRequest, api_id: str, region: str, arn: str, payload: bytes) -> None:
        """A Lambda invocation's request, as AWS logs its call to Lambda's Invoke endpoint."""
        root = request.headers.get("x-amzn-trace-id", "")
        uri, headers = lambda_call(api_id, region, arn, payload, request.request_id, root)
        self.sending(uri, headers, payload.decode("utf-8", errors="replace"))
        self.trace_id = f"{root};Parent={secrets.token_hex(8)};Sampled=0;lineage={secrets.token_hex(4)}:0"

    def lambda_received(self, payload: bytes, function_error: str | None) -> None:
        headers = [
            ("Date", formatdate(usegmt=True)),
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(payload))),
            ("Connection", "keep-alive"),
            ("x-amzn-RequestId", str(uuid.uuid4())),
            *([("X-Amz-Function-Error", function_error)] if function_error else []),
            ("X-Amz-Executed-Version", "$LATEST"),
            # Lambda answers the trace with its keys in lower case.
            ("X-Amzn-Trace-Id", _lower_keys(self.trace_id or "")),
        ]
        self.received(200, headers, payload.decode("utf-8", errors="replace"))

    def function_failed(self, payload: bytes) -> None:
        """A Lambda proxy function that raised: AWS names the function's error message."""
        try:
            message = json.loads(payload).get("errorMessage", "")
        except (ValueError, AttributeError):
            message = ""
        self.steps.append(
            f"Lambda execution failed with status 200 due to customer function error: {message}. "
            f"Lambda request id: {uuid.uuid4()}"
        )


def _lower_keys(trace: str) -> str:
    """``Root=a;Parent=b`` as ``root=a;parent=b``."""
    return ";".join(key.lower() + sep + value for key, sep, value in (part.partition("=") for part in trace.split(";")))


def lambda_call(
    api_id: str, region: str, arn: str, payload: bytes, request_id: str, trace: str | None = None
) -> tuple[str, list[tuple[str, str]]]:
    """The URI and headers of API Gateway's call to Lambda's Invoke endpoint, as execution logs show them
    (without its signature). ``trace``: the X-Amzn-Trace-Id REST APIs pass on; WebSocket APIs pass none."""
    headers = [
        ("X-Amz-Date", datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")),
        ("x-amzn-apigateway-api-id", api_id),
        ("Accept", "application/json"),
        ("User-Agent", f"AmazonAPIGateway_{api_id}"),
        ("Host", f"lambda.{region}.amazonaws.com"),
        ("X-Amz-Content-Sha256", hashlib.sha256(payload).hexdigest()),
    ]
    if trace is not None:
        headers.append(("X-Amzn-Trace-Id", trace))
    headers.append(("x-amzn-lambda-integration-tag", request_id))
    return f"https://lambda.{region}.amazonaws.com/2015-03-31/functions/{arn}/invocations", headers
