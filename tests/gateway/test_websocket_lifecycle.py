"""WebSocket connections: $connect (events, rejection, authorizer), $disconnect on every kind of
close, the management API (PostToConnection, GetConnection, DeleteConnection, GoneException)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
from typing import Any

import pytest
import websockets
from botocore.exceptions import ClientError
from test_websocket_support import (
    ECHO,
    RECORD,
    connect,
    connection_id_of,
    create_events_table,
    create_function,
    recorded,
    websocket_api,
)
from websockets.exceptions import ConnectionClosed

from emulator.testing import EmulatorProcess

ALLOW_TOKEN = """
def handler(event, context):
    token = event["queryStringParameters"]["token"]
    effect = "Allow" if token == "good" else "Deny"
    return {
        "principalId": "user-1",
        "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]},
        "context": {"team": "blue", "level": 3},
    }
"""


@pytest.fixture
def record(server: EmulatorProcess) -> str:
    create_events_table(server)
    return create_function(server, "ws-record", RECORD)


@pytest.fixture
def echo(server: EmulatorProcess) -> str:
    return create_function(server, "ws-echo", ECHO)


def management(server: EmulatorProcess, endpoint: str | None = None) -> Any:
    return server.client("apigatewaymanagementapi", endpoint_url=endpoint or server.url)


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_connect_event_has_headers_and_query(server: EmulatorProcess, record: str) -> None:
    api_id = websocket_api(server, {"$connect": record})

    async def scenario() -> None:
        async with connect(server, api_id, "?room=blue&tag=a&tag=b", additional_headers={"X-Custom": "yes"}):
            pass

    asyncio.run(scenario())
    (event,) = recorded(server, "CONNECT")
    assert event["headers"]["X-Custom"] == "yes"
    assert event["headers"]["Host"] == f"{api_id}.execute-api.localhost:{server.port}"
    assert event["multiValueHeaders"]["X-Custom"] == ["yes"]
    assert event["headers"]["X-Amzn-Trace-Id"].startswith("Root=1-")
    assert "Connection" not in event["headers"] and "Upgrade" not in event["headers"]
    assert event["queryStringParameters"] == {"room": "blue", "tag": "b"}
    assert event["multiValueQueryStringParameters"] == {"room": ["blue"], "tag": ["a", "b"]}
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["routeKey"] == "$connect"
    assert context["eventType"] == "CONNECT"
    assert context["messageDirection"] == "IN"
    assert "messageId" not in context
    assert context["stage"] == "test" and context["apiId"] == api_id


# 999: the function raises, which AWS answers 502 (as clients report for a crashing $connect handler).
@pytest.mark.parametrize(("status", "expected"), [(401, 401), (403, 403), (999, 502)])
def test_connect_rejected_by_status_or_error(server: EmulatorProcess, record: str, status: int, expected: int) -> None:
    api_id = websocket_api(server, {"$connect": record})

    async def scenario() -> None:
        async with connect(server, api_id, f"?status={status}"):
            pass

    with pytest.raises(websockets.InvalidStatus) as excinfo:
        asyncio.run(scenario())
    assert excinfo.value.response.status_code == expected


def test_unknown_stage_and_api_refuse_handshake(server: EmulatorProcess, echo: str) -> None:
    api_id = websocket_api(server, {"$default": echo})

    async def scenario(uri: str) -> None:
        async with websockets.connect(uri, proxy=None):
            pass

    with pytest.raises(websockets.InvalidStatus) as excinfo:
        asyncio.run(scenario(f"ws://127.0.0.1:{server.port}/_aws/execute-api/{api_id}/nostage"))
    assert excinfo.value.response.status_code == 403
    with pytest.raises(websockets.InvalidStatus) as excinfo:
        asyncio.run(scenario(f"ws://127.0.0.1:{server.port}/_aws/execute-api/nosuchapi/test"))
    assert excinfo.value.response.status_code == 404


def test_connect_authorizer_allows_denies_and_needs_identity(server: EmulatorProcess, record: str) -> None:
    authorizer = create_function(server, "ws-auth", ALLOW_TOKEN)
    api_id = websocket_api(server, {"$connect": record, "$default": record}, authorizer_arn=authorizer)

    async def attempt(query: str) -> None:
        async with connect(server, api_id, query) as client:
            await client.send("hello")

    asyncio.run(attempt("?token=good"))
    for query, status in (("?token=bad", 403), ("", 401)):
        with pytest.raises(websockets.InvalidStatus) as excinfo:
            asyncio.run(attempt(query))
        assert excinfo.value.response.status_code == status
    (connected,) = recorded(server, "CONNECT")
    authorized = connected["requestContext"]["authorizer"]
    assert authorized["principalId"] == "user-1"
    assert authorized["team"] == "blue" and authorized["level"] == "3"
    (message,) = recorded(server, "MESSAGE")
    assert message["requestContext"]["authorizer"]["principalId"] == "user-1"


def test_disconnect_runs_on_client_close_with_its_code(server: EmulatorProcess, record: str) -> None:
    api_id = websocket_api(server, {"$disconnect": record})

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            await client.close(4000, "bye")
        async with connect(server, api_id) as client:
            await client.close(1000)

    asyncio.run(scenario())
    events = recorded(server, "DISCONNECT", 2)
    closes = sorted((e["requestContext"]["disconnectStatusCode"], e["requestContext"]["disconnectReason"]) for e in events)
    assert closes == [(1000, ""), (4000, "bye")]
    context = events[0]["requestContext"]
    assert context["routeKey"] == "$disconnect" and context["eventType"] == "DISCONNECT"


def test_delete_connection_closes_runs_disconnect_then_gone(server: EmulatorProcess, record: str, echo: str) -> None:
    api_id = websocket_api(server, {"$disconnect": record, "$default": echo}, two_way=["$default"])
    client_api = management(server)

    async def scenario() -> tuple[str, int | None]:
        async with connect(server, api_id) as client:
            connection_id = await connection_id_of(client)
            await asyncio.to_thread(client_api.delete_connection, ConnectionId=connection_id)
            await asyncio.wait_for(client.wait_closed(), 10)
            return connection_id, client.close_code

    connection_id, close_code = asyncio.run(scenario())
    assert close_code == 1000
    (event,) = recorded(server, "DISCONNECT")
    assert event["requestContext"]["connectionId"] == connection_id
    assert event["requestContext"]["disconnectStatusCode"] == 1000
    assert event["requestContext"]["disconnectReason"] == "Connection Closed Normally"
    for call in (
        lambda: client_api.post_to_connection(ConnectionId=connection_id, Data=b"late"),
        lambda: client_api.get_connection(ConnectionId=connection_id),
        lambda: client_api.delete_connection(ConnectionId=connection_id),
    ):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_of(excinfo) == ("GoneException", 410)


def test_unknown_connection_is_gone(server: EmulatorProcess) -> None:
    with pytest.raises(ClientError) as excinfo:
        management(server).post_to_connection(ConnectionId="AAAAAAAAAAAAAAA=", Data=b"x")
    assert error_of(excinfo) == ("GoneException", 410)


def test_frame_over_32_kb_closes_with_1009(server: EmulatorProcess, record: str, echo: str) -> None:
    api_id = websocket_api(server, {"$disconnect": record, "$default": echo}, two_way=["$default"])

    async def scenario() -> int | None:
        async with connect(server, api_id) as client:
            reply = json.loads(await _exchange(client, "x" * 32 * 1024))
            assert reply["route"] == "$default"
            await client.send("x" * (32 * 1024 + 1))
            await asyncio.wait_for(client.wait_closed(), 10)
            return client.close_code

    assert asyncio.run(scenario()) == 1009
    (event,) = recorded(server, "DISCONNECT")
    assert event["requestContext"]["disconnectStatusCode"] == 1009


async def _exchange(client: Any, message: str) -> str:
    await client.send(message)
    return await asyncio.wait_for(client.recv(), 20)


def test_post_to_connection_text_and_binary_and_stage_url(server: EmulatorProcess, echo: str) -> None:
    api_id = websocket_api(server, {"$default": echo}, two_way=["$default"])
    stage_url = f"http://127.0.0.1:{server.port}/_aws/execute-api/{api_id}/test"

    async def scenario() -> list[str | bytes]:
        async with connect(server, api_id) as client:
            connection_id = await connection_id_of(client)
            await asyncio.to_thread(management(server).post_to_connection, ConnectionId=connection_id, Data=b"hello")
            await asyncio.to_thread(
                management(server, stage_url).post_to_connection, ConnectionId=connection_id, Data=b"\xff\x00raw"
            )
            return [await asyncio.wait_for(client.recv(), 10) for _ in range(2)]

    assert asyncio.run(scenario()) == ["hello", b"\xff\x00raw"]


def test_get_connection(server: EmulatorProcess, echo: str) -> None:
    api_id = websocket_api(server, {"$default": echo}, two_way=["$default"])
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)

    async def scenario() -> dict[str, Any]:
        async with connect(server, api_id, user_agent_header="agent/2") as client:
            connection_id = await connection_id_of(client)
            return await asyncio.to_thread(management(server).get_connection, ConnectionId=connection_id)

    found = asyncio.run(scenario())
    assert found["Identity"] == {"SourceIp": "127.0.0.1", "UserAgent": "agent/2"}
    assert before <= found["ConnectedAt"] <= found["LastActiveAt"] <= dt.datetime.now(dt.UTC)


def test_disconnect_runs_when_the_client_vanishes(server: EmulatorProcess, record: str) -> None:
    api_id = websocket_api(server, {"$disconnect": record})

    async def scenario() -> None:
        client = await connect(server, api_id)
        client.transport.abort()  # no close frame: the TCP connection just ends

    asyncio.run(scenario())
    (event,) = recorded(server, "DISCONNECT")
    # The ASGI server reports a lost connection like a close frame without a status code.
    assert event["requestContext"]["routeKey"] == "$disconnect"
    assert event["requestContext"]["disconnectStatusCode"] == 1005


def test_connect_route_chooses_the_subprotocol(server: EmulatorProcess) -> None:
    code = (
        "def handler(event, context):\n"
        "    offered = event['headers']['Sec-WebSocket-Protocol'].split(',')[-1].strip()\n"
        "    return {'statusCode': 200, 'headers': {'Sec-WebSocket-Protocol': offered}}\n"
    )
    chooser = create_function(server, "ws-subprotocol", code)
    api_id = websocket_api(server, {"$connect": chooser})

    async def scenario() -> str | None:
        async with connect(server, api_id, subprotocols=["chat.v1", "chat.v2"]) as client:
            return client.subprotocol

    assert asyncio.run(scenario()) == "chat.v2"


def test_message_in_small_frames_is_accepted_up_to_128_kb_and_a_larger_one_closes(
    server: EmulatorProcess, record: str, echo: str
) -> None:
    api_id = websocket_api(server, {"$disconnect": record, "$default": echo}, two_way=["$default"])

    async def scenario() -> int | None:
        async with connect(server, api_id) as client:
            await client.send(["y" * 25 * 1024] * 4)  # one 100 KB message in four 25 KB frames
            reply = json.loads(await asyncio.wait_for(client.recv(), 20))
            assert reply["route"] == "$default"
            with contextlib.suppress(ConnectionClosed):  # the server may close mid-send
                await client.send(["z" * 32 * 1024] * 4 + ["z" * 1024])  # 129 KB
            await asyncio.wait_for(client.wait_closed(), 10)
            return client.close_code

    assert asyncio.run(scenario()) == 1009
    (event,) = recorded(server, "DISCONNECT")
    assert event["requestContext"]["disconnectStatusCode"] == 1009


def test_post_over_128_kb_is_payload_too_large(server: EmulatorProcess) -> None:
    with pytest.raises(ClientError) as excinfo:
        management(server).post_to_connection(ConnectionId="AAAAAAAAAAAAAAA=", Data=b"x" * (128 * 1024 + 1))
    assert error_of(excinfo) == ("PayloadTooLargeException", 413)


def test_no_user_agent_leaves_it_out_of_identity(server: EmulatorProcess, record: str) -> None:
    api_id = websocket_api(server, {"$connect": record, "$default": record})

    async def scenario() -> dict[str, Any]:
        async with connect(server, api_id, user_agent_header=None) as client:
            await client.send("hi")
            (message,) = await asyncio.to_thread(recorded, server, "MESSAGE")
            return await asyncio.to_thread(management(server).get_connection, ConnectionId=message["requestContext"]["connectionId"])

    found = asyncio.run(scenario())
    assert found["Identity"] == {"SourceIp": "127.0.0.1"}
    (connected,) = recorded(server, "CONNECT")
    assert connected["requestContext"]["identity"] == {"sourceIp": "127.0.0.1"}
    assert "User-Agent" not in connected["headers"]


@pytest.mark.parametrize("operation", ["post_to_connection", "get_connection", "delete_connection"])
def test_malformed_connection_id_is_a_bad_request(server: EmulatorProcess, operation: str) -> None:
    arguments: dict[str, Any] = {"ConnectionId": "not-an-id"}
    if operation == "post_to_connection":
        arguments["Data"] = b"x"
    with pytest.raises(ClientError) as excinfo:
        getattr(management(server), operation)(**arguments)
    assert error_of(excinfo) == ("BadRequestException", 400)
    assert excinfo.value.response["Error"]["Message"] == "Invalid connectionId: not-an-id"


def test_connect_to_a_missing_function_answers_500(server: EmulatorProcess) -> None:
    api_id = websocket_api(server, {"$connect": "arn:aws:lambda:us-east-1:000000000000:function:nowhere"})

    async def scenario() -> None:
        async with connect(server, api_id):
            pass

    with pytest.raises(websockets.InvalidStatus) as excinfo:
        asyncio.run(scenario())
    assert excinfo.value.response.status_code == 500
