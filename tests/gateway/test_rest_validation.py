"""Models, request validators (parameters and JSON-schema bodies) and stage variables in integration URIs."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from test_rest_support import RestApiBuilder, call, create_function, lambda_uri

from emulator.testing import EmulatorProcess

PET_SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "required": ["name", "age"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "age": {"type": "integer", "minimum": 0},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": False,
}


def test_new_api_has_default_models_and_models_crud(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="m")["id"]
    models = {m["name"]: m for m in client.get_models(restApiId=api_id)["items"]}
    assert sorted(models) == ["Empty", "Error"]
    assert models["Empty"]["contentType"] == "application/json"
    assert json.loads(models["Error"]["schema"])["properties"] == {"message": {"type": "string"}}
    created = client.create_model(
        restApiId=api_id, name="Pet", schema=json.dumps(PET_SCHEMA), contentType="application/json"
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert client.get_model(restApiId=api_id, modelName="Pet")["id"] == created["id"]
    with pytest.raises(ClientError) as info:
        client.create_model(restApiId=api_id, name="Pet", schema="{}", contentType="application/json")
    assert info.value.response["Error"]["Code"] == "ConflictException"
    client.delete_model(restApiId=api_id, modelName="Pet")
    with pytest.raises(ClientError) as info:
        client.get_model(restApiId=api_id, modelName="Pet")
    assert info.value.response["Error"] == {
        "Code": "NotFoundException",
        "Message": "Invalid model name specified: Pet",
    }


def test_request_validator_checks_parameters_and_body(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    client = builder.client
    client.create_model(
        restApiId=builder.api_id, name="Pet", schema=json.dumps(PET_SCHEMA), contentType="application/json"
    )
    validator = client.create_request_validator(
        restApiId=builder.api_id, name="all", validateRequestBody=True, validateRequestParameters=True
    )
    assert validator["validateRequestBody"] is True and validator["validateRequestParameters"] is True
    builder.mock_method(
        "/pets",
        "POST",
        '{"ok": true}',
        requestValidatorId=validator["id"],
        requestParameters={"method.request.querystring.owner": True, "method.request.header.x-trace": True},
        requestModels={"application/json": "Pet"},
    )
    builder.deploy("dev")
    good = {"name": "rex", "age": 3, "tags": ["dog"]}
    ok = call(server, builder.api_id, "POST", "/dev/pets?owner=me", headers={"x-trace": "1"}, json=good)
    assert ok.status_code == 200
    missing = call(server, builder.api_id, "POST", "/dev/pets", json=good)
    assert missing.status_code == 400
    # Named in the order of their keys: header before query string.
    assert missing.json() == {"message": "Missing required request parameters: [x-trace, owner]"}
    assert missing.headers["x-amzn-errortype"] == "BadRequestException"
    for bad in (
        {"name": "rex"},
        {"name": "rex", "age": -1},
        {"name": "rex", "age": 1, "extra": True},
        {"name": 1, "age": 1},
    ):
        response = call(
            server, builder.api_id, "POST", "/dev/pets?owner=me", headers={"x-trace": "1"}, json=bad
        )
        assert response.status_code == 400
        assert response.json() == {"message": "Invalid request body"}


def test_stage_variables_choose_the_function(server: EmulatorProcess) -> None:
    blue = create_function(
        server, "blue", 'def handler(event, context):\n    return {"statusCode": 200, "body": "blue"}\n'
    )
    create_function(
        server, "green", 'def handler(event, context):\n    return {"statusCode": 200, "body": "green"}\n'
    )
    builder = RestApiBuilder(server)
    template_arn = blue.replace("function:blue", "function:${stageVariables.fn}")
    builder.method(
        "/", "GET", {"type": "AWS_PROXY", "integrationHttpMethod": "POST", "uri": lambda_uri(template_arn)}
    )
    builder.deploy("one", variables={"fn": "blue"})
    builder.deploy("two", variables={"fn": "green"})
    assert call(server, builder.api_id, "GET", "/one/").text == "blue"
    assert call(server, builder.api_id, "GET", "/two/").text == "green"


def test_gateway_responses_customize_the_gateways_own_errors(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    client = builder.client
    default = client.get_gateway_response(
        restApiId=builder.api_id, responseType="MISSING_AUTHENTICATION_TOKEN"
    )
    assert default["defaultResponse"] is True and default["statusCode"] == "403"
    assert default["responseTemplates"] == {"application/json": '{"message":$context.error.messageString}'}
    assert len(client.get_gateway_responses(restApiId=builder.api_id)["items"]) == 21
    put = client.put_gateway_response(
        restApiId=builder.api_id,
        responseType="DEFAULT_4XX",
        responseParameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
        responseTemplates={
            "application/json": '{"error": $context.error.messageString, "type": "$context.error.responseType"}'
        },
    )
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 201 and put["defaultResponse"] is False
    client.put_gateway_response(
        restApiId=builder.api_id, responseType="MISSING_AUTHENTICATION_TOKEN", statusCode="404"
    )
    builder.deploy("dev")
    missing = call(server, builder.api_id, "GET", "/dev/nowhere")
    assert missing.status_code == 404
    assert missing.json() == {"message": "Missing Authentication Token"}
    builder.mock_method("/keyed", "GET", "{}", apiKeyRequired=True)
    builder.deploy("dev")
    forbidden = call(server, builder.api_id, "GET", "/dev/keyed")
    assert forbidden.status_code == 403
    assert forbidden.headers["access-control-allow-origin"] == "*"
    assert forbidden.json() == {"error": "Forbidden", "type": "INVALID_API_KEY"}
