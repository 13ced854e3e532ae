"""Parameter mapping on HTTP API integrations: RequestParameters and ResponseParameters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from test_http_support import call, create_function, echo_server

from emulator.testing import EmulatorProcess


@pytest.fixture
def upstream() -> Iterator[str]:
    with echo_server() as url:
        yield url


def proxied_api(server: EmulatorProcess, upstream: str, **integration: Any) -> str:
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="mapped", ProtocolType="HTTP")["ApiId"]
    integration_id = client.create_integration(
        ApiId=api_id,
        IntegrationType="HTTP_PROXY",
        IntegrationUri=f"{upstream}/base",
        IntegrationMethod="ANY",
        **integration,
    )["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey="ANY /users/{id}", Target=f"integrations/{integration_id}")
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True, StageVariables={"env": "test"})
    return api_id


def test_request_parameters_rewrite_headers_query_and_path(server: EmulatorProcess, upstream: str) -> None:
    api_id = proxied_api(
        server,
        upstream,
        RequestParameters={
            "overwrite:header.x-user": "$request.header.x-caller",
            "append:header.x-trace": "gw",
            "remove:header.x-secret": "''",
            "append:querystring.env": "$stageVariables.env",
            "overwrite:querystring.id": "$request.path.id",
            "remove:querystring.drop": "''",
            "overwrite:path": "/v2/users/${request.path.id}",
            "overwrite:header.x-request": "$context.requestId",
        },
    )
    response = call(
        server,
        api_id,
        "POST",
        "/users/42?drop=1&keep=2",
        headers={"x-caller": "alice", "x-trace": "client", "x-secret": "s"},
        content=b"{}",
    )
    assert response.status_code == 202
    received = response.json()
    assert received["path"] == "/v2/users/42?keep=2&env=test&id=42"
    headers = received["headers"]
    assert headers["x-user"] == "alice"
    assert headers["x-trace"] == "client,gw"
    assert "x-secret" not in headers
    assert headers["x-request"] == response.headers["apigw-requestid"]


def test_response_parameters_on_lambda_responses(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    function_arn = create_function(
        server,
        "answer",
        "def handler(event, context):\n    return {'statusCode': 200, 'headers': {'x-internal': 'v1', 'x-gone': '1'}, 'body': '{\"id\": 7}'}\n",
    )
    api_id = client.create_api(Name="mapped", ProtocolType="HTTP")["ApiId"]
    integration_id = client.create_integration(
        ApiId=api_id,
        IntegrationType="AWS_PROXY",
        IntegrationUri=function_arn,
        PayloadFormatVersion="2.0",
        ResponseParameters={
            "200": {
                "overwrite:statuscode": "201",
                "append:header.x-version": "$response.header.x-internal",
                "overwrite:header.x-id": "$response.body.id",
                "remove:header.x-gone": "''",
                "overwrite:header.x-stage": "$context.stage",
            }
        },
    )["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey="GET /thing", Target=f"integrations/{integration_id}")
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    response = call(server, api_id, "GET", "/thing")
    assert response.status_code == 201
    assert response.headers["x-version"] == "v1"
    assert response.headers["x-id"] == "7"
    assert response.headers["x-stage"] == "$default"
    assert "x-gone" not in response.headers


def test_invalid_mapping_keys_are_bad_requests(server: EmulatorProcess, upstream: str) -> None:
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="mapped", ProtocolType="HTTP")["ApiId"]
    for options in (
        {"RequestParameters": {"rewrite:header.x": "a"}},
        {"ResponseParameters": {"200": {"overwrite:body": "a"}}},
        {"ResponseParameters": {"abc": {"overwrite:statuscode": "200"}}},
    ):
        with pytest.raises(ClientError) as excinfo:
            client.create_integration(
                ApiId=api_id,
                IntegrationType="HTTP_PROXY",
                IntegrationUri=upstream,
                IntegrationMethod="ANY",
                **options,
            )
        assert excinfo.value.response["Error"]["Code"] == "BadRequestException"


def test_body_sources_take_json_paths(server: EmulatorProcess, upstream: str) -> None:
    """``$request.body.x`` is a JSON path after the body: indexes and nested members, objects as JSON."""
    api_id = proxied_api(
        server,
        upstream,
        RequestParameters={
            "overwrite:header.x-first": "$request.body.items[0].name",
            "overwrite:header.x-last": "$request.body.items[-1].name",
            "overwrite:header.x-owner": "$request.body.owner",
        },
    )
    body = b'{"items": [{"name": "pen"}, {"name": "ink"}], "owner": {"id": 3}}'
    headers = call(server, api_id, "POST", "/users/1", content=body).json()["headers"]
    assert (headers["x-first"], headers["x-last"], headers["x-owner"]) == ("pen", "ink", '{"id":3}')
