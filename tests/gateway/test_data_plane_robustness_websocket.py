"""WebSocket APIs under odd messages, odd frames and odd function results.

A message the selection expression finds nothing in (not JSON, no such field,
a field that is not text) goes to ``$default``; a function that fails, or a
two-way reply that is not what it says (a body claiming base64 that is not),
is answered with AWS's error frame; a frame over 32 KB closes the connection
with 1009, a frame breaking the protocol with 1002; @connections to a closed
or unknown connection is 410 GoneException. The server stays healthy.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import websockets
from test_websocket_support import connect, create_function, websocket_api

from emulator.testing import EmulatorProcess

#: Answers a message as it asks (``{"reply": result}`` or ``{"raise": ...}``), else with the route it came by.
ODD = """
import json

def handler(event, context):
    ctx = event["requestContext"]
    try:
        ask = json.loads(event.get("body") or "null")
    except ValueError:
        ask = None
    if isinstance(ask, dict) and "raise" in ask:
        raise ValueError(ask["raise"])
    if isinstance(ask, dict) and "reply" in ask:
        return ask["reply"]
    return {"statusCode": 200, "body": ctx["routeKey"] + ":" + ctx["connectionId"]}
"""


@pytest.fixture
def api(server: EmulatorProcess) -> str:
    function = create_function(server, "odd-ws", ODD)
    return websocket_api(
        server, {"$connect": function, "$default": function, "go": function}, two_way=["$default", "go"],
        selection="$request.body.step.action",
    )  # fmt: skip


def talk(server: EmulatorProcess, api_id: str, messages: list[str | bytes]) -> tuple[list[str], str]:
    """The replies to each message in turn, and the connection id."""

    async def scenario() -> tuple[list[str], str]:
        async with connect(server, api_id) as client:
            replies = []
            for message in messages:
                await client.send(message)
                replies.append(await asyncio.wait_for(client.recv(decode=True), 20))
        return replies, replies[-1].rsplit(":", 1)[-1]

    return asyncio.run(scenario())


def error_frame(reply: str) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(reply)
    assert set(frame) == {"message", "connectionId", "requestId"}
    return frame


def test_messages_the_selection_expression_finds_nothing_in_go_to_default(server: EmulatorProcess, api: str) -> None:
    messages: list[str | bytes] = [
        '{"step": {"action": "go"}}', "not json", "", "[1, 2]", '{"step": "go"}', '{"step": {"action": 5}}',
        '{"step": {"action": null}}', '{"step": {"action": {"deeper": 1}}}', "\u2603", b"\x00\xff binary",
    ]  # fmt: skip
    replies, _ = talk(server, api, messages)
    assert [reply.split(":", 1)[0] for reply in replies] == ["go"] + ["$default"] * (len(messages) - 1)


@pytest.mark.parametrize(
    "ask",
    [{"raise": "boom"}, {"reply": {"statusCode": 200, "body": "abc", "isBase64Encoded": True}}],
    ids=["function-error", "body-not-base64"],
)
def test_a_failed_reply_is_the_error_frame(server: EmulatorProcess, api: str, ask: dict[str, Any]) -> None:
    replies, connection_id = talk(server, api, [json.dumps(ask), "after"])
    frame = error_frame(replies[0])
    assert (frame["message"], frame["connectionId"]) == ("Internal server error", connection_id)
    assert replies[1].startswith("$default:")


@pytest.mark.parametrize(
    ("reply", "sent"),
    [
        ({"statusCode": 200, "body": {"a": 1}}, '{"a":1}'),
        ({"statusCode": 200, "body": "aGk=", "isBase64Encoded": True}, "hi"),
        ([1, 2], "[1, 2]"),  # the function's own JSON, as it wrote it
        ("text", "text"),
    ],
    ids=["body-object", "body-base64", "bare-list", "bare-string"],
)
def test_a_two_way_reply_of_any_shape_is_sent(server: EmulatorProcess, api: str, reply: Any, sent: str) -> None:
    replies, _ = talk(server, api, [json.dumps({"reply": reply})])
    assert replies[0] == sent


def test_an_oversized_frame_closes_with_1009(server: EmulatorProcess, api: str) -> None:
    async def scenario() -> int | None:
        async with connect(server, api) as client:
            await client.send("a" * 40_000)
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(client.recv(), 20)
            return closed.value.rcvd.code if closed.value.rcvd else None

    assert asyncio.run(scenario()) == 1009
    assert talk(server, api, ["still up"])[0][0].startswith("$default:")


def test_posting_to_a_closed_or_unknown_connection_is_gone(server: EmulatorProcess, api: str) -> None:
    _, connection_id = talk(server, api, ["hello"])
    host = f"{api}.execute-api.localhost:{server.port}"
    signed = "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=0"
    for target in (connection_id, "AAAAAAAAAAAAAAA="):
        response = httpx.post(
            f"{server.url}/test/@connections/{target}", headers={"Host": host, "Authorization": signed},
            content=b"hi", timeout=10,
        )  # fmt: skip
        assert (response.status_code, response.headers["x-amzn-errortype"]) == (410, "GoneException")


def test_a_mock_route_whose_template_does_not_parse_answers_the_error_frame(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="mock", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")[
        "ApiId"
    ]
    for key, template in (("$default", '{"statusCode": 200}'), ("broken", "#if(")):
        integration = client.create_integration(
            ApiId=api_id, IntegrationType="MOCK", RequestTemplates={"$default": template},
            TemplateSelectionExpression="\\$default",
        )["IntegrationId"]  # fmt: skip
        client.create_integration_response(
            ApiId=api_id, IntegrationId=integration, IntegrationResponseKey="$default",
            ResponseTemplates={"$default": "mocked"}, TemplateSelectionExpression="\\$default",
        )  # fmt: skip
        route = client.create_route(
            ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}", RouteResponseSelectionExpression="$default"
        )
        client.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    client.create_stage(ApiId=api_id, StageName="test", DeploymentId=client.create_deployment(ApiId=api_id)["DeploymentId"])

    async def scenario() -> list[str]:
        async with connect(server, api_id) as connection:
            replies = []
            for message in ('{"action": "broken"}', "other"):
                await connection.send(message)
                replies.append(await asyncio.wait_for(connection.recv(decode=True), 20))
            return replies

    broken, other = asyncio.run(scenario())
    assert error_frame(broken)["message"] == "Internal server error"
    assert other == "mocked"


#: $connect answers with the JSON in the ``answer`` query parameter.
CONNECT_AS_ASKED = """
import json

def handler(event, context):
    if event["requestContext"]["eventType"] == "CONNECT":
        return json.loads(event["queryStringParameters"]["answer"])
    return {"statusCode": 200, "body": "ok"}
"""


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ({"statusCode": 200, "headers": {"Sec-WebSocket-Protocol": "chat\r\nx-injected: yes"}}, 502),
        ({"statusCode": 200, "headers": {"Sec-WebSocket-Protocol": "\u2713"}}, 502),
        ({"statusCode": 200, "headers": "not an object"}, 502),
        ({"statusCode": 499}, 502),
        ({"statusCode": 101}, 502),
        ({"statusCode": 403}, 403),
    ],
    ids=["protocol-line-break", "protocol-non-ascii", "headers-not-an-object", "status-without-phrase", "status-interim", "refused"],
)
def test_a_connect_answer_the_handshake_cannot_carry_is_refused(
    server: EmulatorProcess, answer: dict[str, Any], status: int
) -> None:
    api_id = websocket_api(server, {"$connect": create_function(server, "connects", CONNECT_AS_ASKED)})
    mark = len(server.output_since(0))

    async def scenario() -> int:
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with connect(server, api_id, "?answer=" + quote(json.dumps(answer)), subprotocols=["chat"]):
                pass
        return refused.value.response.status_code

    assert asyncio.run(scenario()) == status
    logged = "".join(server.output_since(mark))
    assert "Traceback" not in logged and "ERROR" not in logged
