"""When a WebSocket route sends its integration's answer back: when it has a route response.

The developer guide's WebSocket integration responses page: "If a route has a route response, it
is configured for two-way communication. Otherwise, it is configured for one-way communication";
its route responses page sets one up with create-route-response alone, and Terraform's
aws_apigatewayv2_route_response docs (terraform-provider-aws#36711, tried on AWS) likewise. A
RouteResponseSelectionExpression without a route response leaves the route one-way
(terraform-aws-apigateway-v2#131: the console shows two-way communication off).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from test_websocket_support import ECHO, connect, create_function, lambda_uri

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until


@pytest.fixture
def echo(server: EmulatorProcess) -> str:
    return create_function(server, "ws-echo", ECHO)


def deployed(server: EmulatorProcess, routes: dict[str, dict[str, Any]], echo: str) -> str:
    """Routes key -> {"selection": RouteResponseSelectionExpression or None, "response": bool}, all on ECHO."""
    apigw = server.client("apigatewayv2")
    api_id = apigw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=lambda_uri(echo))
    for key, options in routes.items():
        extra = {"RouteResponseSelectionExpression": options["selection"]} if options.get("selection") else {}
        route = apigw.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration['IntegrationId']}", **extra)
        if options.get("response"):
            apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    apigw.create_stage(ApiId=api_id, StageName="test", DeploymentId=apigw.create_deployment(ApiId=api_id)["DeploymentId"])
    return api_id


async def first_reply(client: Any, *messages: dict[str, Any]) -> dict[str, Any]:
    """Sends the messages in order; the first frame that comes back (messages are served in order)."""
    for message in messages:
        await client.send(json.dumps(message))
    return json.loads(await asyncio.wait_for(client.recv(), 20))


def test_a_route_response_alone_makes_the_route_two_way(server: EmulatorProcess, echo: str) -> None:
    api_id = deployed(server, {"ask": {"response": True}}, echo)

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            assert (await first_reply(client, {"action": "ask"}))["route"] == "ask"

    asyncio.run(scenario())


def test_a_selection_expression_without_a_route_response_stays_one_way(server: EmulatorProcess, echo: str) -> None:
    api_id = deployed(
        server, {"quiet": {"selection": "$default"}, "loud": {"selection": "$default", "response": True}}, echo
    )

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            assert (await first_reply(client, {"action": "quiet"}, {"action": "loud"}))["route"] == "loud"

    asyncio.run(scenario())


def test_deleting_the_route_response_makes_the_next_deployment_one_way(server: EmulatorProcess, echo: str) -> None:
    api_id = deployed(server, {"quiet": {"response": True}, "loud": {"response": True}}, echo)
    apigw = server.client("apigatewayv2")
    route = next(item for item in apigw.get_routes(ApiId=api_id)["Items"] if item["RouteKey"] == "quiet")
    response = apigw.get_route_responses(ApiId=api_id, RouteId=route["RouteId"])["Items"][0]
    apigw.delete_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseId=response["RouteResponseId"])
    apigw.update_stage(ApiId=api_id, StageName="test", DeploymentId=apigw.create_deployment(ApiId=api_id)["DeploymentId"])

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            assert (await first_reply(client, {"action": "quiet"}, {"action": "loud"}))["route"] == "loud"

    asyncio.run(scenario())


def test_a_two_way_non_proxy_route_needs_an_integration_response(server: EmulatorProcess) -> None:
    """No integration response matches: the message fails (Internal server error), the reason in the
    execution log in REST's words; a one-way route on the same integration sends nothing."""
    apigw = server.client("apigatewayv2")
    api_id = apigw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    mock = apigw.create_integration(
        ApiId=api_id, IntegrationType="MOCK", TemplateSelectionExpression="\\$default",
        RequestTemplates={"$default": '{"statusCode": 200}'},
    )["IntegrationId"]
    for key in ("quiet", "unmapped"):
        route = apigw.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{mock}")
        if key == "unmapped":
            apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    apigw.create_stage(
        ApiId=api_id, StageName="test", DeploymentId=apigw.create_deployment(ApiId=api_id)["DeploymentId"],
        DefaultRouteSettings={"LoggingLevel": "ERROR"},
    )

    async def scenario() -> dict[str, Any]:
        async with connect(server, api_id) as client:
            return await first_reply(client, {"action": "quiet"}, {"action": "unmapped"})

    answer = asyncio.run(scenario())
    assert answer["message"] == "Internal server error"
    logs = server.client("logs")
    group = f"API-Gateway-Execution-Logs_{api_id}/test"
    wait_until(lambda: logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"], 20)
    events = logs.filter_log_events(logGroupName=group)["events"]
    assert [event["message"] for event in events] == [
        f"({answer['requestId']}) Execution failed due to configuration error: No match for output mapping and no "
        "default output mapping configured. Endpoint Response Status Code: 200"
    ]
