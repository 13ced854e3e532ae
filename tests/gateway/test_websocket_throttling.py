"""Stage throttling of WebSocket APIs: the handshake ($connect) and each message's route."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from test_websocket_support import ECHO, connect, create_function, websocket_api

from emulator.testing import EmulatorProcess


def test_zeroed_stage_limits_refuse_the_handshake(server: EmulatorProcess) -> None:
    api_id = websocket_api(server, {"$default": create_function(server, "ws-echo", ECHO)}, two_way=["$default"])
    server.client("apigatewayv2").update_stage(
        ApiId=api_id, StageName="test", DefaultRouteSettings={"ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0.0}
    )

    async def scenario() -> None:
        async with connect(server, api_id):
            pass

    with pytest.raises(websockets.InvalidStatus) as excinfo:
        asyncio.run(scenario())
    assert excinfo.value.response.status_code == 429
    assert json.loads(excinfo.value.response.body) == {"message": "Too Many Requests"}


def test_route_limit_answers_too_many_requests_frames(server: EmulatorProcess) -> None:
    api_id = websocket_api(server, {"$default": create_function(server, "ws-echo", ECHO)}, two_way=["$default"])
    server.client("apigatewayv2").update_stage(
        ApiId=api_id, StageName="test", RouteSettings={"$default": {"ThrottlingBurstLimit": 1, "ThrottlingRateLimit": 0.001}}
    )

    async def scenario() -> list[dict[str, str]]:
        async with connect(server, api_id) as client:
            answers = []
            for _ in range(2):
                await client.send("hello")
                answers.append(json.loads(await asyncio.wait_for(client.recv(), 20)))
            return answers

    first, second = asyncio.run(scenario())
    assert first["route"] == "$default"
    assert second["message"] == "Too Many Requests" and set(second) == {"message", "connectionId", "requestId"}
