"""API Gateway REST APIs through the real AWS CLI (v1): build one resource by resource or import an
OpenAPI file, deploy it, then call the stage URL the way curl would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from aws_cli import AwsCli, create_api_function

from emulator.testing import EmulatorProcess

HANDLER = """
import json


def handler(event, context):
    body = {"resource": event["resource"], "path": event["path"], "query": event["queryStringParameters"]}
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
"""

FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:hello"
INVOCATION_URI = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FUNCTION_ARN}/invocations"


@pytest.fixture
def cli(server: EmulatorProcess, tmp_path: Path) -> AwsCli:
    return AwsCli(server, tmp_path)


@pytest.fixture
def function(server: EmulatorProcess) -> None:
    create_api_function(server, "hello", HANDLER)


def stage_url(server: EmulatorProcess, api_id: str, stage: str, path: str) -> str:
    return f"{server.url}/_aws/execute-api/{api_id}/{stage}{path}"


def test_build_a_lambda_proxy_api_resource_by_resource_and_call_it(
    cli: AwsCli, server: EmulatorProcess, function: None
) -> None:
    api = cli.json("apigateway", "create-rest-api", "--name", "hello-api", "--endpoint-configuration", "types=REGIONAL")
    assert api["name"] == "hello-api"
    assert api["endpointConfiguration"] == {"types": ["REGIONAL"], "ipAddressType": "ipv4"}
    resources = cli.json("apigateway", "get-resources", "--rest-api-id", api["id"])
    assert resources == {"items": [{"id": api["rootResourceId"], "path": "/"}]}

    resource = cli.json(
        "apigateway", "create-resource", "--rest-api-id", api["id"], "--parent-id", api["rootResourceId"],
        "--path-part", "hello",
    )  # fmt: skip
    assert (resource["parentId"], resource["pathPart"], resource["path"]) == (api["rootResourceId"], "hello", "/hello")
    method = cli.json(
        "apigateway", "put-method", "--rest-api-id", api["id"], "--resource-id", resource["id"],
        "--http-method", "GET", "--authorization-type", "NONE",
    )  # fmt: skip
    assert method == {"httpMethod": "GET", "authorizationType": "NONE", "apiKeyRequired": False}
    integration = cli.json(
        "apigateway", "put-integration", "--rest-api-id", api["id"], "--resource-id", resource["id"],
        "--http-method", "GET", "--type", "AWS_PROXY", "--integration-http-method", "POST", "--uri", INVOCATION_URI,
    )  # fmt: skip
    assert (integration["type"], integration["httpMethod"], integration["uri"]) == ("AWS_PROXY", "POST", INVOCATION_URI)
    assert (integration["passthroughBehavior"], integration["timeoutInMillis"]) == ("WHEN_NO_MATCH", 29000)

    deployment = cli.json("apigateway", "create-deployment", "--rest-api-id", api["id"], "--stage-name", "dev")
    assert set(deployment) == {"id", "createdDate"}
    response = httpx.get(stage_url(server, api["id"], "dev", "/hello"), params={"name": "Ana"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"resource": "/hello", "path": "/hello", "query": {"name": "Ana"}}

    missing = cli.run("apigateway", "get-rest-api", "--rest-api-id", "nosuchapi1", check=False)
    assert missing.returncode == 255
    assert missing.stderr.strip() == (
        "An error occurred (NotFoundException) when calling the GetRestApi operation: "
        "Invalid API identifier specified 000000000000:nosuchapi1"
    )


OPENAPI = {
    "openapi": "3.0.1",
    "info": {"title": "imported-api", "version": "2024-01-01"},
    "paths": {
        "/hello": {
            "get": {
                "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": INVOCATION_URI},
            }
        },
        "/status": {
            "get": {
                "responses": {"200": {"description": "OK"}},
                "x-amazon-apigateway-integration": {
                    "type": "mock",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {
                        "default": {"statusCode": "200", "responseTemplates": {"application/json": '{"up": true}'}}
                    },
                },
            }
        },
    },
    "x-amazon-apigateway-documentation": {
        "version": "1",
        "documentationParts": [{"location": {"type": "API"}, "properties": {"description": "Greets"}}],
    },
}


def test_import_an_openapi_file_deploy_export_and_page_through_apis(
    cli: AwsCli, server: EmulatorProcess, function: None, tmp_path: Path
) -> None:
    imported = cli.json(
        "apigateway", "import-rest-api", "--parameters", "endpointConfigurationTypes=REGIONAL,ignore=documentation",
        "--body", "fileb://" + cli.file("openapi.json", json.dumps(OPENAPI)),
    )  # fmt: skip
    assert (imported["name"], imported["version"]) == ("imported-api", "2024-01-01")
    assert imported["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert "warnings" not in imported
    apigateway = server.client("apigateway")
    assert apigateway.get_documentation_parts(restApiId=imported["id"])["items"] == []
    cli.run(
        "apigateway", "create-deployment", "--rest-api-id", imported["id"], "--stage-name", "prod",
        "--variables", "color=blue",
    )  # fmt: skip

    hello = httpx.get(stage_url(server, imported["id"], "prod", "/hello"))
    assert hello.json() == {"resource": "/hello", "path": "/hello", "query": None}
    status = httpx.get(stage_url(server, imported["id"], "prod", "/status"))
    assert (status.status_code, status.json()) == (200, {"up": True})

    # A streaming output: the CLI writes the body to the file named last and prints the other members.
    exported = cli.json(
        "apigateway", "get-export", "--rest-api-id", imported["id"], "--stage-name", "prod",
        "--export-type", "oas30", "export.json",
    )  # fmt: skip
    assert exported["contentType"] == "application/octet-stream"
    assert re.fullmatch(r'attachment; filename="oas30_[0-9TZ:-]+\.json"', exported["contentDisposition"])
    document = json.loads((tmp_path / "export.json").read_text())
    assert (document["openapi"], document["info"]["title"]) == ("3.0.1", "imported-api")
    assert sorted(document["paths"]) == ["/hello", "/status"]

    for name in ("second-api", "third-api"):
        apigateway.create_rest_api(name=name)
    first = cli.json("apigateway", "get-rest-apis", "--page-size", "1", "--max-items", "2")
    rest = cli.json("apigateway", "get-rest-apis", "--page-size", "1", "--starting-token", first["NextToken"])
    assert sorted(api["name"] for api in first["items"] + rest["items"]) == ["imported-api", "second-api", "third-api"]
    assert len(first["items"]) == 2
    assert "NextToken" not in rest
