"""The REQUEST Lambda authorizer of a WebSocket API's ``$connect`` route.

Missing identity sources answer 401 without calling the function, and so does
a function failing with ``Unauthorized`` (the documented way to refuse); a
policy that does not allow ``$connect`` answers 403; any other failure 500. On
Allow, the result's ``principalId`` and ``context`` (values as strings, as REST
APIs hand them on; a nested object or list fails) become
``requestContext.authorizer`` of every event of the connection.
"""

from __future__ import annotations

import time
from typing import Any

import orjson

from ...aws.context import DEFAULT_ACCOUNT_ID
from ..common.invoke import IntegrationFailure, IntegrationTimeout, invoke_function, region_of_arn
from ..common.policy import Decision, InvalidPolicy, Policy
from ..http.invoke import function_of, with_stage_variables
from .handshake import Rejected

Resource = dict[str, Any]

#: The headers of the upgrade request as API Gateway's authorizer input shows them.
_UPGRADE_HEADERS = {"Connection": ["upgrade"], "content-length": ["0"], "Upgrade": ["websocket"]}


def iam_identity(headers: dict[str, list[str]], query: dict[str, list[str]]) -> dict[str, Any]:
    """An AWS_IAM $connect needs a SigV4 signature (header or presigned URL); not verified offline."""
    authorization = next((values[-1] for name, values in headers.items() if name.lower() == "authorization"), "")
    if authorization.startswith("AWS4-HMAC-SHA256 "):
        credential = authorization.partition("Credential=")[2]
    elif (query.get("X-Amz-Algorithm") or [""])[-1] == "AWS4-HMAC-SHA256" and query.get("X-Amz-Signature"):
        credential = (query.get("X-Amz-Credential") or [""])[-1]
    else:
        raise Rejected(403, "Forbidden")
    access_key = credential.partition("/")[0]
    return {
        "accessKey": access_key,
        "accountId": DEFAULT_ACCOUNT_ID,
        "caller": access_key,
        "user": access_key,
        "userArn": f"arn:aws:iam::{DEFAULT_ACCOUNT_ID}:root",
    }


def identity_values(
    authorizer: Resource,
    headers: dict[str, list[str]],
    query: dict[str, list[str]],
    stage_variables: dict[str, str],
    context: dict[str, Any],
) -> list[str]:
    """The values of the authorizer's IdentitySource; Rejected(401) if one is missing."""
    lowered = {name.lower(): values for name, values in headers.items()}
    values: list[str] = []
    for source in authorizer.get("IdentitySource") or ():
        name = source.rpartition(".")[2]
        if source.startswith("route.request.header."):
            found = (lowered.get(name.lower()) or [""])[-1]
        elif source.startswith("route.request.querystring."):
            found = (query.get(name) or [""])[-1]
        elif source.startswith("stageVariables."):
            found = stage_variables.get(source[len("stageVariables.") :], "")
        else:
            found = str(context.get(source[len("context.") :], ""))
        if not found:
            raise Rejected(401, "Unauthorized")
        values.append(found)
    return values


async def authorize(
    lambda_: Any,
    authorizer: Resource,
    event: dict[str, Any],
    region: str,
    stage_variables: dict[str, str],
    timeout_ms: int,
) -> tuple[dict[str, Any], str | None]:
    """``requestContext.authorizer`` for an allowed connection and its usageIdentifierKey, else Rejected."""
    context = event["requestContext"]
    identity_values(authorizer, event["multiValueHeaders"], event.get("multiValueQueryStringParameters") or {}, stage_variables, context)
    method_arn = f"arn:aws:execute-api:{region}:{DEFAULT_ACCOUNT_ID}:{context['apiId']}/{context['stage']}/$connect"
    payload = {"type": "REQUEST", "methodArn": method_arn, **{k: v for k, v in event.items() if k != "isBase64Encoded"}}
    # The authorizer sees the upgrade request's own headers, which the $connect event leaves out.
    headers = {**_UPGRADE_HEADERS, **event["multiValueHeaders"]}
    payload["headers"] = {name: values[-1] for name, values in headers.items()}
    payload["multiValueHeaders"] = headers
    payload.setdefault("stageVariables", stage_variables)
    function = function_of(with_stage_variables(authorizer.get("AuthorizerUri", ""), stage_variables))
    started = time.monotonic()
    try:
        result = await invoke_function(lambda_, region_of_arn(function, region), function, orjson.dumps(payload), timeout_ms)
        answer = orjson.loads(result.payload) if result.payload else None
        if result.function_error:
            unauthorized = isinstance(answer, dict) and answer.get("errorMessage") == "Unauthorized"
            raise Rejected(401, "Unauthorized") if unauthorized else Rejected(500, "Internal server error")
    except (IntegrationFailure, IntegrationTimeout, orjson.JSONDecodeError):
        raise Rejected(500, "Internal server error") from None
    if not isinstance(answer, dict):
        raise Rejected(500, "Internal server error")
    try:
        decision = Policy(answer.get("policyDocument")).evaluate(method_arn)
    except InvalidPolicy:
        raise Rejected(500, "Internal server error") from None
    if decision is not Decision.ALLOW:
        raise Rejected(403, "Forbidden")
    context_map = answer.get("context") or {}
    if not isinstance(context_map, dict) or any(isinstance(value, dict | list) for value in context_map.values()):
        raise Rejected(500, "Internal server error")
    found: dict[str, Any] = {name: _text(value) for name, value in context_map.items()}
    if "principalId" in answer:
        found["principalId"] = answer["principalId"]
    found["integrationLatency"] = int((time.monotonic() - started) * 1000)
    return found, answer.get("usageIdentifierKey")


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if value is None else str(value)
