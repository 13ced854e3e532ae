"""The $connect REQUEST authorizer: what it is given, 'Unauthorized' failures, its context map."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import websockets
from botocore.exceptions import ClientError
from test_websocket_support import (
    RECORD,
    connect,
    create_events_table,
    create_function,
    lambda_uri,
    recorded,
    websocket_api,
)

from emulator.testing import EmulatorProcess

#: Allows, with a context map chosen by the ``shape`` query parameter; fails 'Unauthorized' on token=no.
AUTHORIZER = """
import json
import boto3

table = boto3.resource("dynamodb").Table("ws-events")

def handler(event, context):
    table.put_item(Item={"id": "authorizer", "kind": "AUTHORIZER", "connection": "-", "event": json.dumps(event)})
    query = event["queryStringParameters"]
    if query["token"] == "no":
        raise Exception("Unauthorized")
    if query["token"] == "boom":
        raise Exception("something else")
    shape = {"flat": {"n": 1, "yes": True, "s": "x"}, "nested": {"inner": {"a": 1}}}[query.get("shape", "flat")]
    return {
        "principalId": "me",
        "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]},
        "context": shape,
    }
"""


@pytest.fixture
def api(server: EmulatorProcess) -> str:
    create_events_table(server)
    record = create_function(server, "ws-record", RECORD)
    authorizer = create_function(server, "ws-authorizer", AUTHORIZER)
    return websocket_api(server, {"$connect": record}, authorizer_arn=authorizer)


async def attempt(server: EmulatorProcess, api_id: str, query: str) -> None:
    async with connect(server, api_id, query):
        pass


@pytest.mark.parametrize(("query", "status"), [("?token=no", 401), ("?token=boom", 500), ("?token=ok&shape=nested", 500)])
def test_authorizer_failures(server: EmulatorProcess, api: str, query: str, status: int) -> None:
    with pytest.raises(websockets.InvalidStatus) as excinfo:
        asyncio.run(attempt(server, api, query))
    assert excinfo.value.response.status_code == status
    assert recorded(server, "CONNECT", timeout=0) == []


def test_authorizer_input_and_context_strings(server: EmulatorProcess, api: str) -> None:
    asyncio.run(attempt(server, api, "?token=ok"))
    (given,) = recorded(server, "AUTHORIZER")
    assert given["type"] == "REQUEST"
    assert given["methodArn"] == f"arn:aws:execute-api:us-east-1:000000000000:{api}/test/$connect"
    assert given["headers"]["Upgrade"] == "websocket" and given["headers"]["Connection"] == "upgrade"
    assert given["queryStringParameters"] == {"token": "ok"}
    assert given["stageVariables"] == {}
    assert given["requestContext"]["eventType"] == "CONNECT"
    (connected,) = recorded(server, "CONNECT")
    assert "Upgrade" not in connected["headers"]
    authorized = connected["requestContext"]["authorizer"]
    assert {key: authorized[key] for key in ("n", "yes", "s", "principalId")} == {"n": "1", "yes": "true", "s": "x", "principalId": "me"}


def test_iam_connect_needs_a_signature(server: EmulatorProcess) -> None:
    create_events_table(server)
    record = create_function(server, "ws-record", RECORD)
    apigw = server.client("apigatewayv2")
    api_id = websocket_api(server, {"$default": record})
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=lambda_uri(record))
    apigw.create_route(ApiId=api_id, RouteKey="$connect", AuthorizationType="AWS_IAM", Target=f"integrations/{integration['IntegrationId']}")
    apigw.create_deployment(ApiId=api_id, StageName="test")
    signed = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=0a1b"
    presigned = "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDQUERY%2F20260101%2Fus-east-1%2Fexecute-api%2Faws4_request&X-Amz-Signature=0a1b"

    async def attempt(query: str = "", **options: Any) -> None:
        async with connect(server, api_id, query, **options):
            pass

    with pytest.raises(websockets.InvalidStatus) as excinfo:
        asyncio.run(attempt())
    assert excinfo.value.response.status_code == 403
    asyncio.run(attempt(additional_headers={"Authorization": signed}))
    asyncio.run(attempt(presigned))
    keys = sorted(event["requestContext"]["identity"]["accessKey"] for event in recorded(server, "CONNECT", 2))
    assert keys == ["AKIDEXAMPLE", "AKIDQUERY"]


def test_api_key_required_refuses_a_missing_or_unknown_key(server: EmulatorProcess) -> None:
    apigw = server.client("apigatewayv2")
    api_id = apigw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    apigw.create_route(ApiId=api_id, RouteKey="$connect", ApiKeyRequired=True)
    apigw.create_stage(ApiId=api_id, StageName="test", DeploymentId=apigw.create_deployment(ApiId=api_id)["DeploymentId"])
    unused = server.client("apigateway").create_api_key(name="k", enabled=True)["value"]

    async def attempt(**options: Any) -> None:
        async with connect(server, api_id, **options):
            pass

    for options in ({}, {"additional_headers": {"x-api-key": unused}}):
        with pytest.raises(websockets.InvalidStatus) as excinfo:
            asyncio.run(attempt(**options))
        assert excinfo.value.response.status_code == 403


def test_api_key_in_a_usage_plan_of_the_stage_connects(server: EmulatorProcess) -> None:
    apigw = server.client("apigatewayv2")
    api_id = apigw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    apigw.create_route(ApiId=api_id, RouteKey="$connect", ApiKeyRequired=True)
    apigw.create_stage(ApiId=api_id, StageName="test", DeploymentId=apigw.create_deployment(ApiId=api_id)["DeploymentId"])
    rest = server.client("apigateway")
    key = rest.create_api_key(name="k", enabled=True)
    plan = rest.create_usage_plan(name="ws-plan", apiStages=[{"apiId": api_id, "stage": "test"}])
    assert plan["apiStages"] == [{"apiId": api_id, "stage": "test"}]
    rest.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")

    async def attempt() -> bool:
        async with connect(server, api_id, additional_headers={"x-api-key": key["value"]}) as client:
            return client.protocol.state.name == "OPEN"

    assert asyncio.run(attempt())
    with pytest.raises(ClientError) as info:  # a stage the WebSocket API does not have
        rest.create_usage_plan(name="bad", apiStages=[{"apiId": api_id, "stage": "nope"}])
    assert info.value.response["Error"]["Code"] == "BadRequestException"
