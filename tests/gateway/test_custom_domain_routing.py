"""Requests to custom domain names reach the API and stage of their base path (API) mapping, with the
path as the client sent it in the event (base path included, as AWS passes it)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import test_websocket_support as ws
import websockets
from test_rest_support import ECHO, RestApiBuilder, create_function
from test_rest_support import call as call_execute_api

from emulator.testing import EmulatorProcess

DOMAIN = "api.example.com"


def call_domain(server: EmulatorProcess, path: str, host: str = DOMAIN, method: str = "GET") -> httpx.Response:
    """A request to a custom domain: the emulator is reached on 127.0.0.1 with the domain as Host."""
    return httpx.request(method, f"http://127.0.0.1:{server.port}{path}", headers={"Host": host}, timeout=30)


def rest_echo_api(server: EmulatorProcess, function_arn: str, stage: str = "prod", **options: Any) -> str:
    api = RestApiBuilder(server, **options)
    api.lambda_method("/items/{id}", "GET", function_arn)
    api.lambda_method("/", "GET", function_arn)
    api.deploy(stage)
    return api.api_id


def make_domain(server: EmulatorProcess, name: str = DOMAIN) -> None:
    server.client("apigateway").create_domain_name(
        domainName=name,
        regionalCertificateArn="arn:aws:acm:us-east-1:000000000000:certificate/abc",
        endpointConfiguration={"types": ["REGIONAL"]},
    )


def test_rest_base_path_mapping_routes_with_the_base_path_in_the_event(server: EmulatorProcess) -> None:
    api_id = rest_echo_api(server, create_function(server, "echo"))
    make_domain(server)
    server.client("apigateway").create_base_path_mapping(
        domainName=DOMAIN, basePath="v1", restApiId=api_id, stage="prod"
    )
    event = call_domain(server, "/v1/items/7?color=red").json()
    assert event["resource"] == "/items/{id}"
    assert event["path"] == "/v1/items/7"
    assert event["pathParameters"] == {"id": "7"}
    assert event["queryStringParameters"] == {"color": "red"}
    context = event["requestContext"]
    assert context["path"] == "/v1/items/7"
    assert context["stage"] == "prod"
    assert context["apiId"] == api_id
    assert (context["domainName"], context["domainPrefix"]) == (DOMAIN, "api")
    assert event["headers"]["Host"] == DOMAIN
    # The base path alone reaches the API's root resource.
    assert call_domain(server, "/v1").json()["resource"] == "/"
    # The same API still answers at its own URL, with the path after the stage.
    assert call_execute_api(server, api_id, "GET", "/prod/items/7").json()["path"] == "/items/7"


def test_rest_mapping_without_a_stage_takes_it_from_the_path(server: EmulatorProcess) -> None:
    api_id = rest_echo_api(server, create_function(server, "echo"))
    make_domain(server)
    server.client("apigateway").create_base_path_mapping(domainName=DOMAIN, restApiId=api_id)
    event = call_domain(server, "/prod/items/3").json()
    assert (event["resource"], event["path"]) == ("/items/{id}", "/prod/items/3")
    assert event["requestContext"]["stage"] == "prod"
    assert call_domain(server, "/staging/items/3").status_code == 403


def test_a_path_no_mapping_takes_is_forbidden(server: EmulatorProcess) -> None:
    api_id = rest_echo_api(server, create_function(server, "echo"))
    make_domain(server)
    server.client("apigateway").create_base_path_mapping(
        domainName=DOMAIN, basePath="v1", restApiId=api_id, stage="prod"
    )
    response = call_domain(server, "/v2/items/7")
    assert (response.status_code, response.json()) == (403, {"message": "Forbidden"})
    # A host that is no custom domain is not an API at all.
    assert call_domain(server, "/v1/items/7", host="other.example.com").status_code != 200


def test_longest_base_path_wins_and_hosts_match_without_port_or_case(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "echo")
    orders = rest_echo_api(server, function_arn, name="orders")
    admin = rest_echo_api(server, function_arn, name="admin")
    make_domain(server)
    apigateway = server.client("apigateway")
    apigateway.create_base_path_mapping(domainName=DOMAIN, basePath="v1", restApiId=orders, stage="prod")
    apigateway.create_base_path_mapping(domainName=DOMAIN, basePath="v1/admin", restApiId=admin, stage="prod")
    assert call_domain(server, "/v1/admin/items/1").json()["requestContext"]["apiId"] == admin
    assert call_domain(server, "/v1/items/1", host=f"API.Example.com:{server.port}").json()["requestContext"][
        "apiId"
    ] == orders


def test_disabled_default_endpoint_answers_only_through_the_domain(server: EmulatorProcess) -> None:
    api_id = rest_echo_api(server, create_function(server, "echo"), disableExecuteApiEndpoint=True)
    make_domain(server)
    server.client("apigateway").create_base_path_mapping(
        domainName=DOMAIN, basePath="(none)", restApiId=api_id, stage="prod"
    )
    response = call_execute_api(server, api_id, "GET", "/prod/items/7")
    assert (response.status_code, response.json()) == (403, {"message": "Forbidden"})
    assert call_domain(server, "/items/7").json()["path"] == "/items/7"


@pytest.mark.parametrize("stage", ["$default", "live"])
def test_http_api_mapping_key_reaches_the_stage_with_the_key_in_raw_path(server: EmulatorProcess, stage: str) -> None:
    v2 = server.client("apigatewayv2")
    function_arn = create_function(server, "echo", ECHO)
    api_id = v2.create_api(Name="http", ProtocolType="HTTP", DisableExecuteApiEndpoint=True)["ApiId"]
    integration = v2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=function_arn, PayloadFormatVersion="2.0"
    )["IntegrationId"]
    v2.create_route(ApiId=api_id, RouteKey="GET /items/{id}", Target=f"integrations/{integration}")
    v2.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True)
    v2.create_domain_name(
        DomainName=DOMAIN,
        DomainNameConfigurations=[{"CertificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/abc"}],
    )
    v2.create_api_mapping(DomainName=DOMAIN, ApiId=api_id, Stage=stage, ApiMappingKey="orders/v2")
    event = call_domain(server, "/orders/v2/items/9?x=1").json()
    assert event["routeKey"] == "GET /items/{id}"
    assert event["rawPath"] == "/orders/v2/items/9"
    assert event["rawQueryString"] == "x=1"
    assert event["pathParameters"] == {"id": "9"}
    context = event["requestContext"]
    assert (context["stage"], context["http"]["path"], context["domainName"]) == (stage, "/orders/v2/items/9", DOMAIN)
    # DisableExecuteApiEndpoint: the API's own URL is closed, its custom domain is not.
    closed = httpx.get(
        f"http://127.0.0.1:{server.port}/items/9" if stage == "$default" else f"http://127.0.0.1:{server.port}/{stage}/items/9",
        headers={"Host": f"{api_id}.execute-api.localhost:{server.port}"},
    )
    assert closed.status_code == 403


def test_websocket_api_mapping_connects_through_the_domain(server: EmulatorProcess) -> None:
    function_arn = ws.create_function(server, "ws-echo", ws.ECHO)
    api_id = ws.websocket_api(server, {"$default": function_arn}, two_way=["$default"])
    v2 = server.client("apigatewayv2")
    v2.create_domain_name(
        DomainName=DOMAIN,
        DomainNameConfigurations=[{"CertificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/abc"}],
    )
    v2.create_api_mapping(DomainName=DOMAIN, ApiId=api_id, Stage="test", ApiMappingKey="chat")

    async def exchange() -> dict[str, Any]:
        uri = f"ws://{DOMAIN}:{server.port}/chat"
        async with websockets.connect(uri, host="127.0.0.1", port=server.port, proxy=None, open_timeout=20) as client:
            await client.send(json.dumps({"action": "hello"}))
            return json.loads(await client.recv(decode=True))  # type: ignore[no-any-return]

    answer = asyncio.run(exchange())
    assert answer["route"] == "$default"
    assert answer["body"] == '{"action": "hello"}'
