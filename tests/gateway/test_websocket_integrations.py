"""WebSocket routes on MOCK, AWS (Lambda non-proxy), HTTP and HTTP_PROXY integrations: request
templates chosen by the template selection expression, integration responses chosen by the
integration response selection expression, two-way replies, $connect on such integrations."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
import websockets
from loopback_http import QuietHandler, serving
from test_websocket_support import connect, create_function, lambda_uri

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

#: Answers what it got: the (non-proxy) event it was invoked with.
RETURN_EVENT = """
def handler(event, context):
    return {"got": event}
"""


class _Recorder(QuietHandler):
    """Answers ``{"path", "body", "connection"}``; a path starting /status/NNN answers that status."""

    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("content-length") or 0)).decode()
        record = {
            "path": self.path,
            "body": body,
            "connection": self.headers.get("x-connection"),
            "version": self.headers.get("sec-websocket-version"),
            "custom": self.headers.get("x-custom"),
        }
        self.seen.append(record)
        status = int(self.path.split("/")[2]) if self.path.startswith("/status/") else 200
        answer = json.dumps(record).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST



@pytest.fixture
def backend() -> Iterator[str]:
    _Recorder.seen = []
    with serving(_Recorder) as url:
        yield url


def deploy(server: EmulatorProcess, routes: dict[str, dict[str, Any]], responses: dict[str, list[dict[str, Any]]] | None = None) -> str:
    """A WebSocket API whose routes use the given integrations (``responses``: integration responses
    per route key); every route but $connect/$disconnect is two-way."""
    apigw = server.client("apigatewayv2")
    api_id = apigw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    for key, integration in routes.items():
        integration_id = apigw.create_integration(ApiId=api_id, **integration)["IntegrationId"]
        for response in (responses or {}).get(key, []):
            apigw.create_integration_response(ApiId=api_id, IntegrationId=integration_id, **response)
        two_way = key not in ("$connect", "$disconnect")
        options = {"RouteResponseSelectionExpression": "$default"} if two_way else {}
        route_id = apigw.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration_id}", **options)["RouteId"]
        if two_way:
            apigw.create_route_response(ApiId=api_id, RouteId=route_id, RouteResponseKey="$default")
    apigw.create_stage(ApiId=api_id, StageName="test", DeploymentId=apigw.create_deployment(ApiId=api_id)["DeploymentId"])
    return api_id


async def exchange(client: Any, message: str) -> str:
    await client.send(message)
    return await asyncio.wait_for(client.recv(), 20)


def test_mock_route_answers_its_integration_response_template(server: EmulatorProcess) -> None:
    mock = {
        "IntegrationType": "MOCK",
        "TemplateSelectionExpression": "\\$default",
        "RequestTemplates": {"$default": '{"statusCode": 200}'},
    }
    reply = {
        "IntegrationResponseKey": "$default",
        "TemplateSelectionExpression": "\\$default",
        "ResponseTemplates": {"$default": '{"route": "$context.routeKey", "id": "$context.connectionId", "stage": "$context.stage"}'},
    }
    api_id = deploy(server, {"$connect": {"IntegrationType": "MOCK"}, "$default": mock}, {"$default": [reply]})

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            answer = json.loads(await exchange(client, "hello"))
            assert answer["route"] == "$default" and answer["stage"] == "test"
            assert len(answer["id"]) == 16

    asyncio.run(scenario())


def test_mock_status_picks_the_integration_response_by_pattern(server: EmulatorProcess) -> None:
    mock = {
        "IntegrationType": "MOCK",
        "TemplateSelectionExpression": "${request.body.kind}",
        "RequestTemplates": {"ok": '{"statusCode": 200}', "missing": '{"statusCode": 404}'},
    }
    responses = [
        {"IntegrationResponseKey": "/2\\d\\d/", "ResponseTemplates": {"$default": '{"result": "good"}'}, "TemplateSelectionExpression": "\\$default"},
        {"IntegrationResponseKey": "/4\\d\\d/", "ResponseTemplates": {"$default": '{"result": "not found"}'}, "TemplateSelectionExpression": "\\$default"},
    ]
    api_id = deploy(server, {"lookup": mock}, {"lookup": responses})

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            assert json.loads(await exchange(client, json.dumps({"action": "lookup", "kind": "ok"}))) == {"result": "good"}
            assert json.loads(await exchange(client, json.dumps({"action": "lookup", "kind": "missing"}))) == {"result": "not found"}

    asyncio.run(scenario())


def test_lambda_non_proxy_gets_the_mapped_request_and_answers_through_templates(server: EmulatorProcess) -> None:
    function = create_function(server, "ws-return-event", RETURN_EVENT)
    aws = {
        "IntegrationType": "AWS",
        "IntegrationMethod": "POST",
        "IntegrationUri": lambda_uri(function),
        "TemplateSelectionExpression": "\\$default",
        "RequestTemplates": {"$default": '{"text": $input.json(\'$.text\'), "cid": "$context.connectionId", "route": "$context.routeKey"}'},
    }
    passthrough = {"IntegrationResponseKey": "$default"}
    shaped = {
        "IntegrationResponseKey": "$default",
        "TemplateSelectionExpression": "\\$default",
        "ResponseTemplates": {"$default": "said $input.path('$.got.text')"},
    }
    api_id = deploy(server, {"echo": aws, "shout": dict(aws)}, {"echo": [passthrough], "shout": [shaped]})

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            answer = json.loads(await exchange(client, json.dumps({"action": "echo", "text": "hi"})))
            assert answer["got"]["text"] == "hi" and answer["got"]["route"] == "echo"
            assert len(answer["got"]["cid"]) == 16
            assert await exchange(client, json.dumps({"action": "shout", "text": "loud"})) == "said loud"

    asyncio.run(scenario())


def test_lambda_non_proxy_without_template_gets_the_message_itself(server: EmulatorProcess) -> None:
    function = create_function(server, "ws-return-event", RETURN_EVENT)
    aws = {"IntegrationType": "AWS", "IntegrationMethod": "POST", "IntegrationUri": lambda_uri(function)}
    api_id = deploy(server, {"$default": aws}, {"$default": [{"IntegrationResponseKey": "$default"}]})

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            assert json.loads(await exchange(client, '{"a": 1}')) == {"got": {"a": 1}}

    asyncio.run(scenario())


def test_passthrough_never_refuses_an_unmatched_message(server: EmulatorProcess) -> None:
    mock = {
        "IntegrationType": "MOCK",
        "PassthroughBehavior": "NEVER",
        "TemplateSelectionExpression": "${request.body.kind}",
        "RequestTemplates": {"ok": '{"statusCode": 200}'},
    }
    api_id = deploy(server, {"$default": mock}, {"$default": [{"IntegrationResponseKey": "$default", "ResponseTemplates": {"$default": "fine"}}]})

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            assert await exchange(client, json.dumps({"kind": "ok"})) == "fine"
            answer = json.loads(await exchange(client, json.dumps({"kind": "other"})))
            assert answer["message"] == "Unsupported Media Type"

    asyncio.run(scenario())


def test_http_proxy_route_forwards_the_message_and_returns_the_answer(server: EmulatorProcess, backend: str) -> None:
    http = {
        "IntegrationType": "HTTP_PROXY",
        "IntegrationMethod": "POST",
        "IntegrationUri": f"{backend}/messages",
        "RequestParameters": {"integration.request.header.x-connection": "context.connectionId"},
    }
    api_id = deploy(server, {"$default": http})

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            answer = json.loads(await exchange(client, "ping"))
            assert answer["path"] == "/messages" and answer["body"] == "ping"
            assert len(answer["connection"]) == 16

    asyncio.run(scenario())


def test_http_route_maps_the_request_and_the_status(server: EmulatorProcess, backend: str) -> None:
    http = {
        "IntegrationType": "HTTP",
        "IntegrationMethod": "POST",
        "IntegrationUri": f"{backend}/status/404",
        "TemplateSelectionExpression": "\\$default",
        "RequestTemplates": {"$default": '{"wrapped": $input.body}'},
    }
    responses = [
        {"IntegrationResponseKey": "/4\\d\\d/", "ResponseTemplates": {"$default": "missing: $input.path('$.body')"}, "TemplateSelectionExpression": "\\$default"},
        {"IntegrationResponseKey": "$default", "ResponseTemplates": {"$default": "other"}, "TemplateSelectionExpression": "\\$default"},
    ]
    api_id = deploy(server, {"$default": http}, {"$default": responses})

    async def scenario() -> None:
        async with connect(server, api_id) as client:
            assert await exchange(client, '{"x": 1}') == 'missing: {"wrapped": {"x": 1}}'

    asyncio.run(scenario())


def test_connect_on_http_proxy_is_refused_by_a_non_2xx_answer(server: EmulatorProcess, backend: str) -> None:
    refused = deploy(server, {"$connect": {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "POST", "IntegrationUri": f"{backend}/status/403"}})
    allowed = deploy(server, {"$connect": {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "POST", "IntegrationUri": f"{backend}/ok"}})

    async def attempt(api_id: str) -> None:
        async with connect(server, api_id, additional_headers={"X-Custom": "yes"}):
            pass

    asyncio.run(attempt(allowed))
    with pytest.raises(websockets.InvalidStatus) as excinfo:
        asyncio.run(attempt(refused))
    assert excinfo.value.response.status_code == 403
    assert [seen["path"] for seen in _Recorder.seen] == ["/ok", "/status/403"]
    assert _Recorder.seen[0]["custom"] == "yes" and _Recorder.seen[0]["version"] == "13"


def dynamodb_action(action: str, template: str) -> dict[str, Any]:
    return {
        "IntegrationType": "AWS",
        "IntegrationMethod": "POST",
        "IntegrationUri": f"arn:aws:apigateway:us-east-1:dynamodb:action/{action}",
        "CredentialsArn": "arn:aws:iam::000000000000:role/apigateway-dynamodb",
        "TemplateSelectionExpression": "\\$default",
        "RequestTemplates": {"$default": template},
    }


def test_connect_and_disconnect_write_connections_straight_to_dynamodb(server: EmulatorProcess) -> None:
    """serverless-patterns apigw-websocket-api-connection-dynamodb: $connect puts the connection's id
    with PutItem, $disconnect deletes it with DeleteItem, no function in between."""
    dynamodb = server.client("dynamodb")
    dynamodb.create_table(
        TableName="connections",
        KeySchema=[{"AttributeName": "connectionid", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "connectionid", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    key = '"connectionid": {"S": "$context.connectionId"}'
    api_id = deploy(
        server,
        {
            "$connect": dynamodb_action(
                "PutItem", '{"TableName": "connections", "Item": {' + key + ', "stage": {"S": "$context.stage"}}}'
            ),
            "$disconnect": dynamodb_action("DeleteItem", '{"TableName": "connections", "Key": {' + key + "}}"),
        },
    )

    async def visit() -> list[dict[str, Any]]:
        async with connect(server, api_id):
            return dynamodb.scan(TableName="connections")["Items"]

    (item,) = asyncio.run(visit())
    assert item["stage"] == {"S": "test"} and item["connectionid"]["S"]
    wait_until(lambda: not dynamodb.scan(TableName="connections")["Items"])
