"""Request validation of WebSocket messages by the route's model selection expression and RequestModels."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from test_websocket_support import ECHO, connect, create_function, lambda_uri

from emulator.testing import EmulatorProcess

SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "properties": {"action": {"type": "string"}, "room": {"type": "string", "minLength": 2}},
    "required": ["action", "room"],
}


def validated_api(server: EmulatorProcess, models: dict[str, str]) -> str:
    apigw = server.client("apigatewayv2")
    api_id = apigw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    apigw.create_model(ApiId=api_id, Name="Join", ContentType="application/json", Schema=json.dumps(SCHEMA))
    function = create_function(server, "ws-echo", ECHO)
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=lambda_uri(function))
    route = apigw.create_route(
        ApiId=api_id,
        RouteKey="join",
        Target=f"integrations/{integration['IntegrationId']}",
        RouteResponseSelectionExpression="$default",
        ModelSelectionExpression="$request.body.version",
        RequestModels=models,
    )
    apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    apigw.create_stage(ApiId=api_id, StageName="test", DeploymentId=apigw.create_deployment(ApiId=api_id)["DeploymentId"])
    return api_id


async def exchange(client: Any, message: dict[str, Any]) -> dict[str, Any]:
    await client.send(json.dumps(message))
    return json.loads(await asyncio.wait_for(client.recv(), 20))


def test_message_checked_against_the_selected_model(server: EmulatorProcess) -> None:
    api_id = validated_api(server, {"v1": "Join"})

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            assert (await exchange(client, {"action": "join", "version": "v1", "room": "blue"}))["route"] == "join"
            refused = await exchange(client, {"action": "join", "version": "v1", "room": "b"})
            assert refused["message"] == "Invalid request body"
            assert set(refused) == {"message", "connectionId", "requestId"}
            # No model for v2 and no $default model: validation fails.
            assert (await exchange(client, {"action": "join", "version": "v2", "room": "blue"}))["message"] == "Invalid request body"

    asyncio.run(scenario())


def test_default_model_is_the_fallback(server: EmulatorProcess) -> None:
    api_id = validated_api(server, {"$default": "Join"})

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            assert (await exchange(client, {"action": "join", "room": "red"}))["route"] == "join"
            assert (await exchange(client, {"action": "join"}))["message"] == "Invalid request body"

    asyncio.run(scenario())
