"""Helpers for the WebSocket API tests: functions from inline code, APIs, real clients.

Named test_websocket_* so that it sits with the WebSocket tests; it holds no tests.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function

EVENTS_TABLE = "ws-events"

#: Answers a two-way route with the route key it was called for and the body it got.
ECHO = """
import json

def handler(event, context):
    ctx = event["requestContext"]
    return {"statusCode": 200, "body": json.dumps({
        "route": ctx["routeKey"], "body": event.get("body"), "b64": event["isBase64Encoded"], "connectionId": ctx["connectionId"],
    })}
"""

#: Stores every event it gets in the ws-events table (the test reads them back);
#: $connect answers the status named by the ``status`` query parameter.
RECORD = """
import json
import boto3

table = boto3.resource("dynamodb").Table("ws-events")

def handler(event, context):
    ctx = event["requestContext"]
    table.put_item(Item={"id": ctx["requestId"], "kind": ctx["eventType"], "connection": ctx["connectionId"], "event": json.dumps(event)})
    status = int((event.get("queryStringParameters") or {}).get("status", "200"))
    if status == 999:
        raise RuntimeError("refused")
    return {"statusCode": status}
"""


def create_function(server: EmulatorProcess, name: str, code: str, timeout: int = 10) -> str:
    return create_python_function(server.client("lambda"), name, code, Timeout=timeout)["FunctionArn"]


def lambda_uri(function_arn: str) -> str:
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations"


def websocket_api(
    server: EmulatorProcess,
    routes: dict[str, str],
    *,
    two_way: Iterable[str] = (),
    selection: str = "$request.body.action",
    authorizer_arn: str | None = None,
    identity_source: list[str] | None = None,
) -> str:
    """A deployed WebSocket API (stage ``test``) whose routes call the given functions."""
    apigw = server.client("apigatewayv2")
    api_id = apigw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression=selection)["ApiId"]
    authorizer_id = None
    if authorizer_arn is not None:
        authorizer_id = apigw.create_authorizer(
            ApiId=api_id,
            Name="auth",
            AuthorizerType="REQUEST",
            AuthorizerUri=lambda_uri(authorizer_arn),
            IdentitySource=identity_source or ["route.request.querystring.token"],
        )["AuthorizerId"]
    two_way = set(two_way)
    for key, function_arn in routes.items():
        integration = apigw.create_integration(
            ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=lambda_uri(function_arn)
        )
        options: dict[str, Any] = {"Target": f"integrations/{integration['IntegrationId']}"}
        if key in two_way:
            options["RouteResponseSelectionExpression"] = "$default"
        if key == "$connect" and authorizer_id is not None:
            options.update(AuthorizationType="CUSTOM", AuthorizerId=authorizer_id)
        route = apigw.create_route(ApiId=api_id, RouteKey=key, **options)
        if key in two_way:
            apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    deployment = apigw.create_deployment(ApiId=api_id)
    apigw.create_stage(ApiId=api_id, StageName="test", DeploymentId=deployment["DeploymentId"])
    return api_id


def connect(server: EmulatorProcess, api_id: str, query: str = "", **options: Any) -> Any:
    """A client on the host-based URL, connecting to 127.0.0.1 (``*.localhost`` does not resolve)."""
    uri = f"ws://{api_id}.execute-api.localhost:{server.port}/test{query}"
    return websockets.connect(uri, host="127.0.0.1", port=server.port, proxy=None, open_timeout=20, **options)


def connect_by_path(server: EmulatorProcess, api_id: str, **options: Any) -> Any:
    uri = f"ws://127.0.0.1:{server.port}/_aws/execute-api/{api_id}/test"
    return websockets.connect(uri, proxy=None, open_timeout=20, **options)


async def connection_id_of(client: ClientConnection) -> str:
    """The connection id: from AWS's Forbidden frame, or from ECHO on a two-way $default route."""
    await client.send(json.dumps({"action": "__whoami__"}))
    return json.loads(await client.recv(decode=True))["connectionId"]


def create_events_table(server: EmulatorProcess) -> None:
    server.client("dynamodb").create_table(
        TableName=EVENTS_TABLE,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


def recorded(server: EmulatorProcess, kind: str, count: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:
    """The events of one kind (CONNECT, MESSAGE, DISCONNECT) the RECORD function stored."""
    dynamodb = server.client("dynamodb")
    deadline = time.monotonic() + timeout
    while True:
        items = dynamodb.scan(TableName=EVENTS_TABLE)["Items"]
        events = [json.loads(item["event"]["S"]) for item in items if item["kind"]["S"] == kind]
        if len(events) >= count or time.monotonic() > deadline:
            return events
        time.sleep(0.05)
