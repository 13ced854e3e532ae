"""REST control-plane checks on create and patch: AWS's BadRequest wording for APIs, resources, methods,
models and request validators."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigateway")


def _bad_request(call: Any, **params: Any) -> str:
    with pytest.raises(ClientError) as info:
        call(**params)
    assert info.value.response["Error"]["Code"] == "BadRequestException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return info.value.response["Error"]["Message"]


def test_create_rest_api_rejects_empty_description_and_bad_compression(apigw: Any) -> None:
    assert _bad_request(apigw.create_rest_api, name="a", description="") == "Description cannot be an empty string"
    for size in (-1, 10485761):
        assert (
            _bad_request(apigw.create_rest_api, name="a", minimumCompressionSize=size)
            == "Invalid minimum compression size, must be between 0 and 10485760"
        )
    assert apigw.create_rest_api(name="a", minimumCompressionSize=0)["minimumCompressionSize"] == 0


def test_update_rest_api_compression_and_binary_media_types(apigw: Any) -> None:
    api_id = apigw.create_rest_api(name="a", binaryMediaTypes=["a/b", "c/d"], minimumCompressionSize=10)["id"]
    updated = apigw.update_rest_api(
        restApiId=api_id,
        patchOperations=[{"op": "replace", "path": "/binaryMediaTypes/a~1b", "value": "e/f"}],
    )
    assert updated["binaryMediaTypes"] == ["c/d", "e/f"]
    message = _bad_request(
        apigw.update_rest_api,
        restApiId=api_id,
        patchOperations=[{"op": "add", "path": "/binaryMediaTypes", "value": "x/y"}],
    )
    assert message == "Invalid patch path /binaryMediaTypes"
    message = _bad_request(
        apigw.update_rest_api,
        restApiId=api_id,
        patchOperations=[{"op": "replace", "path": "/minimumCompressionSize", "value": "-5"}],
    )
    assert message == "Invalid minimum compression size, must be between 0 and 10485760"
    updated = apigw.update_rest_api(
        restApiId=api_id, patchOperations=[{"op": "replace", "path": "/minimumCompressionSize", "value": ""}]
    )
    assert "minimumCompressionSize" not in updated


def test_resources_under_greedy_paths_and_reparenting(apigw: Any) -> None:
    api = apigw.create_rest_api(name="r")
    root = api["rootResourceId"]
    greedy = apigw.create_resource(restApiId=api["id"], parentId=root, pathPart="{proxy+}")
    message = _bad_request(apigw.create_resource, restApiId=api["id"], parentId=greedy["id"], pathPart="x")
    assert message == "Cannot create a child of a resource with a greedy path variable: {proxy+}"
    a = apigw.create_resource(restApiId=api["id"], parentId=root, pathPart="a")
    b = apigw.create_resource(restApiId=api["id"], parentId=root, pathPart="b")
    child = apigw.create_resource(restApiId=api["id"], parentId=b["id"], pathPart="c")
    moved = apigw.update_resource(
        restApiId=api["id"],
        resourceId=b["id"],
        patchOperations=[{"op": "replace", "path": "/parentId", "value": a["id"]}],
    )
    assert moved["parentId"] == a["id"] and moved["path"] == "/a/b"
    assert apigw.get_resource(restApiId=api["id"], resourceId=child["id"])["path"] == "/a/b/c"
    message = _bad_request(
        apigw.update_resource,
        restApiId=api["id"],
        resourceId=a["id"],
        patchOperations=[{"op": "replace", "path": "/parentId", "value": child["id"]}],
    )
    assert message == "Resources cannot be cyclical."
    message = _bad_request(
        apigw.update_resource,
        restApiId=api["id"],
        resourceId=a["id"],
        patchOperations=[{"op": "replace", "path": "/name", "value": "x"}],
    )
    assert message == "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/parentId, /pathPart]"
    message = _bad_request(
        apigw.update_resource,
        restApiId=api["id"],
        resourceId=a["id"],
        patchOperations=[{"op": "add", "path": "/pathPart", "value": "x"}],
    )
    assert message == "Invalid patch path  '/pathPart' specified for op 'add'. Please choose supported operations"


def test_put_method_checks_validators_models_and_parameter_names(apigw: Any) -> None:
    api = apigw.create_rest_api(name="m")
    method = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    message = _bad_request(apigw.put_method, **method, authorizationType="NONE", requestValidatorId="nope")
    assert message == "Invalid Request Validator identifier specified"
    message = _bad_request(
        apigw.put_method, **method, authorizationType="NONE", requestModels={"application/json": "Nope"}
    )
    assert message == "Invalid model identifier specified: Nope"
    message = _bad_request(
        apigw.put_method,
        **method,
        authorizationType="NONE",
        requestParameters={"method.request.header.id": True, "method.request.querystring.id": False},
    )
    assert message == "Parameter names must be unique across querystring, header and path"
    created = apigw.put_method(**method, authorizationType="NONE", requestModels={"application/json": "Empty"})
    assert created["requestModels"] == {"application/json": "Empty"}


def test_update_method_checks_paths_and_references(apigw: Any) -> None:
    api = apigw.create_rest_api(name="m")
    method = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    apigw.put_method(**method, authorizationType="NONE")
    message = _bad_request(
        apigw.update_method, **method, patchOperations=[{"op": "replace", "path": "/nope", "value": "x"}]
    )
    assert message == "Invalid patch path /nope"
    message = _bad_request(
        apigw.update_method,
        **method,
        patchOperations=[{"op": "replace", "path": "/requestValidatorId", "value": "nope"}],
    )
    assert message == "Invalid Request Validator identifier specified"
    message = _bad_request(
        apigw.update_method,
        **method,
        patchOperations=[{"op": "add", "path": "/requestModels/application~1json", "value": "Nope"}],
    )
    assert message == "Invalid model identifier specified: Nope"
    message = _bad_request(
        apigw.update_method,
        **method,
        patchOperations=[{"op": "replace", "path": "/authorizationType", "value": "CUSTOM"}],
    )
    assert message.startswith("Invalid authorizer ID specified.")
    assert apigw.get_method(**method)["authorizationType"] == "NONE"
    validator = apigw.create_request_validator(restApiId=api["id"], name="v")["id"]
    updated = apigw.update_method(
        **method, patchOperations=[{"op": "replace", "path": "/requestValidatorId", "value": validator}]
    )
    assert updated["requestValidatorId"] == validator


def test_models_and_validators_take_only_replace(apigw: Any) -> None:
    api_id = apigw.create_rest_api(name="v")["id"]
    message = _bad_request(apigw.create_model, restApiId=api_id, name="M", contentType="application/json")
    assert message == "Model schema must have at least 1 property or array items defined"
    message = _bad_request(
        apigw.update_model,
        restApiId=api_id,
        modelName="Empty",
        patchOperations=[{"op": "add", "path": "/description", "value": "x"}],
    )
    assert message == "Invalid patch path  '/description' specified for op 'add'. Please choose supported operations"
    message = _bad_request(
        apigw.update_model,
        restApiId=api_id,
        modelName="Empty",
        patchOperations=[{"op": "replace", "path": "/name", "value": "x"}],
    )
    assert message == "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]"
    validator = apigw.create_request_validator(restApiId=api_id, name="v")["id"]
    message = _bad_request(
        apigw.update_request_validator,
        restApiId=api_id,
        requestValidatorId=validator,
        patchOperations=[{"op": "replace", "path": "/nope", "value": "x"}],
    )
    assert message == (
        "Invalid patch path  '/nope' specified for op 'replace'. "
        "Must be one of: [/name, /validateRequestParameters, /validateRequestBody]"
    )
    message = _bad_request(
        apigw.update_request_validator,
        restApiId=api_id,
        requestValidatorId=validator,
        patchOperations=[{"op": "replace", "path": "/name", "value": ""}],
    )
    assert message == "Request Validator name cannot be blank"


def test_update_rest_api_endpoint_configuration(apigw: Any) -> None:
    api_id = apigw.create_rest_api(name="e")["id"]
    updated = apigw.update_rest_api(
        restApiId=api_id,
        patchOperations=[{"op": "replace", "path": "/endpointConfiguration/types/EDGE", "value": "REGIONAL"}],
    )
    assert updated["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert apigw.get_rest_api(restApiId=api_id)["endpointConfiguration"]["types"] == ["REGIONAL"]
