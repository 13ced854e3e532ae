"""TestInvokeAuthorizer: the console's Test button for a Lambda authorizer.

It calls the function with a TOKEN or REQUEST event for the given headers,
query string and stage variables, and reports what came back (the policy as
JSON text) without evaluating it against a method.
"""

from __future__ import annotations

import time
import uuid
from typing import Any
from urllib.parse import parse_qsl

import orjson

from ...aws.context import RequestContext
from ..common.invoke import IntegrationFailure, IntegrationTimeout, invoke_function, region_of_arn
from .deployment import lambda_arn_of
from .errors import BadRequestException
from .store import Store

#: The stage name AWS puts in the method ARN of a test invocation.
_TEST_STAGE = "ESTestInvoke-stage"


def _headers(params: dict[str, Any]) -> tuple[dict[str, str], dict[str, list[str]]]:
    multi = {name: list(values) for name, values in (params.get("multiValueHeaders") or {}).items()}
    for name, value in (params.get("headers") or {}).items():
        multi.setdefault(name, [value])
    return {name: values[-1] for name, values in multi.items()}, multi


def _identity(source: str, headers: dict[str, str], query: dict[str, str], variables: dict[str, str]) -> str | None:
    source = source.strip()
    lowered = {name.lower(): value for name, value in headers.items()}
    if source.startswith("method.request.header."):
        return lowered.get(source.removeprefix("method.request.header.").lower())
    if source.startswith("method.request.querystring."):
        return query.get(source.removeprefix("method.request.querystring."))
    if source.startswith("stageVariables."):
        return variables.get(source.removeprefix("stageVariables."))
    return None


class AuthorizerConsoleOperations:
    store: Store
    lambda_: Any
    data_plane: Any

    async def test_invoke_authorizer(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        authorizer = api.authorizer(params["authorizerId"])
        function_arn = lambda_arn_of(authorizer.get("authorizerUri"))
        if authorizer["type"] not in ("TOKEN", "REQUEST") or function_arn is None:
            raise BadRequestException("TestInvokeAuthorizer supports Lambda (TOKEN and REQUEST) authorizers only")
        path, _, query_text = (params.get("pathWithQueryString") or "/").partition("?")
        query = dict(parse_qsl(query_text, keep_blank_values=True))
        headers, multi_headers = _headers(params)
        variables = dict(params.get("stageVariables") or {})
        method_arn = f"arn:aws:execute-api:{ctx.region}:{ctx.account_id}:{api.id}/{_TEST_STAGE}/GET{path}"
        sources = [s for s in (authorizer.get("identitySource") or "").split(",") if s.strip()]
        if authorizer["type"] == "TOKEN":
            token = _identity(sources[0], headers, query, variables) if sources else None
            event: dict[str, Any] = {"type": "TOKEN", "methodArn": method_arn, "authorizationToken": token}
        else:
            event = {
                "type": "REQUEST",
                "methodArn": method_arn,
                "resource": path,
                "path": path,
                "httpMethod": "GET",
                "headers": headers,
                "multiValueHeaders": multi_headers,
                "queryStringParameters": query,
                "multiValueQueryStringParameters": {k: [v] for k, v in query.items()},
                "pathParameters": {},
                "stageVariables": variables,
                "requestContext": {"stage": _TEST_STAGE, "requestId": str(uuid.uuid4()), "apiId": api.id},
            }
        request_id = str(uuid.uuid4())
        started = time.perf_counter()
        status, document = await self._call(ctx, function_arn, event)
        result: dict[str, Any] = {
            "clientStatus": status,
            "log": f"Execution log for request {request_id}\nAuthorizer completed with status: {status}\n",
            "latency": int((time.perf_counter() - started) * 1000),
        }
        if status == 200 and document is not None:
            result["principalId"] = str(document.get("principalId"))
            policy = document["policyDocument"]
            result["policy"] = policy if isinstance(policy, str) else orjson.dumps(policy).decode()
            result["authorization"] = {}
        return result

    async def _call(
        self, ctx: RequestContext, function_arn: str, event: dict[str, Any]
    ) -> tuple[int, dict[str, Any] | None]:
        """``(clientStatus, the function's answer)``: 401 for "Unauthorized", 500 for any failure."""
        try:
            reply = await invoke_function(
                self.lambda_,
                region_of_arn(function_arn, ctx.region),
                function_arn,
                orjson.dumps(event),
                self.data_plane.timeout_ms,
            )
            document = orjson.loads(reply.payload) if reply.payload else None
        except (IntegrationTimeout, IntegrationFailure, orjson.JSONDecodeError):
            return 500, None
        if reply.function_error:
            message = document.get("errorMessage") if isinstance(document, dict) else None
            return (401 if message == "Unauthorized" else 500), None
        if not isinstance(document, dict) or not isinstance(document.get("policyDocument"), dict | str):
            return 500, None
        return 200, document
