"""TestInvokeAuthorizer through boto3: a Lambda authorizer called with test headers, its answer reported."""

from __future__ import annotations

import json
from typing import Any

from test_rest_authorizers import TOKEN_AUTHORIZER
from test_rest_support import create_function, lambda_uri

from emulator.testing import EmulatorProcess


def _authorizers(server: EmulatorProcess) -> tuple[Any, str, str, str]:
    function_arn = create_function(server, "console-authorizer", TOKEN_AUTHORIZER)
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="console")["id"]
    token = client.create_authorizer(
        restApiId=api_id,
        name="token",
        type="TOKEN",
        authorizerUri=lambda_uri(function_arn),
        identitySource="method.request.header.Authorization",
    )["id"]
    request = client.create_authorizer(
        restApiId=api_id,
        name="request",
        type="REQUEST",
        authorizerUri=lambda_uri(function_arn),
        identitySource="method.request.header.X-Auth",
    )["id"]
    return client, api_id, token, request


def test_invoke_authorizer_reports_the_policy(server: EmulatorProcess) -> None:
    client, api_id, token, request = _authorizers(server)
    allowed = client.test_invoke_authorizer(
        restApiId=api_id, authorizerId=token, headers={"Authorization": "allow-me"}
    )
    assert allowed["clientStatus"] == 200
    assert allowed["principalId"] == "user-allow-me"
    policy = json.loads(allowed["policy"])
    assert policy["Statement"][0]["Effect"] == "Allow"
    assert isinstance(allowed["latency"], int) and allowed["log"]
    by_request = client.test_invoke_authorizer(
        restApiId=api_id, authorizerId=request, headers={"X-Auth": "deny"}, pathWithQueryString="/pets?a=1"
    )
    assert by_request["clientStatus"] == 200
    assert json.loads(by_request["policy"])["Statement"][0]["Effect"] == "Deny"
    assert by_request["principalId"] == "user-deny"


def test_invoke_authorizer_unauthorized_is_401(server: EmulatorProcess) -> None:
    client, api_id, token, _ = _authorizers(server)
    refused = client.test_invoke_authorizer(
        restApiId=api_id, authorizerId=token, headers={"Authorization": "unauthorized"}
    )
    assert refused["clientStatus"] == 401
    assert "policy" not in refused
