"""OpenAPI imports that warn: failOnWarnings refuses them and changes nothing, otherwise they go ahead.

Documents as Terraform's acceptance tests (run against AWS) send them; the v2 wording is moto's
test_reimport_api_failonwarnings, taken from those tests.
"""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

REST_DOCUMENT = json.dumps(
    {
        "openapi": "3.0.0",
        "info": {"title": "Sample API", "description": "original", "version": "0.1.9"},
        "servers": [{"url": "http://api.example.com/v1"}],
        "components": {"invalid_key_will_warn": "a_value"},
        "paths": {
            "/users": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "A JSON array of user names",
                            "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}},
                        }
                    }
                }
            }
        },
    }
)
REST_WARNING = "Parse issue: attribute components.invalid_key_will_warn is unexpected"
MISSING = "#/components/schemas/ModelThatDoesNotExist"
HTTP_DOCUMENT = json.dumps(
    {
        "openapi": "3.0.1",
        "info": {"title": "Title test", "version": "2.0", "description": "Description test"},
        "paths": {
            "/update": {
                "get": {
                    "x-amazon-apigateway-integration": {
                        "type": "HTTP_PROXY",
                        "httpMethod": "GET",
                        "payloadFormatVersion": "1.0",
                        "uri": "https://www.example.com",
                    },
                    "responses": {
                        "200": {
                            "description": "Response description",
                            "content": {"application/json": {"schema": {"$ref": MISSING}}},
                        }
                    },
                }
            }
        },
    }
)
HTTP_WARNING = f"Parse issue: attribute paths.'/update'(get).responses.200.content.schema.{MISSING} is missing"


def test_rest_import_with_warnings(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    with pytest.raises(ClientError) as info:
        client.import_rest_api(body=REST_DOCUMENT, failOnWarnings=True)
    assert error_of(info) == ("BadRequestException", f"Warnings found during import:\n\t{REST_WARNING}", 400)
    assert client.get_rest_apis()["items"] == []

    imported = client.import_rest_api(body=REST_DOCUMENT)
    assert imported["warnings"] == [REST_WARNING]
    assert sorted(r["path"] for r in client.get_resources(restApiId=imported["id"])["items"]) == ["/", "/users"]


def test_rest_put_with_warnings_changes_nothing(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api = client.create_rest_api(name="kept")
    with pytest.raises(ClientError) as info:
        client.put_rest_api(restApiId=api["id"], mode="overwrite", body=REST_DOCUMENT, failOnWarnings=True)
    assert error_of(info)[:2] == ("BadRequestException", f"Warnings found during import:\n\t{REST_WARNING}")
    assert client.get_rest_api(restApiId=api["id"])["name"] == "kept"
    assert [r["path"] for r in client.get_resources(restApiId=api["id"])["items"]] == ["/"]


def test_http_reimport_with_warnings(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="test-import-api", ProtocolType="HTTP")["ApiId"]
    with pytest.raises(ClientError) as info:
        client.reimport_api(ApiId=api_id, Body=HTTP_DOCUMENT, FailOnWarnings=True)
    assert error_of(info) == ("BadRequestException", f"Warnings found during import:\n\t{HTTP_WARNING}", 400)
    assert client.get_api(ApiId=api_id)["Name"] == "test-import-api"
    assert client.get_routes(ApiId=api_id)["Items"] == []

    reimported = client.reimport_api(ApiId=api_id, Body=HTTP_DOCUMENT, FailOnWarnings=False)
    assert reimported["Warnings"] == [HTTP_WARNING]
    assert client.get_api(ApiId=api_id)["Name"] == "Title test"
    assert [r["RouteKey"] for r in client.get_routes(ApiId=api_id)["Items"]] == ["GET /update"]


def test_http_import_with_warnings_creates_nothing(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    with pytest.raises(ClientError) as info:
        client.import_api(Body=HTTP_DOCUMENT, FailOnWarnings=True)
    assert error_of(info)[:2] == ("BadRequestException", f"Warnings found during import:\n\t{HTTP_WARNING}")
    assert client.get_apis()["Items"] == []
    assert client.import_api(Body=HTTP_DOCUMENT)["Warnings"] == [HTTP_WARNING]
