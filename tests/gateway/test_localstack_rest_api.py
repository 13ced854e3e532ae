"""REST control-plane answers replayed from LocalStack's AWS-validated snapshots
(tests/aws/services/apigateway/test_apigateway_api.snapshot.json): each test names the recording."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

UNCHECKED = Config(parameter_validation=False, retries={"max_attempts": 1})


def refused(call: Any, **params: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return error_of(info)


@pytest.fixture
def api(server: EmulatorProcess) -> tuple[Any, str, str]:
    client = server.client("apigateway", config=UNCHECKED)
    created = client.create_rest_api(name="recorded")
    return client, created["id"], created["rootResourceId"]


def _schema(title: str) -> str:
    return json.dumps({"title": title, "type": "object"})


# LocalStack's AWS-validated snapshot test_apigateway_api.snapshot.json::TestApiGatewayApiMethod::test_put_method_model
def test_a_model_a_method_request_uses_cannot_be_deleted(api: tuple[Any, str, str]) -> None:
    client, api_id, root = api
    for name in ("MySchema", "MySchemaTwo"):
        created = client.create_model(
            restApiId=api_id, name=name, contentType="application/json", description="", schema=_schema(name)
        )
        assert "description" not in created
    client.put_method(
        restApiId=api_id,
        resourceId=root,
        httpMethod="ANY",
        authorizationType="NONE",
        requestModels={"application/json": "MySchema"},
    )

    def in_use(name: str, where: str) -> tuple[str, str, int]:
        return ("ConflictException", f"Cannot delete model '{name}', is referenced in method request: {where}", 409)

    assert refused(client.delete_model, restApiId=api_id, modelName="MySchema") == in_use("MySchema", "//ANY")
    client.update_method(
        restApiId=api_id,
        resourceId=root,
        httpMethod="ANY",
        patchOperations=[{"op": "replace", "path": "/requestModels/application~1json", "value": "MySchemaTwo"}],
    )
    client.delete_model(restApiId=api_id, modelName="MySchema")
    child = client.create_resource(restApiId=api_id, parentId=root, pathPart="test")["id"]
    client.put_method(
        restApiId=api_id,
        resourceId=child,
        httpMethod="ANY",
        authorizationType="NONE",
        requestModels={"application/json": "MySchemaTwo"},
    )
    assert refused(client.delete_model, restApiId=api_id, modelName="MySchemaTwo") == in_use(
        "MySchemaTwo", "/test/ANY"
    )
    client.update_method(
        restApiId=api_id,
        resourceId=child,
        httpMethod="ANY",
        patchOperations=[{"op": "remove", "path": "/requestModels/application~1json", "value": "MySchemaTwo"}],
    )
    assert refused(client.delete_model, restApiId=api_id, modelName="MySchemaTwo") == in_use("MySchemaTwo", "//ANY")
    client.delete_method(restApiId=api_id, resourceId=root, httpMethod="ANY")
    deleted = client.delete_model(restApiId=api_id, modelName="MySchemaTwo")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202


# LocalStack's AWS-validated snapshot test_apigateway_api.snapshot.json::TestApiGatewayApiModels::test_update_model
def test_a_description_patched_empty_is_left_out(api: tuple[Any, str, str]) -> None:
    client, api_id, _ = api
    client.create_model(
        restApiId=api_id, name="MySchema", contentType="application/json", description="d", schema=_schema("MySchema")
    )
    updated = client.update_model(
        restApiId=api_id,
        modelName="MySchema",
        patchOperations=[
            {"op": "replace", "path": "/schema", "value": _schema("Updated schema")},
            {"op": "replace", "path": "/description", "value": ""},
        ],
    )
    assert "description" not in updated
    assert json.loads(updated["schema"]) == {"title": "Updated schema", "type": "object"}
    assert "description" not in client.get_model(restApiId=api_id, modelName="MySchema")


# LocalStack's AWS-validated snapshot test_apigateway_api.snapshot.json::TestApigatewayIntegration::
# test_put_integration_request_parameter_bool_type
def test_method_request_parameters_must_name_a_request_location(api: tuple[Any, str, str]) -> None:
    client, api_id, root = api
    created = client.put_method(
        restApiId=api_id,
        resourceId=root,
        httpMethod="GET",
        authorizationType="NONE",
        requestParameters={"method.request.path.testPath": True},
    )
    assert created["requestParameters"] == {"method.request.path.testPath": True}
    assert refused(
        client.put_method,
        restApiId=api_id,
        resourceId=root,
        httpMethod="POST",
        authorizationType="NONE",
        requestParameters={"method.request.path.testPath": True, True: True},
    ) == (
        "BadRequestException",
        "Invalid mapping expression specified: Validation Result: warnings : [], "
        "errors : [Invalid mapping expression specified: true]",
        400,
    )
    assert refused(
        client.put_integration,
        restApiId=api_id,
        resourceId=root,
        httpMethod="GET",
        type="HTTP_PROXY",
        requestParameters={"integration.request.path.testPath": True},
    ) == ("SerializationException", "class java.lang.Boolean can not be converted to an String", 400)


# LocalStack's AWS-validated snapshot test_apigateway_api.snapshot.json::TestApigatewayTestInvoke::
# test_failed_invoke_test_method (line07 of the recorded log)
def test_invoke_method_of_an_unreachable_endpoint_logs_the_failure(api: tuple[Any, str, str]) -> None:
    client, api_id, root = api
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    client.put_method(**where, authorizationType="NONE")
    client.put_integration(**where, type="HTTP_PROXY", integrationHttpMethod="GET", uri="http://127.0.0.1:1/")
    result = client.test_invoke_method(**where)
    steps = [line.split(" : ", 1)[1] for line in result["log"].splitlines()[1:]]
    assert steps[5:] == [
        "Method request body before transformations: ",
        "Execution failed due to configuration error: Invalid endpoint address",
        "Method completed with status: 500",
    ]
    assert result["status"] == 500
