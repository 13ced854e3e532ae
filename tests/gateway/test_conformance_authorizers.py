"""A TOKEN or REQUEST authorizer's URI must invoke a Lambda function through API Gateway.

Sources: the API reference's CreateAuthorizer.authorizerUri ("For TOKEN or REQUEST authorizers,
this must be a well-formed Lambda function URI"), and AWS's refusal as the Terraform provider's
acceptance tests logged it ("Invalid Authorizer URI: arn:aws:apigateway:region:lambda:path/...
Authorizer URI should be a valid API Gateway ARN that represents a Lambda function invocation.").
A conformance suite expects an https:// URL to be taken; AWS refuses it.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:checker"
VALID = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FUNCTION}/invocations"


def _refusal(uri: str) -> tuple[str, str, int]:
    return (
        "BadRequestException",
        f"Invalid Authorizer URI: {uri}. Authorizer URI should be a valid API Gateway ARN that represents "
        "a Lambda function invocation.",
        400,
    )


@pytest.mark.parametrize(
    "uri",
    [
        "https://example.com/auth",
        FUNCTION,
        f"arn:aws:apigateway:region:lambda:path/2015-03-31/functions/{FUNCTION}/invocations",
        f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FUNCTION}",
    ],
)
@pytest.mark.parametrize("kind", ["TOKEN", "REQUEST"])
def test_create_refuses_uris_that_invoke_no_function(server: EmulatorProcess, uri: str, kind: str) -> None:
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="api")["id"]
    with pytest.raises(ClientError) as info:
        client.create_authorizer(
            restApiId=api_id,
            name="auth",
            type=kind,
            authorizerUri=uri,
            identitySource="method.request.header.Authorization",
        )
    assert error_of(info) == _refusal(uri)
    assert client.get_authorizers(restApiId=api_id)["items"] == []


def test_lambda_invocation_uris_are_taken_with_stage_variables(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="api")["id"]
    staged = (
        "arn:aws:apigateway:eu-west-2:lambda:path/2015-03-31/functions/"
        "arn:aws:lambda:eu-west-2:000000000000:function:${stageVariables.checker}/invocations"
    )
    created = client.create_authorizer(
        restApiId=api_id, name="auth", type="REQUEST", authorizerUri=staged, identitySource="method.request.header.Authorization"
    )
    assert created["authorizerUri"] == staged
    updated = client.update_authorizer(
        restApiId=api_id,
        authorizerId=created["id"],
        patchOperations=[{"op": "replace", "path": "/authorizerUri", "value": VALID}],
    )
    assert updated["authorizerUri"] == VALID


def test_update_refuses_a_uri_that_invokes_no_function(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="api")["id"]
    authorizer_id = client.create_authorizer(
        restApiId=api_id, name="auth", type="TOKEN", authorizerUri=VALID, identitySource="method.request.header.Authorization"
    )["id"]
    with pytest.raises(ClientError) as info:
        client.update_authorizer(
            restApiId=api_id,
            authorizerId=authorizer_id,
            patchOperations=[{"op": "replace", "path": "/authorizerUri", "value": "https://example.com/auth"}],
        )
    assert error_of(info) == _refusal("https://example.com/auth")
    assert client.get_authorizer(restApiId=api_id, authorizerId=authorizer_id)["authorizerUri"] == VALID
