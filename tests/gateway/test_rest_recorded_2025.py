"""API Gateway answers compared with AWS recordings made in 2025 (LocalStack's AWS-validated
snapshots): each test names the recording it follows."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

#: A step of TestInvokeMethod's execution log: a Java date, then the step.
LOG_STEP = re.compile(r"^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : (.*)$")


@pytest.fixture
def pets(server: EmulatorProcess) -> tuple[Any, str, str]:
    """A REST API with MOCK GET and POST on /pets/{petId} answering the petId parameter."""
    client = server.client("apigateway")
    api = client.create_rest_api(name="aws lambda api")
    api_id = api["id"]
    parent = client.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="pets")
    resource_id = client.create_resource(restApiId=api_id, parentId=parent["id"], pathPart="{petId}")["id"]
    for method in ("GET", "POST"):
        where = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": method}
        client.put_method(
            **where, authorizationType="NONE", requestParameters={"method.request.path.petId": True}
        )
        client.put_method_response(**where, statusCode="200")
        client.put_integration(
            **where,
            type="MOCK",
            integrationHttpMethod=method,
            requestParameters={"integration.request.path.id": "method.request.path.petId"},
            requestTemplates={"application/json": json.dumps({"statusCode": 200})},
        )
        client.put_integration_response(
            **where,
            statusCode="200",
            responseTemplates={"application/json": json.dumps({"petId": "$input.params('petId')"})},
        )
    return client, api_id, resource_id


def log_steps(log: str) -> list[str]:
    """The log's steps without their dates (AWS's first line has none, its last is empty)."""
    first, *steps, last = log.split("\n")
    assert first.startswith("Execution log for request ") and last == ""
    matches = [LOG_STEP.match(line) for line in steps]
    assert all(matches), steps
    return [match.group(1) for match in matches if match]


def test_invoke_method_answers_and_logs_as_aws(pets: tuple[Any, str, str]) -> None:
    """TestApigatewayTestInvoke::test_invoke_test_method, recorded 29-09-2025."""
    client, api_id, resource_id = pets
    result = client.test_invoke_method(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod="POST",
        pathWithQueryString="/pets/123?foo=bar",
        body=json.dumps({"foo": "bar"}),
    )
    assert (result["status"], json.loads(result["body"])) == (200, {"petId": "123"})
    assert result["headers"] == {"Content-Type": "application/json"}
    assert result["multiValueHeaders"] == {"Content-Type": ["application/json"]}
    request_id = result["log"].split("\n", 1)[0].removeprefix("Execution log for request ")
    assert log_steps(result["log"]) == [
        f"Starting execution for request: {request_id}",
        "HTTP Method: POST, Resource Path: /pets/123",
        "Method request path: {petId=123}",
        "Method request query string: {foo=bar}",
        "Method request headers: {}",
        'Method request body before transformations: {"foo": "bar"}',
        'Method response body after transformations: {"petId": "123"}',
        "Method response headers: {Content-Type=application/json}",
        "Successfully completed execution",
        "Method completed with status: 200",
    ]


def test_invoke_method_path_not_matching_or_missing(pets: tuple[Any, str, str]) -> None:
    """TestApigatewayTestInvoke::test_invoke_test_method, recorded 29-09-2025: a path that does not
    match the resource runs it without path parameters; no path runs the resource's own path."""
    client, api_id, resource_id = pets
    where = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": "GET"}
    other = client.test_invoke_method(**where, pathWithQueryString="/random/test")
    assert json.loads(other["body"]) == {"petId": ""}
    assert log_steps(other["log"])[1:3] == [
        "HTTP Method: GET, Resource Path: /random/test",
        "Method request path: {}",
    ]
    own = client.test_invoke_method(**where)
    assert json.loads(own["body"]) == {"petId": "{petId}"}
    assert log_steps(own["log"])[1:3] == [
        "HTTP Method: GET, Resource Path: /pets/{petId}",
        "Method request path: {petId={petId}}",
    ]


@pytest.fixture
def method_response(server: EmulatorProcess) -> tuple[Any, dict[str, str]]:
    """A GET method on an API's root with an empty 200 method response."""
    client = server.client("apigateway")
    api = client.create_rest_api(name="method responses")
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    client.put_method(**where, authorizationType="NONE")
    client.put_method_response(**where, statusCode="200")
    return client, where


def refused(client: Any, where: dict[str, str], op: str, path: str) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as info:
        client.update_method_response(
            **where, statusCode="200", patchOperations=[{"op": op, "path": path, "value": "true"}]
        )
    return error_of(info)


def test_update_method_response_refuses_missing_entries(method_response: tuple[Any, dict[str, str]]) -> None:
    """TestApigatewayMethodResponse::test_update_method_lack_response_parameters_and_models and
    ::test_update_method_wrong_param_names, recorded 01-07-2025."""
    client, where = method_response
    header = "/responseParameters/method.response.header.my-header"
    for op in ("replace", "remove"):
        assert refused(client, where, op, header) == (
            "NotFoundException",
            "Invalid parameter name specified",
            404,
        )
        assert refused(client, where, op, "/responseModels/application~1json") == (
            "NotFoundException",
            "Content-Type specified was not found",
            404,
        )
    assert refused(client, where, "add", "/wrong/method.response.header.my-header") == (
        "BadRequestException",
        "Invalid patch path /wrong/method.response.header.my-header",
        400,
    )
    added = client.update_method_response(
        **where,
        statusCode="200",
        patchOperations=[
            {"op": "add", "path": header, "value": "true"},
            {"op": "add", "path": "/responseModels/application~1json", "value": "Empty"},
        ],
    )
    assert (added["responseParameters"], added["responseModels"]) == (
        {"method.response.header.my-header": True},
        {"application/json": "Empty"},
    )
    # A refused patch leaves the method response as it was.
    with pytest.raises(ClientError):
        client.update_method_response(
            **where,
            statusCode="200",
            patchOperations=[
                {"op": "remove", "path": header},
                {"op": "remove", "path": "/responseModels/application~1xml"},
            ],
        )
    assert client.get_method_response(**where, statusCode="200")["responseParameters"] == {
        "method.response.header.my-header": True
    }
    removed = client.update_method_response(
        **where,
        statusCode="200",
        patchOperations=[
            {"op": "remove", "path": header},
            {"op": "remove", "path": "/responseModels/application~1json"},
        ],
    )
    assert removed == {"statusCode": "200", "ResponseMetadata": removed["ResponseMetadata"]}


def test_failed_invoke_method_answers_the_error_type(server: EmulatorProcess) -> None:
    """TestApigatewayTestInvoke::test_failed_invoke_test_method, recorded 29-09-2025: an unreachable
    endpoint answers 500 with the error type as its only header, and the log stops at the failure."""
    client = server.client("apigateway")
    api = client.create_rest_api(name="failing")
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    client.put_method(**where, authorizationType="NONE")
    client.put_integration(**where, type="HTTP_PROXY", integrationHttpMethod="GET", uri="http://127.0.0.1:1/")
    result = client.test_invoke_method(**where)
    assert (result["status"], json.loads(result["body"])) == (500, {"message": "Internal server error"})
    assert result["headers"] == {"x-amzn-ErrorType": "InternalServerErrorException"}
    assert result["multiValueHeaders"] == {"x-amzn-ErrorType": ["InternalServerErrorException"]}
    steps = log_steps(result["log"])
    assert steps[1:6] == [
        "HTTP Method: GET, Resource Path: /",
        "Method request path: {}",
        "Method request query string: {}",
        "Method request headers: {}",
        "Method request body before transformations: ",
    ]
    assert steps[-1] == "Method completed with status: 500"
    assert "Successfully completed execution" not in steps


DOCUMENTED = {
    "openapi": "3.0.1",
    "info": {"title": "documented", "version": "1"},
    "paths": {"/": {"get": {"responses": {"200": {"description": "ok"}}}}},
    "x-amazon-apigateway-documentation": {
        "version": "2",
        "documentationParts": [
            {"location": {"type": "API"}, "properties": {"description": "the API"}},
            {"location": {"type": "METHOD", "method": "GET"}, "properties": {"description": "a method"}},
            {
                "location": {"type": "RESPONSE", "method": "GET", "statusCode": "200"},
                "properties": {"description": "a response"},
            },
        ],
    },
}


def documented_locations(client: Any, api_id: str) -> list[dict[str, str]]:
    return [part["location"] for part in client.get_documentation_parts(restApiId=api_id)["items"]]


def test_imported_api_keeps_its_documentation_parts(server: EmulatorProcess) -> None:
    """TestApiGatewayApiDocumentationPart::test_import_documentation_parts, recorded 09-02-2026: an
    imported API has the document's parts, and a location without a path targets the root."""
    client = server.client("apigateway")
    body = json.dumps(DOCUMENTED).encode()
    api_id = client.import_rest_api(body=body)["id"]
    expected = [
        {"type": "API"},
        {"type": "METHOD", "path": "/", "method": "GET"},
        {"type": "RESPONSE", "path": "/", "method": "GET", "statusCode": "200"},
    ]
    assert documented_locations(client, api_id) == expected
    imported = client.get_documentation_parts(restApiId=api_id)["items"]
    assert json.loads(imported[1]["properties"]) == {"description": "a method"}
    ids = client.import_documentation_parts(restApiId=api_id, body=body, mode="overwrite")["ids"]
    assert len(ids) == 3 and not set(ids) & {part["id"] for part in imported}
    assert documented_locations(client, api_id) == expected


SWAGGER = {
    "swagger": "2.0",
    "info": {"title": "shop", "version": "1.0"},
    "paths": {
        "/items": {
            "get": {
                "produces": ["application/json"],
                "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Items"}}},
                "security": [{"checker": []}],
                "x-amazon-apigateway-integration": {
                    "type": "mock",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {"default": {"statusCode": "200"}},
                },
            }
        }
    },
    "securityDefinitions": {
        "checker": {
            "type": "apiKey",
            "name": "Authorization",
            "in": "header",
            "x-amazon-apigateway-authtype": "custom",
            "x-amazon-apigateway-authorizer": {
                "type": "token",
                "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                "arn:aws:lambda:us-east-1:000000000000:function:checker/invocations",
            },
        }
    },
    "definitions": {"Items": {"type": "array", "items": {"type": "string"}}},
}


def test_imported_swagger_response_models_and_authorizer_ttl(server: EmulatorProcess) -> None:
    """TestApiGatewayImportRestApi::test_import_swagger_api, recorded 03-07-2025: a response's schema
    reference becomes the method response's model, and an imported authorizer shows no TTL the
    document does not give."""
    client = server.client("apigateway")
    api_id = client.import_rest_api(body=json.dumps(SWAGGER).encode())["id"]
    (authorizer,) = client.get_authorizers(restApiId=api_id)["items"]
    assert "authorizerResultTtlInSeconds" not in authorizer
    resource = next(r for r in client.get_resources(restApiId=api_id)["items"] if r["path"] == "/items")
    where = {"restApiId": api_id, "resourceId": resource["id"], "httpMethod": "GET"}
    response = client.get_method_response(**where, statusCode="200")
    assert response["responseModels"] == {"application/json": "Items"}
    assert client.get_method(**where)["methodResponses"]["200"]["responseModels"] == {
        "application/json": "Items"
    }


def test_imported_path_variables_are_required_parameters(server: EmulatorProcess) -> None:
    """TestApiGatewayImportRestApi::test_import_and_validate_rest_api[swagger-mock-cors.json],
    recorded 02-07-2025: a path variable the document does not declare is still a required
    path parameter of each method under it, and a method without responses has none."""
    client = server.client("apigateway")
    proxy = {
        "x-amazon-apigateway-integration": {
            "type": "aws_proxy",
            "httpMethod": "POST",
            "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
            "arn:aws:lambda:us-east-1:000000000000:function:orders/invocations",
        },
        "responses": {},
    }
    document = {
        "swagger": "2.0",
        "info": {"title": "orders", "version": "1"},
        "paths": {"/orders/{order}/lines/{line+}": {"get": proxy}},
    }
    api_id = client.import_rest_api(body=json.dumps(document).encode())["id"]
    resource = next(r for r in client.get_resources(restApiId=api_id)["items"] if r["path"].endswith("+}"))
    method = client.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod="GET")
    assert method["requestParameters"] == {
        "method.request.path.order": True,
        "method.request.path.line": True,
    }
    assert "methodResponses" not in method


BASE_PATH_DOCUMENT = """
openapi: 3.0.1
info: {title: based, version: '1'}
servers:
  - url: https://{host}/{stage}/v1/
    variables:
      host: {default: example.com}
      stage: {default: live}
paths:
  /items:
    get:
      responses:
        '200': {description: ok}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        requestParameters:
          integration.request.header.kind: "'static'"
          integration.request.header.flag: true
        responses: {default: {statusCode: '200'}}
"""


@pytest.mark.parametrize(
    ("mode", "resource_path"),
    [("prepend", "/live/v1/items"), ("split", "/v1/items"), ("ignore", "/items")],
)
def test_put_rest_api_base_path_of_an_openapi_3_server(
    server: EmulatorProcess, mode: str, resource_path: str
) -> None:
    """TestApiGatewayImportRestApi::test_import_rest_api_with_base_path_oas30[prepend|split], recorded
    02-07-2025: the base path is the first server URL's path (variables at their defaults); a
    non-string integration request parameter is warned about and left out."""
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="based")["id"]
    answer = client.put_rest_api(
        restApiId=api_id, body=BASE_PATH_DOCUMENT.encode(), mode="overwrite", parameters={"basepath": mode}
    )
    assert answer["warnings"] == [
        "Invalid format for 'requestParameters'. Expected type string for property "
        f"'integration.request.header.flag' of resource '{resource_path}' and method 'GET' but got 'true'"
    ]
    resources = {r["path"]: r["id"] for r in client.get_resources(restApiId=api_id)["items"]}
    assert resource_path in resources
    integration = client.get_integration(
        restApiId=api_id, resourceId=resources[resource_path], httpMethod="GET"
    )
    assert integration["requestParameters"] == {"integration.request.header.kind": "'static'"}


@pytest.mark.parametrize(
    ("mode", "media_types"),
    [("merge", ["image/heif", "image/png", "image/jpg"]), ("overwrite", ["image/png", "image/jpg"])],
)
def test_put_rest_api_binary_media_types_and_title(
    server: EmulatorProcess, mode: str, media_types: list[str]
) -> None:
    """TestApiGatewayImportRestApi::test_put_rest_api_mode_binary_media_types[merge|overwrite],
    recorded 02-07-2025: a merge adds the document's binary media types to the API's, an
    overwrite replaces them; either way the document's title names the API."""
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="before", binaryMediaTypes=["image/heif"])["id"]
    document = {
        "openapi": "3.0.1",
        "info": {"title": "after", "version": "1.0.0"},
        "paths": {},
        "x-amazon-apigateway-binary-media-types": ["image/png", "image/jpg"],
    }
    answer = client.put_rest_api(restApiId=api_id, body=json.dumps(document).encode(), mode=mode)
    assert (answer["binaryMediaTypes"], answer["name"], answer["version"]) == (media_types, "after", "1.0.0")
    assert client.get_rest_api(restApiId=api_id)["binaryMediaTypes"] == media_types


def test_models_listed_by_name_and_described_by_their_schema(server: EmulatorProcess) -> None:
    """TestApiGatewayImportRestApi::test_import_swagger_api and ::test_import_with_circular_models,
    recorded 02/03-07-2025: models list by name in code-point order, and an imported schema's
    description describes its model."""
    client = server.client("apigateway")
    document = {
        "swagger": "2.0",
        "info": {"title": "zoo", "version": "1"},
        "paths": {},
        "definitions": {
            "Zebras": {"type": "array", "items": {"$ref": "#/definitions/Zebra"}},
            "ZebraKind": {"type": "string", "description": "which zebra"},
            "Zebra": {"type": "object", "properties": {"kind": {"$ref": "#/definitions/ZebraKind"}}},
            "Ant": {"type": "object"},
        },
    }
    api_id = client.import_rest_api(body=json.dumps(document).encode())["id"]
    models = client.get_models(restApiId=api_id)["items"]
    assert [model["name"] for model in models] == ["Ant", "Zebra", "ZebraKind", "Zebras"]
    assert [model.get("description") for model in models] == [None, None, "which zebra", None]


def test_create_rest_api_refuses_a_compression_size_that_is_not_a_number(server: EmulatorProcess) -> None:
    """TestApiGatewayApiRestApi::test_create_rest_api_with_optional_params, recorded 02-07-2025."""
    client = server.client("apigateway", config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as info:
        client.create_rest_api(name="compressed", minimumCompressionSize="string")
    assert error_of(info) == (
        "BadRequestException",
        "Invalid minimum compression size, must be between 0 and 10485760",
        400,
    )
    assert client.get_rest_apis()["items"] == []


def test_empty_integration_response_template_reads_back_as_null(server: EmulatorProcess) -> None:
    """TestApigatewayIntegration::test_put_integration_response_templates, recorded 12-02-2026."""
    client = server.client("apigateway")
    api = client.create_rest_api(name="templates")
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    client.put_method(**where, authorizationType="NONE")
    client.put_integration(**where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    put = client.put_integration_response(
        **where, statusCode="200", selectionPattern="", responseTemplates={"application/json": ""}
    )
    assert put["responseTemplates"] == {"application/json": None}
    assert client.get_integration_response(**where, statusCode="200")["responseTemplates"] == {
        "application/json": None
    }
    bare = client.put_integration_response(**where, statusCode="200", selectionPattern="")
    assert "responseTemplates" not in bare


def test_integration_response_template_needs_a_content_type(server: EmulatorProcess) -> None:
    """TestApigatewayIntegrationResponse::test_integration_response_invalid_responsetemplates,
    recorded 18-06-2025."""
    client = server.client("apigateway")
    api = client.create_rest_api(name="templates")
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    client.put_method(**where, authorizationType="NONE")
    client.put_integration(**where, type="MOCK")
    with pytest.raises(ClientError) as info:
        client.put_integration_response(**where, statusCode="200", responseTemplates={"123": "{}"})
    assert error_of(info) == (
        "BadRequestException",
        "Validation Result: warnings : [], errors : [Invalid content type specified: 123]",
        400,
    )
    assert "integrationResponses" not in client.get_integration(**where)
