"""ImportApi / ReimportApi from OpenAPI 3: every route of the document answers through its integration."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from botocore.exceptions import ClientError
from test_http_support import call, create_function, lambda_uri

from emulator.testing import EmulatorProcess


def document(function_arn: str, extra_paths: dict[str, Any] | None = None) -> dict[str, Any]:
    lambda_v2 = {
        "type": "aws_proxy",
        "httpMethod": "POST",
        "uri": lambda_uri(function_arn),
        "payloadFormatVersion": "2.0",
    }
    lambda_v1 = {**lambda_v2, "payloadFormatVersion": "1.0"}
    paths: dict[str, Any] = {
        "/pets": {
            "get": {"operationId": "listPets", "x-amazon-apigateway-integration": lambda_v2},
            "post": {"x-amazon-apigateway-integration": lambda_v2},
        },
        "/pets/{petId}": {"get": {"x-amazon-apigateway-integration": lambda_v2}},
        "/legacy": {"put": {"x-amazon-apigateway-integration": lambda_v1}},
        "/files/{proxy+}": {"x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": lambda_v2}},
        "$default": {"x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": lambda_v2}},
    }
    paths.update(extra_paths or {})
    return {
        "openapi": "3.0.1",
        "info": {"title": "pet-store", "version": "2024-01-01", "description": "imported"},
        "paths": paths,
        "x-amazon-apigateway-cors": {"allowOrigins": ["*"], "allowMethods": ["GET"]},
    }


def test_import_api_creates_routes_integrations_and_answers_every_route(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    function_arn = create_function(server, "echo")
    imported = client.import_api(Body=json.dumps(document(function_arn)))
    api_id = imported["ApiId"]
    assert imported["Name"] == "pet-store"
    assert imported["Version"] == "2024-01-01"
    assert imported["ProtocolType"] == "HTTP"
    assert imported["CorsConfiguration"] == {"AllowOrigins": ["*"], "AllowMethods": ["GET"]}
    routes = {route["RouteKey"]: route for route in client.get_routes(ApiId=api_id)["Items"]}
    assert set(routes) == {
        "GET /pets",
        "POST /pets",
        "GET /pets/{petId}",
        "PUT /legacy",
        "ANY /files/{proxy+}",
        "$default",
    }
    assert routes["GET /pets"]["OperationName"] == "listPets"
    integrations = client.get_integrations(ApiId=api_id)["Items"]
    assert sorted(i["PayloadFormatVersion"] for i in integrations) == ["1.0", "2.0"]
    assert all(i["IntegrationType"] == "AWS_PROXY" for i in integrations)
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    calls = {
        ("GET", "/pets"): "GET /pets",
        ("POST", "/pets"): "POST /pets",
        ("GET", "/pets/7"): "GET /pets/{petId}",
        ("DELETE", "/files/a/b"): "ANY /files/{proxy+}",
        ("PATCH", "/elsewhere"): "$default",
    }
    for (method, path), route_key in calls.items():
        response = call(server, api_id, method, path)
        assert response.status_code == 200, (method, path, response.text)
        assert response.json()["routeKey"] == route_key
    legacy = call(server, api_id, "PUT", "/legacy").json()
    assert legacy["version"] == "1.0" and legacy["resource"] == "/legacy"


def test_import_api_reads_yaml_and_authorizers(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    function_arn = create_function(server, "echo")
    spec = document(
        function_arn,
        {
            "/secure": {
                "get": {
                    "security": [{"jwt": ["read"]}],
                    "x-amazon-apigateway-integration": {
                        "type": "aws_proxy",
                        "uri": function_arn,
                        "payloadFormatVersion": "2.0",
                    },
                }
            }
        },
    )
    spec["components"] = {
        "securitySchemes": {
            "jwt": {
                "type": "oauth2",
                "x-amazon-apigateway-authorizer": {
                    "type": "jwt",
                    "identitySource": "$request.header.Authorization",
                    "jwtConfiguration": {"issuer": "https://issuer.example", "audience": ["app"]},
                },
            }
        }
    }
    api_id = client.import_api(Body=yaml.safe_dump(spec))["ApiId"]
    [authorizer] = client.get_authorizers(ApiId=api_id)["Items"]
    assert authorizer["AuthorizerType"] == "JWT"
    assert authorizer["JwtConfiguration"] == {"Issuer": "https://issuer.example", "Audience": ["app"]}
    secure = next(r for r in client.get_routes(ApiId=api_id)["Items"] if r["RouteKey"] == "GET /secure")
    assert secure["AuthorizationType"] == "JWT"
    assert secure["AuthorizerId"] == authorizer["AuthorizerId"]
    assert secure["AuthorizationScopes"] == ["read"]
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    assert call(server, api_id, "GET", "/secure").status_code == 401


def test_reimport_replaces_the_routes(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    function_arn = create_function(server, "echo")
    api_id = client.import_api(Body=json.dumps(document(function_arn)))["ApiId"]
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    smaller = {
        "openapi": "3.0.1",
        "info": {"title": "pet-store-v2", "version": "2"},
        "paths": {
            "/only": {
                "get": {
                    "x-amazon-apigateway-integration": {
                        "type": "aws_proxy",
                        "uri": function_arn,
                        "payloadFormatVersion": "2.0",
                    }
                }
            }
        },
    }
    reimported = client.reimport_api(ApiId=api_id, Body=json.dumps(smaller))
    assert reimported["ApiId"] == api_id and reimported["Name"] == "pet-store-v2"
    assert [r["RouteKey"] for r in client.get_routes(ApiId=api_id)["Items"]] == ["GET /only"]
    assert call(server, api_id, "GET", "/only").json()["routeKey"] == "GET /only"
    assert call(server, api_id, "GET", "/pets").status_code == 404


def test_import_rejects_documents_that_are_not_openapi_3(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    for body in ("not a document: [", json.dumps({"swagger": "2.0", "paths": {}})):
        with pytest.raises(ClientError) as excinfo:
            client.import_api(Body=body)
        assert excinfo.value.response["Error"]["Code"] == "BadRequestException"


def test_export_api_round_trips_through_import(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    function_arn = create_function(server, "echo")
    api_id = client.import_api(Body=json.dumps(document(function_arn)))["ApiId"]
    exported = json.loads(
        client.export_api(ApiId=api_id, Specification="OAS30", OutputType="JSON")["body"].read()
    )
    assert exported["openapi"].startswith("3.0")
    assert exported["info"]["title"] == "pet-store"
    assert set(exported["paths"]) == {"/pets", "/pets/{petId}", "/legacy", "/files/{proxy+}", "$default"}
    assert (
        exported["paths"]["/pets"]["get"]["x-amazon-apigateway-integration"]["payloadFormatVersion"] == "2.0"
    )
    as_yaml = client.export_api(ApiId=api_id, Specification="OAS30", OutputType="YAML")["body"].read()
    copy_id = client.import_api(Body=as_yaml.decode())["ApiId"]
    route_keys = {r["RouteKey"] for r in client.get_routes(ApiId=copy_id)["Items"]}
    assert route_keys == {r["RouteKey"] for r in client.get_routes(ApiId=api_id)["Items"]}
