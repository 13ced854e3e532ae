"""Small REST API (and apigatewayv2) control-plane answers: GetModelTemplate, GetSdkTypes / GetSdkType,
PutRestApi's mode check and the stage NotFound messages, as AWS words them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

CALC_RESULT = {
    "type": "object",
    "properties": {
        "a": {"type": "number"},
        "b": {"type": "number"},
        "op": {"type": "string"},
        "c": {"type": "number"},
    },
}


def error_of(call: Any, **params: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as caught:
        call(**params)
    response = caught.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"], response["Error"]["Message"]


def test_model_template_is_a_sample_of_the_model(server: EmulatorProcess) -> None:
    apigateway = server.client("apigateway")
    api_id = apigateway.create_rest_api(name="calc")["id"]
    apigateway.create_model(restApiId=api_id, name="output", contentType="application/json", schema=json.dumps(CALC_RESULT))
    # AWS's recorded answer for this model (API reference, GetModelTemplate example).
    assert apigateway.get_model_template(restApiId=api_id, modelName="output")["value"] == (
        "#set($inputRoot = $input.path('$'))\n{\n  \"a\" : 3.1415,\n  \"b\" : 3.1415,\n  \"op\" : \"foo\",\n  \"c\" : 3.1415\n}"
    )
    pets = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "owner": {"$ref": f"https://apigateway.amazonaws.com/restapis/{api_id}/models/Owner"},
            },
        },
    }
    owner = {"type": "object", "properties": {"vip": {"type": "boolean"}}}
    apigateway.create_model(restApiId=api_id, name="Owner", contentType="application/json", schema=json.dumps(owner))
    apigateway.create_model(restApiId=api_id, name="Pets", contentType="application/json", schema=json.dumps(pets))
    template = apigateway.get_model_template(restApiId=api_id, modelName="Pets")["value"]
    assert template.startswith("#set($inputRoot = $input.path('$'))\n[\n#foreach($elem in $inputRoot)\n")
    assert '"id" : 42' in template
    assert '"owner" : {' in template and '"vip" : true' in template
    assert template.endswith("#if($foreach.hasNext),#end\n#end\n]")
    assert error_of(apigateway.get_model_template, restApiId=api_id, modelName="Missing") == (
        404,
        "NotFoundException",
        "Invalid model name specified: Missing",
    )


def test_websocket_model_template(server: EmulatorProcess) -> None:
    v2 = server.client("apigatewayv2")
    api_id = v2.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")[
        "ApiId"
    ]
    model_id = v2.create_model(ApiId=api_id, Name="Result", Schema=json.dumps(CALC_RESULT))["ModelId"]
    value = v2.get_model_template(ApiId=api_id, ModelId=model_id)["Value"]
    assert value.startswith("#set($inputRoot = $input.path('$'))\n{\n  \"a\" : 3.1415,")
    assert error_of(v2.get_model_template, ApiId=api_id, ModelId="nope12")[:2] == (404, "NotFoundException")


def test_sdk_types_list_what_get_sdk_accepts(server: EmulatorProcess) -> None:
    apigateway = server.client("apigateway")
    types = apigateway.get_sdk_types()["items"]
    assert {sdk_type["id"] for sdk_type in types} == {"android", "java", "javascript", "objectivec", "ruby", "swift"}
    android = apigateway.get_sdk_type(id="android")
    required = {prop["name"] for prop in android["configurationProperties"] if prop["required"]}
    assert required == {"groupId", "artifactId", "artifactVersion", "invokerPackage"}
    swift = apigateway.get_sdk_type(id="swift")["configurationProperties"]
    assert [(prop["name"], prop["required"]) for prop in swift] == [("classPrefix", True)]
    assert apigateway.get_sdk_type(id="javascript")["configurationProperties"] == []
    assert len(apigateway.get_sdk_types(limit=2)["items"]) == 2
    assert error_of(apigateway.get_sdk_type, id="cobol")[:2] == (404, "NotFoundException")


def test_put_rest_api_with_an_unknown_mode_is_a_bad_request(server: EmulatorProcess) -> None:
    apigateway = server.client("apigateway")
    api_id = apigateway.create_rest_api(name="api")["id"]
    body = json.dumps({"openapi": "3.0.1", "info": {"title": "api", "version": "1"}, "paths": {}})
    assert error_of(apigateway.put_rest_api, restApiId=api_id, mode="unknown", body=body) == (
        400,
        "BadRequestException",
        'Enumeration value of OpenAPI import mode must be "overwrite" or "merge"',
    )
    assert apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=body)["name"] == "api"


def test_stage_not_found_messages(server: EmulatorProcess) -> None:
    apigateway = server.client("apigateway")
    api_id = apigateway.create_rest_api(name="api")["id"]
    missing = (404, "NotFoundException", "Invalid Stage identifier specified")
    assert error_of(apigateway.get_stage, restApiId=api_id, stageName="nope") == missing
    assert error_of(apigateway.delete_stage, restApiId=api_id, stageName="nope") == missing
    assert (
        error_of(
            apigateway.update_stage,
            restApiId=api_id,
            stageName="nope",
            patchOperations=[{"op": "replace", "path": "/description", "value": "x"}],
        )
        == missing
    )
