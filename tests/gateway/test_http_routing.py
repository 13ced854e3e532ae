"""Route selection as AWS does it, stages in URLs, stage variables, throttling, HTTP_PROXY, CORS."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from test_http_support import call, create_function, echo_server, route_api

from emulator.testing import EmulatorProcess

ROUTES = [
    "GET /pets",
    "ANY /pets",
    "GET /pets/dog",
    "GET /pets/{id}",
    "GET /pets/{id}/toys",
    "GET /pets/{proxy+}",
    "ANY /{proxy+}",
    "$default",
]


def route_key_of(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    return response.json()["routeKey"]


def test_route_precedence(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "echo")
    api_id = route_api(server, dict.fromkeys(ROUTES, function_arn))
    expectations = {
        ("GET", "/pets"): "GET /pets",
        ("POST", "/pets"): "ANY /pets",
        ("GET", "/pets/dog"): "GET /pets/dog",
        ("GET", "/pets/cat"): "GET /pets/{id}",
        ("GET", "/pets/cat/toys"): "GET /pets/{id}/toys",
        ("GET", "/pets/cat/food/today"): "GET /pets/{proxy+}",
        ("POST", "/pets/cat"): "ANY /{proxy+}",
        ("GET", "/other/thing"): "ANY /{proxy+}",
        ("GET", "/"): "$default",
    }
    for (method, path), route_key in expectations.items():
        assert route_key_of(call(server, api_id, method, path)) == route_key, (method, path)
    event = call(server, api_id, "GET", "/pets/cat/food/today").json()
    assert event["pathParameters"] == {"proxy": "cat/food/today"}


def test_without_default_route_unmatched_requests_are_404(server: EmulatorProcess) -> None:
    api_id = route_api(server, {"GET /only": create_function(server, "echo")})
    response = call(server, api_id, "POST", "/only")
    assert (response.status_code, response.json()) == (404, {"message": "Not Found"})


def test_named_stage_serves_its_deployment_and_variables(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    function_arn = create_function(server, "echo")
    api_id = client.create_api(Name="staged", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=function_arn, PayloadFormatVersion="2.0"
    )["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey="GET /v1", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName="prod", StageVariables={"table": "prod-table"})
    assert call(server, api_id, "GET", "/prod/v1").status_code == 404  # not deployed yet
    client.create_deployment(ApiId=api_id, StageName="prod")
    event = call(server, api_id, "GET", "/prod/v1").json()
    assert event["stageVariables"] == {"table": "prod-table"}
    # A route added after the deployment is not served until the next one.
    client.create_route(ApiId=api_id, RouteKey="GET /v2", Target=f"integrations/{integration}")
    assert call(server, api_id, "GET", "/prod/v2").status_code == 404
    client.create_deployment(ApiId=api_id, StageName="prod")
    assert call(server, api_id, "GET", "/prod/v2").status_code == 200
    path_based = httpx.get(f"{server.url}/_aws/execute-api/{api_id}/prod/v1")
    assert path_based.status_code == 200 and path_based.json()["rawPath"] == "/prod/v1"


def test_stage_throttling_answers_429(server: EmulatorProcess) -> None:
    api_id = route_api(
        server,
        {"GET /limited": create_function(server, "echo")},
        DefaultRouteSettings={"ThrottlingBurstLimit": 2, "ThrottlingRateLimit": 0.001},
    )
    statuses = [call(server, api_id, "GET", "/limited").status_code for _ in range(4)]
    assert statuses[:2] == [200, 200]
    assert statuses[2:] == [429, 429]
    response = call(server, api_id, "GET", "/limited")
    assert response.json() == {"message": "Too Many Requests"}


@pytest.fixture
def upstream() -> Iterator[str]:
    with echo_server() as url:
        yield url


def test_http_proxy_integration_forwards_and_returns_as_is(server: EmulatorProcess, upstream: str) -> None:
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="proxy", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id,
        IntegrationType="HTTP_PROXY",
        IntegrationUri=f"{upstream}/backend/{{proxy}}",
        IntegrationMethod="ANY",
    )["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey="ANY /api/{proxy+}", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    response = call(server, api_id, "POST", "/api/a/b?x=1", content=b"payload", headers={"x-mine": "1"})
    assert response.status_code == 202
    assert response.headers["x-upstream"] == "yes"
    received = response.json()
    assert received["method"] == "POST"
    assert received["path"] == "/backend/a/b?x=1"
    assert received["body"] == "payload"
    assert received["headers"]["x-mine"] == "1"
    assert received["headers"]["x-forwarded-for"] == "127.0.0.1"


def test_quick_create_with_an_http_url_target(server: EmulatorProcess, upstream: str) -> None:
    api_id = server.client("apigatewayv2").create_api(
        Name="q", ProtocolType="HTTP", Target=f"{upstream}/root"
    )["ApiId"]
    response = call(server, api_id, "GET", "/anything")
    assert response.status_code == 202 and response.json()["path"] == "/root"


def test_unreachable_http_backend_is_500(server: EmulatorProcess) -> None:
    api_id = server.client("apigatewayv2").create_api(
        Name="q", ProtocolType="HTTP", Target="http://127.0.0.1:9/none"
    )["ApiId"]
    response = call(server, api_id, "GET", "/x")
    assert (response.status_code, response.json()) == (500, {"message": "Internal Server Error"})


CORS = {
    "AllowOrigins": ["https://app.example"],
    "AllowMethods": ["GET", "POST"],
    "AllowHeaders": ["Content-Type", "X-Token"],
    "ExposeHeaders": ["x-request-id"],
    "MaxAge": 600,
    "AllowCredentials": True,
}


def test_cors_preflight_is_answered_by_the_gateway(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    api_id = route_api(server, {"GET /data": create_function(server, "echo")})
    client.update_api(ApiId=api_id, CorsConfiguration=CORS)
    preflight = call(
        server,
        api_id,
        "OPTIONS",
        "/data",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-token",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://app.example"
    assert preflight.headers["access-control-allow-methods"] == "GET,POST"
    assert preflight.headers["access-control-allow-headers"] == "content-type,x-token"
    assert preflight.headers["access-control-max-age"] == "600"
    assert preflight.headers["access-control-allow-credentials"] == "true"
    stranger = call(
        server,
        api_id,
        "OPTIONS",
        "/data",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert stranger.status_code == 204 and "access-control-allow-origin" not in stranger.headers


def test_cors_headers_on_responses(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    api_id = route_api(server, {"GET /data": create_function(server, "echo")})
    client.update_api(ApiId=api_id, CorsConfiguration=CORS)
    response = call(server, api_id, "GET", "/data", headers={"Origin": "https://app.example"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://app.example"
    assert response.headers["access-control-expose-headers"] == "x-request-id"
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "access-control-allow-origin" not in call(server, api_id, "GET", "/data").headers
    client.update_api(ApiId=api_id, CorsConfiguration={"AllowOrigins": ["*"]})
    anyone = call(server, api_id, "GET", "/data", headers={"Origin": "https://x.example"})
    assert anyone.headers["access-control-allow-origin"] == "*"


def test_stage_variables_choose_the_lambda_function(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    code = "def handler(event, context):\n    return {'statusCode': 200, 'body': context.function_name}\n"
    for name in ("blue-fn", "green-fn"):
        create_function(server, name, code)
    api_id = client.create_api(Name="colors", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id,
        IntegrationType="AWS_PROXY",
        IntegrationUri="arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.fn}",
        PayloadFormatVersion="2.0",
    )["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey="GET /which", Target=f"integrations/{integration}")
    for stage in ("blue", "green"):
        client.create_stage(
            ApiId=api_id, StageName=stage, AutoDeploy=True, StageVariables={"fn": f"{stage}-fn"}
        )
    assert call(server, api_id, "GET", "/blue/which").text == "blue-fn"
    assert call(server, api_id, "GET", "/green/which").text == "green-fn"
