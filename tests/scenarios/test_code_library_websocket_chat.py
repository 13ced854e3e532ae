"""AWS's code library WebSocket chat (API Gateway V2 + Lambda + DynamoDB), replayed through boto3.

Source (awsdocs/aws-doc-sdk-examples, python/cross_service/apigateway_websocket_chat):
websocket_chat.py deploys the API, its Lambda handler lambda_chat.py keeps connections in a table
and relays messages through the management API. The scenario's CloudFormation stack (table,
function, role) is created here with plain calls; the IAM policy for ManageConnections is left out.

The handler answers through the management API at ``https://{domainName}/{stage}``, as the
library's does: clients connect by the emulator's host-based and path-based URLs, whose domainName
names the emulator.
"""

from __future__ import annotations

import asyncio
import io
import json
import zipfile

import pytest
import websockets
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE
from emulator.testing.process import wait_until

API_NAME = "doc-example-websocket-chat"
TABLE = "doc-example-websocket-connections"
FUNCTION = "doc-example-websocket-chat"

#: Remembers connections ($connect), forgets them ($disconnect), relays a message to the others.
CHAT_HANDLER = """
import json
import os

import boto3
from botocore.exceptions import ClientError


def lambda_handler(event, context):
    context_ = event.get("requestContext", {})
    route, connection_id = context_.get("routeKey"), context_.get("connectionId")
    if route is None or connection_id is None:
        return {"statusCode": 400}
    table = boto3.resource("dynamodb").Table(os.environ["table_name"])
    if route == "$connect":
        # No query string: AWS sends no queryStringParameters member at all.
        user = event.get("queryStringParameters", {"name": "guest"}).get("name")
        table.put_item(Item={"connection_id": connection_id, "user_name": user})
        return {"statusCode": 200}
    if route == "$disconnect":
        table.delete_item(Key={"connection_id": connection_id})
        return {"statusCode": 200}
    if route != "sendmessage":
        return {"statusCode": 404}
    body = json.loads(event.get("body") or '{"msg": ""}')
    user = table.get_item(Key={"connection_id": connection_id})["Item"]["user_name"]
    others = [item["connection_id"] for item in table.scan(ProjectionExpression="connection_id")["Items"]]
    client = boto3.client(
        "apigatewaymanagementapi", endpoint_url=f"https://{context_['domainName']}/{context_['stage']}"
    )
    for other in others:
        if other == connection_id:
            continue
        try:
            client.post_to_connection(Data=f"{user}: {body['msg']}".encode(), ConnectionId=other)
        except ClientError as error:
            if error.response["Error"]["Code"] == "GoneException":
                table.delete_item(Key={"connection_id": other})
    return {"statusCode": 200}
"""


def zipped(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lambda_chat.py", source)
    return buffer.getvalue()


def stack_resources(server: EmulatorProcess) -> None:
    """What the scenario's setup.yaml stack provides: the connections table and a placeholder function."""
    server.client("dynamodb").create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "connection_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "connection_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    lambda_ = server.client("lambda")
    lambda_.create_function(
        FunctionName=FUNCTION,
        Runtime="python3.12",
        Role=ROLE,
        Handler="lambda_chat.lambda_handler",
        Code={"ZipFile": zipped("def lambda_handler(event, context):\n    return {'statusCode': 200}\n")},
        Environment={"Variables": {"table_name": TABLE}},
    )
    lambda_.get_waiter("function_active_v2").wait(FunctionName=FUNCTION, WaiterConfig={"Delay": 1})


def deploy_chat(server: EmulatorProcess) -> tuple[str, str]:
    """usage_demo: new code, the API, a route and integration per route key, the auto-deployed stage."""
    lambda_ = server.client("lambda")
    apigatewayv2 = server.client("apigatewayv2")
    function = lambda_.update_function_code(FunctionName=FUNCTION, ZipFile=zipped(CHAT_HANDLER))
    lambda_.get_waiter("function_updated_v2").wait(FunctionName=FUNCTION, WaiterConfig={"Delay": 1})

    created = apigatewayv2.create_api(
        Name=API_NAME, ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )
    api_id, endpoint = created["ApiId"], created["ApiEndpoint"]
    assert endpoint == f"wss://{api_id}.execute-api.us-east-1.amazonaws.com"
    api_arn = f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/*"

    integration_uri = (
        f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function['FunctionArn']}/invocations"
    )
    for route in ("$connect", "$disconnect", "sendmessage"):
        integration_id = apigatewayv2.create_integration(
            ApiId=api_id,
            IntegrationType="AWS_PROXY",
            IntegrationMethod="POST",
            IntegrationUri=integration_uri,
        )["IntegrationId"]
        created_route = apigatewayv2.create_route(
            ApiId=api_id, RouteKey=route, Target=f"integrations/{integration_id}"
        )
        assert created_route["RouteKey"] == route and created_route["RouteId"]
        lambda_.add_permission(
            FunctionName=function["FunctionName"],
            StatementId=f"{API_NAME}-{route.lstrip('$')}-invoke",
            Action="lambda:InvokeFunction",
            Principal="apigateway.amazonaws.com",
            SourceArn=f"{api_arn}/{route}",
        )
    apigatewayv2.create_stage(ApiId=api_id, AutoDeploy=True, StageName="test")
    return api_id, f"{endpoint}/test"


def connected_users(server: EmulatorProcess) -> dict[str, str]:
    items = server.client("dynamodb").scan(TableName=TABLE)["Items"]
    return {item["user_name"]["S"]: item["connection_id"]["S"] for item in items}


def test_websocket_chat(server: EmulatorProcess) -> None:
    stack_resources(server)
    api_id, chat_uri = deploy_chat(server)
    assert chat_uri == f"wss://{api_id}.execute-api.us-east-1.amazonaws.com/test"
    host_url = f"ws://{api_id}.execute-api.localhost:{server.port}/test"
    path_url = f"ws://127.0.0.1:{server.port}/_aws/execute-api/{api_id}/test"
    lines = ("Hey everyone!", "Not much to say...", "Bye!")

    async def chat_demo() -> dict[str, list[str]]:
        heard: dict[str, list[str]] = {}
        # Receivers by the host-based URL (Python does not resolve *.localhost: connect to the address).
        receivers = [
            await websockets.connect(
                f"{host_url}?name={name}", host="127.0.0.1", port=server.port, proxy=None
            )
            for name in ("Bill", "Jeff", "Steve")
        ]
        assert set(connected_users(server)) == {"Bill", "Jeff", "Steve"}

        async def listen(name: str, socket: websockets.ClientConnection) -> None:
            heard[name] = []
            while not heard[name] or "Bye" not in heard[name][-1]:
                heard[name].append(str(await asyncio.wait_for(socket.recv(), 30)))
            await socket.close()

        listeners = [
            asyncio.ensure_future(listen(name, socket))
            for name, socket in zip(("Bill", "Jeff", "Steve"), receivers, strict=True)
        ]
        async with websockets.connect(f"{path_url}?name=DemoDude", proxy=None) as sender:
            for line in lines:
                await sender.send(json.dumps({"action": "sendmessage", "msg": line}))
            await asyncio.gather(*listeners)
        return heard

    heard = asyncio.run(chat_demo())
    assert heard == {name: [f"DemoDude: {line}" for line in lines] for name in ("Bill", "Jeff", "Steve")}
    # Every client has left: $disconnect removed each connection from the table.
    wait_until(lambda: not connected_users(server), timeout=15)

    # destroy: find the API by name through the GetApis paginator, then delete it.
    apigatewayv2 = server.client("apigatewayv2")
    found = [
        (item["ApiId"], item["ApiEndpoint"])
        for page in apigatewayv2.get_paginator("get_apis").paginate()
        for item in page["Items"]
        if item["Name"] == API_NAME
    ]
    assert found == [(api_id, f"wss://{api_id}.execute-api.us-east-1.amazonaws.com")]
    apigatewayv2.delete_api(ApiId=api_id)
    with pytest.raises(ClientError) as gone:
        apigatewayv2.get_api(ApiId=api_id)
    assert gone.value.response["Error"]["Code"] == "NotFoundException"


def test_message_to_a_departed_connection_is_dropped(server: EmulatorProcess) -> None:
    """handle_message: a connection that is gone answers GoneException and leaves the table."""
    stack_resources(server)
    api_id, _ = deploy_chat(server)
    url = f"ws://127.0.0.1:{server.port}/_aws/execute-api/{api_id}/test"
    server.client("dynamodb").put_item(
        TableName=TABLE, Item={"connection_id": {"S": "DepartedConn0Aa="}, "user_name": {"S": "Ghost"}}
    )

    async def speak() -> None:
        async with websockets.connect(url, proxy=None) as socket:
            assert set(connected_users(server)) == {"Ghost", "guest"}
            await socket.send(json.dumps({"action": "sendmessage", "msg": "anyone?"}))
            wait_until(lambda: "Ghost" not in connected_users(server), timeout=15)

    asyncio.run(speak())
    management = server.client("apigatewaymanagementapi", endpoint_url=f"{server.url}/test")
    with pytest.raises(ClientError) as gone:
        management.post_to_connection(ConnectionId="DepartedConn0Aa=", Data=b"hello?")
    assert gone.value.response["Error"]["Code"] == "GoneException"
    assert gone.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410
