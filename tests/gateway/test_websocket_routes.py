"""WebSocket messages to routes: selection by body, $default, Forbidden, two-way replies, events, order."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from test_websocket_support import (
    ECHO,
    connect,
    connect_by_path,
    connection_id_of,
    create_function,
    websocket_api,
)

from emulator.testing import EmulatorProcess


@pytest.fixture
def echo(server: EmulatorProcess) -> str:
    return create_function(server, "ws-echo", ECHO)


async def exchange(client: Any, message: str | bytes) -> dict[str, Any]:
    await client.send(message)
    return json.loads(await asyncio.wait_for(client.recv(), 20))


def test_route_selected_by_body_path_and_default(server: EmulatorProcess, echo: str) -> None:
    api_id = websocket_api(server, {"sendmessage": echo, "$default": echo}, two_way=["sendmessage", "$default"])

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            reply = await exchange(client, json.dumps({"action": "sendmessage", "text": "hi"}))
            assert reply["route"] == "sendmessage"
            assert json.loads(reply["body"]) == {"action": "sendmessage", "text": "hi"}
            assert reply["b64"] is False
            assert (await exchange(client, json.dumps({"action": "other"})))["route"] == "$default"
            assert (await exchange(client, "not json"))["route"] == "$default"
            assert (await exchange(client, json.dumps({"no": "action"})))["route"] == "$default"

    asyncio.run(scenario())


def test_nested_selection_expression(server: EmulatorProcess, echo: str) -> None:
    api_id = websocket_api(
        server, {"join": echo, "$default": echo}, two_way=["join", "$default"], selection="$request.body.meta.type"
    )

    async def scenario() -> None:
        async with connect_by_path(server, api_id) as client:
            assert (await exchange(client, json.dumps({"meta": {"type": "join"}})))["route"] == "join"
            assert (await exchange(client, json.dumps({"meta": "join"})))["route"] == "$default"

    asyncio.run(scenario())


def test_no_route_and_no_default_answers_forbidden_frame(server: EmulatorProcess, echo: str) -> None:
    api_id = websocket_api(server, {"sendmessage": echo}, two_way=["sendmessage"])

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            await client.send(json.dumps({"action": "unknown"}))
            frame = await asyncio.wait_for(client.recv(), 20)
            answer = json.loads(frame)
            assert answer["message"] == "Forbidden"
            assert set(answer) == {"message", "connectionId", "requestId"}
            assert frame.startswith('{"message": "Forbidden", "connectionId":"')
            # The connection stays open.
            assert (await exchange(client, json.dumps({"action": "sendmessage"})))["route"] == "sendmessage"

    asyncio.run(scenario())


def test_one_way_route_sends_nothing_back(server: EmulatorProcess, echo: str) -> None:
    api_id = websocket_api(server, {"quiet": echo, "loud": echo}, two_way=["loud"])

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            await client.send(json.dumps({"action": "quiet"}))
            assert (await exchange(client, json.dumps({"action": "loud"})))["route"] == "loud"

    asyncio.run(scenario())


def test_binary_message_reaches_default_base64_encoded(server: EmulatorProcess, echo: str) -> None:
    api_id = websocket_api(server, {"$default": echo}, two_way=["$default"])

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            reply = await exchange(client, b"\x00\x01binary")
            assert reply["route"] == "$default"
            assert reply["b64"] is True
            assert reply["body"] == "AAFiaW5hcnk="

    asyncio.run(scenario())


def test_handler_error_answers_internal_server_error_frame(server: EmulatorProcess) -> None:
    failing = create_function(server, "ws-fail", "def handler(event, context):\n    raise ValueError('no')\n")
    api_id = websocket_api(server, {"$default": failing}, two_way=["$default"])

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            await client.send("x")
            frame = await asyncio.wait_for(client.recv(), 20)
            assert frame.startswith('{"message": "Internal server error", "connectionId":"')

    asyncio.run(scenario())


def test_message_event_shape(server: EmulatorProcess) -> None:
    code = "import json\n\ndef handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps(event)}\n"
    raw = create_function(server, "ws-raw", code)
    api_id = websocket_api(server, {"$default": raw}, two_way=["$default"])

    async def scenario() -> dict[str, Any]:
        async with connect(server, api_id, user_agent_header="chat-test/1.0") as client:
            return await exchange(client, "hello")

    event = asyncio.run(scenario())
    assert event["body"] == "hello"
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["routeKey"] == "$default"
    assert context["eventType"] == "MESSAGE"
    assert context["messageDirection"] == "IN"
    assert context["stage"] == "test"
    assert context["apiId"] == api_id
    assert context["domainName"] == f"{api_id}.execute-api.localhost:{server.port}"
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["identity"]["userAgent"] == "chat-test/1.0"
    assert context["messageId"] and context["requestId"] and context["extendedRequestId"]
    assert isinstance(context["connectedAt"], int) and context["requestTimeEpoch"] >= context["connectedAt"]
    assert context["requestTime"].endswith(" +0000")
    assert context["connectionId"].endswith("=")


def test_messages_of_one_connection_are_handled_in_order(server: EmulatorProcess) -> None:
    # A handler that takes longer for earlier messages: replies only stay in order if serialized.
    code = (
        "import time\n\ndef handler(event, context):\n"
        "    n = int(event['body'])\n    time.sleep(0.05 if n < 3 else 0)\n"
        "    return {'statusCode': 200, 'body': str(n)}\n"
    )
    slow = create_function(server, "ws-order", code)
    api_id = websocket_api(server, {"$default": slow}, two_way=["$default"])

    async def scenario() -> tuple[list[str], list[str]]:
        async with connect(server, api_id) as first, connect(server, api_id) as second:
            for n in range(8):
                await first.send(str(n))
                await second.send(str(n))
            replies_first = [await asyncio.wait_for(first.recv(), 20) for _ in range(8)]
            replies_second = [await asyncio.wait_for(second.recv(), 20) for _ in range(8)]
            return replies_first, replies_second

    replies_first, replies_second = asyncio.run(scenario())
    assert replies_first == [str(n) for n in range(8)]
    assert replies_second == [str(n) for n in range(8)]


def test_connection_id_comes_from_echo_on_default(server: EmulatorProcess, echo: str) -> None:
    api_id = websocket_api(server, {"$default": echo}, two_way=["$default"])

    async def scenario() -> tuple[str, str]:
        async with connect(server, api_id) as first, connect(server, api_id) as second:
            return await connection_id_of(first), await connection_id_of(second)

    first, second = asyncio.run(scenario())
    assert first != second


def test_integration_timeout_answers_timed_out_frame(server: EmulatorProcess) -> None:
    slow = create_function(server, "ws-slow", "import time\n\ndef handler(event, context):\n    time.sleep(5)\n")
    api_id = websocket_api(server, {"$default": slow}, two_way=["$default"])
    apigw = server.client("apigatewayv2")
    (integration,) = apigw.get_integrations(ApiId=api_id)["Items"]
    apigw.update_integration(ApiId=api_id, IntegrationId=integration["IntegrationId"], TimeoutInMillis=500)
    apigw.create_deployment(ApiId=api_id, StageName="test")

    async def scenario() -> str:
        async with connect(server, api_id) as client:
            await client.send("x")
            return await asyncio.wait_for(client.recv(), 20)

    assert asyncio.run(scenario()).startswith('{"message": "Endpoint request timed out", "connectionId":"')
