"""Ops the API reference's patch-operations table marks "Not supported" are refused.

UpdateApiKey: /customerId, /description, /enabled and /name take replace only, /stages add
and remove. UpdateAuthorizer: /authorizerUri, /authorizerCredentials,
/authorizerResultTtlInSeconds, /authType, /identityValidationExpression, /name and /type take
replace only, /identitySource add, replace and remove. The refusal reads as AWS words it for
the replace-only updates it was recorded on (models, request validators).
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of
from test_rest_support import RestApiBuilder, lambda_uri

from emulator.testing import EmulatorProcess


def _refusal(path: str, op: str) -> tuple[str, str, int]:
    return (
        "BadRequestException",
        f"Invalid patch path  '{path}' specified for op '{op}'. Please choose supported operations",
        400,
    )


@pytest.mark.parametrize(
    ("op", "path"),
    [("add", "/name"), ("remove", "/description"), ("add", "/enabled"), ("remove", "/customerId"), ("replace", "/stages")],
)
def test_api_key_ops_outside_the_table_are_refused(server: EmulatorProcess, op: str, path: str) -> None:
    client = server.client("apigateway")
    key = client.create_api_key(name="key", description="d", customerId="c")
    with pytest.raises(ClientError) as info:
        client.update_api_key(apiKey=key["id"], patchOperations=[{"op": op, "path": path, "value": "x"}])
    assert error_of(info) == _refusal(path, op)
    stored = client.get_api_key(apiKey=key["id"])
    assert (stored["name"], stored["description"], stored["customerId"]) == ("key", "d", "c")


def test_api_key_rows_the_table_supports(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    builder.deploy("dev")
    client = builder.client
    key = client.create_api_key(name="key")
    stage = f"{builder.api_id}/dev"
    updated = client.update_api_key(
        apiKey=key["id"],
        patchOperations=[
            {"op": "replace", "path": "/name", "value": "renamed"},
            {"op": "replace", "path": "/enabled", "value": "true"},
            {"op": "replace", "path": "/customerId", "value": "cust-1"},
            {"op": "add", "path": "/stages", "value": stage},
        ],
    )
    assert (updated["name"], updated["enabled"], updated["customerId"], updated["stageKeys"]) == (
        "renamed",
        True,
        "cust-1",
        [stage],
    )
    updated = client.update_api_key(apiKey=key["id"], patchOperations=[{"op": "remove", "path": "/stages", "value": stage}])
    assert updated["stageKeys"] == []


def _authorizer(server: EmulatorProcess) -> tuple[RestApiBuilder, str]:
    builder = RestApiBuilder(server)
    # The function need not exist: the control plane keeps the URI.
    function_arn = "arn:aws:lambda:us-east-1:000000000000:function:authorizer"
    created = builder.client.create_authorizer(
        restApiId=builder.api_id,
        name="auth",
        type="TOKEN",
        authorizerUri=lambda_uri(function_arn),
        identitySource="method.request.header.Authorization",
    )
    return builder, created["id"]


@pytest.mark.parametrize(
    ("op", "path"),
    [("add", "/name"), ("remove", "/authorizerResultTtlInSeconds"), ("add", "/authorizerUri"), ("remove", "/type")],
)
def test_authorizer_ops_outside_the_table_are_refused(server: EmulatorProcess, op: str, path: str) -> None:
    builder, authorizer_id = _authorizer(server)
    client = builder.client
    with pytest.raises(ClientError) as info:
        client.update_authorizer(
            restApiId=builder.api_id, authorizerId=authorizer_id, patchOperations=[{"op": op, "path": path, "value": "1"}]
        )
    assert error_of(info) == _refusal(path, op)
    stored = client.get_authorizer(restApiId=builder.api_id, authorizerId=authorizer_id)
    assert (stored["name"], stored["type"], stored.get("authorizerResultTtlInSeconds")) == ("auth", "TOKEN", None)


def test_authorizer_rows_the_table_supports(server: EmulatorProcess) -> None:
    builder, authorizer_id = _authorizer(server)
    updated = builder.client.update_authorizer(
        restApiId=builder.api_id,
        authorizerId=authorizer_id,
        patchOperations=[
            {"op": "replace", "path": "/name", "value": "renamed"},
            {"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "1200"},
            {"op": "replace", "path": "/identitySource", "value": "method.request.header.X-Token"},
        ],
    )
    assert (updated["name"], updated["authorizerResultTtlInSeconds"], updated["identitySource"]) == (
        "renamed",
        1200,
        "method.request.header.X-Token",
    )
