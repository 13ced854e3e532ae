"""HTTP APIs (API Gateway v2) through the real AWS CLI (v1): quick create in front of a function, then an
API built from an integration, a route and a stage, each called over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from aws_cli import AwsCli, create_api_function

from emulator.testing import EmulatorProcess

HANDLER = """
import json


def handler(event, context):
    body = {"routeKey": event["routeKey"], "path": event["rawPath"], "parameters": event.get("pathParameters")}
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
"""

FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:items"


@pytest.fixture
def cli(server: EmulatorProcess, tmp_path: Path) -> AwsCli:
    return AwsCli(server, tmp_path)


@pytest.fixture
def function(server: EmulatorProcess) -> None:
    create_api_function(server, "items", HANDLER)


def test_quick_create_puts_a_default_route_and_stage_in_front_of_the_function(
    cli: AwsCli, server: EmulatorProcess, function: None
) -> None:
    api = cli.json("apigatewayv2", "create-api", "--name", "quick", "--protocol-type", "HTTP", "--target", FUNCTION_ARN)
    assert (api["Name"], api["ProtocolType"]) == ("quick", "HTTP")
    assert api["RouteSelectionExpression"] == "$request.method $request.path"
    assert api["ApiEndpoint"] == f"https://{api['ApiId']}.execute-api.us-east-1.amazonaws.com"

    routes = cli.json("apigatewayv2", "get-routes", "--api-id", api["ApiId"])["Items"]
    assert [(route["RouteKey"], route["ApiGatewayManaged"]) for route in routes] == [("$default", True)]
    stages = cli.json("apigatewayv2", "get-stages", "--api-id", api["ApiId"])["Items"]
    assert [(stage["StageName"], stage["AutoDeploy"]) for stage in stages] == [("$default", True)]

    # The $default stage has no path segment of its own.
    response = httpx.get(f"{server.url}/_aws/execute-api/{api['ApiId']}/anything/here")
    assert response.status_code == 200
    assert response.json() == {"routeKey": "$default", "path": "/anything/here", "parameters": None}


def test_integration_route_stage_export_then_get_apis_pages(
    cli: AwsCli, server: EmulatorProcess, function: None, tmp_path: Path
) -> None:
    api = cli.json("apigatewayv2", "create-api", "--name", "items-api", "--protocol-type", "HTTP")
    api_id = api["ApiId"]
    integration = cli.json(
        "apigatewayv2", "create-integration", "--api-id", api_id, "--integration-type", "AWS_PROXY",
        "--integration-uri", FUNCTION_ARN, "--payload-format-version", "2.0",
    )  # fmt: skip
    assert (integration["IntegrationType"], integration["PayloadFormatVersion"]) == ("AWS_PROXY", "2.0")
    route = cli.json(
        "apigatewayv2", "create-route", "--api-id", api_id, "--route-key", "GET /items/{id}",
        "--target", f"integrations/{integration['IntegrationId']}",
    )  # fmt: skip
    assert (route["RouteKey"], route["AuthorizationType"]) == ("GET /items/{id}", "NONE")
    assert route["Target"] == f"integrations/{integration['IntegrationId']}"
    stage = cli.json("apigatewayv2", "create-stage", "--api-id", api_id, "--stage-name", "dev", "--auto-deploy")
    assert (stage["StageName"], stage["AutoDeploy"]) == ("dev", True)

    response = httpx.get(f"{server.url}/_aws/execute-api/{api_id}/dev/items/42")
    assert response.status_code == 200
    assert response.json() == {"routeKey": "GET /items/{id}", "path": "/dev/items/42", "parameters": {"id": "42"}}
    unrouted = httpx.get(f"{server.url}/_aws/execute-api/{api_id}/dev/other")
    assert (unrouted.status_code, unrouted.json()) == (404, {"message": "Not Found"})

    # ExportApi's body is a stream: the CLI writes it to the file named last and prints nothing.
    exported = cli.run(
        "apigatewayv2", "export-api", "--api-id", api_id, "--specification", "OAS30", "--output-type", "JSON",
        "--stage-name", "dev", "export.json",
    )  # fmt: skip
    assert exported.stdout == ""
    document = json.loads((tmp_path / "export.json").read_text())
    assert (document["openapi"], document["info"]["title"]) == ("3.0.1", "items-api")
    assert list(document["paths"]) == ["/items/{id}"]
    assert document["paths"]["/items/{id}"]["get"]["x-amazon-apigateway-integration"]["uri"] == FUNCTION_ARN

    server.client("apigatewayv2").create_api(Name="second-api", ProtocolType="HTTP")
    # MaxResults is a string in apigatewayv2's model: --page-size sends it as text.
    first = cli.json("apigatewayv2", "get-apis", "--page-size", "1", "--max-items", "1")
    rest = cli.json("apigatewayv2", "get-apis", "--page-size", "1", "--starting-token", first["NextToken"])
    assert sorted(item["Name"] for item in first["Items"] + rest["Items"]) == ["items-api", "second-api"]

    missing = cli.run("apigatewayv2", "get-api", "--api-id", "nosuchapi1", check=False)
    assert missing.returncode == 255
    assert missing.stderr.strip() == (
        "An error occurred (NotFoundException) when calling the GetApi operation: "
        "Invalid API identifier specified 000000000000:nosuchapi1"
    )
