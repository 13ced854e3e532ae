"""Parameter mappings must name declared method parameters, as AWS checks them.

The wording is AWS's as CloudFormation and CDK users quote it (aws-cdk#17318, serverless-aws-documentation#91).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess


def _refusal(parameter: str) -> tuple[str, str, int]:
    return (
        "BadRequestException",
        "Invalid mapping expression specified: Validation Result: warnings : [], errors : "
        f"[Invalid mapping expression parameter specified: {parameter}]",
        400,
    )


@pytest.fixture
def method(server: EmulatorProcess) -> tuple[Any, dict[str, str]]:
    client = server.client("apigateway")
    api = client.create_rest_api(name="mappings")
    resource = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{page}")
    ids = {"restApiId": api["id"], "resourceId": resource["id"], "httpMethod": "GET"}
    return client, ids


def test_integration_reads_only_declared_method_request_parameters(method: tuple[Any, dict[str, str]]) -> None:
    client, ids = method
    client.put_method(**ids, authorizationType="NONE", requestParameters={"method.request.header.X-Token": False})
    integration = {"type": "HTTP", "integrationHttpMethod": "GET", "uri": "http://example.com/{object}"}
    with pytest.raises(ClientError) as info:
        client.put_integration(
            **ids, **integration, requestParameters={"integration.request.path.object": "method.request.path.page"}
        )
    assert error_of(info) == _refusal("method.request.path.page")

    client.update_method(
        **ids, patchOperations=[{"op": "add", "path": "/requestParameters/method.request.path.page", "value": "true"}]
    )
    mapped = {
        "integration.request.path.object": "method.request.path.page",
        "integration.request.header.x-token": "method.request.header.X-Token",
        "integration.request.header.x-static": "'fixed'",
        "integration.request.querystring.stage": "context.stage",
    }
    created = client.put_integration(**ids, **integration, requestParameters=mapped)
    assert created["requestParameters"] == mapped


def test_integration_response_sets_only_declared_method_response_headers(
    method: tuple[Any, dict[str, str]],
) -> None:
    client, ids = method
    client.put_method(**ids, authorizationType="NONE")
    client.put_integration(**ids, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(**ids, statusCode="200")
    cors = {"method.response.header.Access-Control-Allow-Origin": "'*'"}
    with pytest.raises(ClientError) as info:
        client.put_integration_response(**ids, statusCode="200", responseParameters=cors)
    assert error_of(info) == _refusal("method.response.header.Access-Control-Allow-Origin")
    assert "integrationResponses" not in client.get_integration(**ids)

    client.update_method_response(
        **ids,
        statusCode="200",
        patchOperations=[
            {"op": "add", "path": "/responseParameters/method.response.header.Access-Control-Allow-Origin", "value": "false"}
        ],
    )
    created = client.put_integration_response(**ids, statusCode="200", responseParameters=cors)
    assert created["responseParameters"] == cors
