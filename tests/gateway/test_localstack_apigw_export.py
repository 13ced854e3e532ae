"""GetExport replayed from LocalStack's AWS-validated snapshots
(tests/aws/services/apigateway/test_apigateway_extended.snapshot.json): an imported Swagger 2 API
exported again as Swagger 2 and as OpenAPI 3 carries its models, media types, body, response
schemas and headers, with the integration extension in the lower case an import reads."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulator.testing import EmulatorProcess

_CORS = {"Access-Control-Allow-Origin": {"type": "string", "description": "URI that may access the resource"}}
_HTTP = {
    "type": "http",
    "httpMethod": "GET",
    "uri": "http://petstore.example.com/petstore/pets",
    "passthroughBehavior": "when_no_match",
    "requestParameters": {"integration.request.querystring.page": "method.request.querystring.page"},
    "responses": {"default": {"statusCode": "200"}},
}
#: An abridged form of the Pet Store sample (LocalStack's petstore-swagger.json).
PETSTORE = {
    "swagger": "2.0",
    "info": {"description": "Your first API", "title": "PetStore"},
    "schemes": ["https"],
    "paths": {
        "/": {
            "get": {
                "tags": ["pets"],
                "description": "PetStore HTML web page",
                "consumes": ["application/json"],
                "produces": ["text/html"],
                "responses": {
                    "200": {
                        "description": "Successful operation",
                        "headers": {"Content-Type": {"type": "string", "description": "Media type"}},
                    }
                },
                "x-amazon-apigateway-integration": {
                    "type": "mock",
                    "passthroughBehavior": "when_no_match",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {
                        "default": {
                            "statusCode": "200",
                            "responseParameters": {"method.response.header.Content-Type": "'text/html'"},
                            "responseTemplates": {"text/html": "<html/>"},
                        }
                    },
                },
            }
        },
        "/pets": {
            "get": {
                "summary": "List all pets",
                "produces": ["application/json"],
                "parameters": [
                    {
                        "name": "page",
                        "in": "query",
                        "description": "Page",
                        "required": False,
                        "type": "string",
                    }
                ],
                "responses": {
                    "200": {
                        "description": "Successful operation",
                        "schema": {"$ref": "#/definitions/Pets"},
                        "headers": _CORS,
                    }
                },
                "x-amazon-apigateway-integration": _HTTP,
            },
            "post": {
                "operationId": "CreatePet",
                "consumes": ["application/json"],
                "produces": ["application/json"],
                "parameters": [
                    {
                        "in": "body",
                        "name": "NewPet",
                        "required": True,
                        "schema": {"$ref": "#/definitions/NewPet"},
                    }
                ],
                "responses": {
                    "200": {"description": "Successful operation", "schema": {"$ref": "#/definitions/Pet"}}
                },
                "x-amazon-apigateway-integration": {**_HTTP, "httpMethod": "POST", "requestParameters": {}},
            },
        },
    },
    "definitions": {
        "Pets": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
        "Unused": {"type": "object"},
        "Pet": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "NewPet": {"type": "object", "properties": {"type": {"$ref": "#/definitions/PetType"}}},
        "PetType": {"type": "string", "enum": ["dog", "cat"]},
    },
}


@pytest.fixture
def exported(server: EmulatorProcess) -> Any:
    client = server.client("apigateway")
    api_id = client.import_rest_api(body=json.dumps(PETSTORE))["id"]
    client.create_deployment(restApiId=api_id, stageName="local")

    def export(export_type: str, extensions: bool = False) -> tuple[dict[str, Any], str]:
        answer = client.get_export(
            restApiId=api_id,
            stageName="local",
            exportType=export_type,
            parameters={"extensions": "apigateway"} if extensions else {},
        )
        return json.loads(answer["body"].read()), answer["contentDisposition"]

    return export


# LocalStack's AWS-validated snapshot test_apigateway_extended.snapshot.json::
# test_export_swagger_openapi[TEST_IMPORT_PETSTORE_SWAGGER]
def test_a_swagger_export_carries_models_media_types_body_and_response_shapes(exported: Any) -> None:
    document, disposition = exported("swagger")
    version = document["info"]["version"]
    assert document["info"] == {"description": "Your first API", "version": version, "title": "PetStore"}
    assert disposition == f'attachment; filename="swagger_{version}.json"'
    root = document["paths"]["/"]["get"]
    assert root == {
        "consumes": ["application/json"],
        "produces": ["text/html"],
        "responses": {
            "200": {"description": "200 response", "headers": {"Content-Type": {"type": "string"}}}
        },
    }
    pets = document["paths"]["/pets"]
    assert pets["get"] == {
        "produces": ["application/json"],
        "parameters": [{"name": "page", "in": "query", "required": False, "type": "string"}],
        "responses": {
            "200": {
                "description": "200 response",
                "schema": {"$ref": "#/definitions/Pets"},
                "headers": {"Access-Control-Allow-Origin": {"type": "string"}},
            }
        },
    }
    assert pets["post"]["parameters"] == [
        {"in": "body", "name": "NewPet", "required": True, "schema": {"$ref": "#/definitions/NewPet"}}
    ]
    # The models the methods name and those they refer to, never an unused one.
    assert document["definitions"] == {
        "Pets": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
        "Pet": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "NewPet": {"type": "object", "properties": {"type": {"$ref": "#/definitions/PetType"}}},
        "PetType": {"type": "string", "enum": ["dog", "cat"]},
    }


# LocalStack's AWS-validated snapshot test_apigateway_extended.snapshot.json::
# test_export_oas30_openapi[TEST_IMPORT_PETSTORE_SWAGGER]
def test_an_openapi_export_carries_request_bodies_contents_and_lower_case_extensions(exported: Any) -> None:
    document, disposition = exported("oas30", extensions=True)
    assert list(document["info"]) == ["title", "description", "version"]
    assert disposition == f'attachment; filename="oas30_{document["info"]["version"]}.json"'
    root = document["paths"]["/"]["get"]
    assert root["responses"] == {
        "200": {
            "description": "200 response",
            "headers": {"Content-Type": {"schema": {"type": "string"}}},
            "content": {},
        }
    }
    assert root["x-amazon-apigateway-integration"] == {
        "type": "mock",
        "responses": {
            "default": {
                "statusCode": "200",
                "responseParameters": {"method.response.header.Content-Type": "'text/html'"},
                "responseTemplates": {"text/html": "<html/>"},
            }
        },
        "requestTemplates": {"application/json": '{"statusCode": 200}'},
        "passthroughBehavior": "when_no_match",
    }
    listing = document["paths"]["/pets"]["get"]
    # OpenAPI 3 leaves an optional parameter's "required" out.
    assert listing["parameters"] == [{"name": "page", "in": "query", "schema": {"type": "string"}}]
    assert listing["responses"]["200"]["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/Pets"}}
    }
    assert document["paths"]["/pets"]["post"]["requestBody"] == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}},
        "required": True,
    }
    assert list(document["components"]["schemas"]) == ["Pets", "Pet", "NewPet", "PetType"]


# LocalStack's AWS-validated snapshot test_apigateway_extended.snapshot.json::
# test_export_swagger_openapi[TEST_IMPORT_PETS] and test_export_oas30_openapi[TEST_IMPORT_PETS]
def test_an_export_is_named_by_the_api_version_and_writes_empty_contents(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    spec = {
        "swagger": "2.0",
        "info": {"version": "1.0.0", "title": "Simple PetStore (Swagger)"},
        "paths": {
            "/pets": {
                "get": {
                    "responses": {"200": {"description": "A list of pets"}},
                    "x-amazon-apigateway-integration": {**_HTTP, "requestParameters": {}},
                }
            }
        },
    }
    api_id = client.import_rest_api(body=json.dumps(spec))["id"]
    client.create_deployment(restApiId=api_id, stageName="local")
    answer = client.get_export(restApiId=api_id, stageName="local", exportType="swagger")
    assert answer["contentDisposition"] == 'attachment; filename="swagger_1.0.0.json"'
    document = json.loads(answer["body"].read())
    assert document["info"] == {"version": "1.0.0", "title": "Simple PetStore (Swagger)"}
    assert document["paths"]["/pets"]["get"] == {"responses": {"200": {"description": "200 response"}}}
    assert "definitions" not in document
    answer = client.get_export(restApiId=api_id, stageName="local", exportType="oas30")
    assert answer["contentDisposition"] == 'attachment; filename="oas30_1.0.0.json"'
    document = json.loads(answer["body"].read())
    # A method response without models has an empty content; components is written even when empty.
    assert document["paths"]["/pets"]["get"]["responses"] == {
        "200": {"description": "200 response", "content": {}}
    }
    assert document["components"] == {}
