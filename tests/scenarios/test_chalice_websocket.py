"""A Chalice WebSocket API (``@app.on_ws_connect`` / ``on_ws_message`` / ``on_ws_disconnect``), deployed by
``chalice deploy`` and used with the websockets client.

Chalice creates the API with apigatewayv2 (integrations, routes, a deployment, the stage) and one
function per handler. A handler answers through ``app.websocket_api.send``, whose management API client
Chalice points at ``https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`` (built from the
event's API id, not its domain name): the Python runtime sends those @connections calls to the emulator.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import websockets
from chalice_projects import ChaliceProject

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

APP = """
from boto3.session import Session
from chalice import Chalice, WebsocketDisconnectedError

app = Chalice(app_name="chat")
app.experimental_feature_flags.update(["WEBSOCKETS"])
app.websocket_api.session = Session()


@app.on_ws_connect()
def connect(event):
    print("connected", event.connection_id)


@app.on_ws_message()
def message(event):
    if event.body == "who am i":
        info = app.websocket_api.info(event.connection_id)
        app.websocket_api.send(event.connection_id, "you came from " + info["Identity"]["SourceIp"])
    elif event.body == "bye":
        app.websocket_api.close(event.connection_id)
    else:
        app.websocket_api.send(event.connection_id, "echo: " + event.body)


@app.on_ws_disconnect()
def disconnect(event):
    print("disconnected", event.connection_id)
"""


@pytest.fixture
def chat(server: EmulatorProcess, tmp_path: Path) -> ChaliceProject:
    project = ChaliceProject(server, tmp_path / "chat", "chat")
    project.write(APP)
    project.deploy()
    return project


def test_deploy_creates_the_websocket_api(server: EmulatorProcess, chat: ChaliceProject) -> None:
    resource = chat.deployed()["websocket_api"]
    api_id = resource["websocket_api_id"]
    assert resource["websocket_api_url"] == f"wss://{api_id}.execute-api.us-east-1.amazonaws.com/api/"
    v2 = server.client("apigatewayv2")
    api = v2.get_api(ApiId=api_id)
    assert (api["Name"], api["ProtocolType"], api["RouteSelectionExpression"]) == ("chat-dev-websocket-api", "WEBSOCKET", "$request.body.action")
    routes = sorted(route["RouteKey"] for route in v2.get_routes(ApiId=api_id)["Items"])
    assert routes == ["$connect", "$default", "$disconnect"]
    assert [stage["StageName"] for stage in v2.get_stages(ApiId=api_id)["Items"]] == ["api"]
    for handler in ("connect", "message", "disconnect"):
        policy = json.loads(server.client("lambda").get_policy(FunctionName=f"chat-dev-websocket_{handler}")["Policy"])
        assert policy["Statement"][0]["Principal"] == {"Service": "apigateway.amazonaws.com"}


def test_handlers_answer_through_the_management_api(server: EmulatorProcess, chat: ChaliceProject) -> None:
    async def converse() -> list[str]:
        async with websockets.connect(chat.websocket_url(), proxy=None) as socket:
            heard = []
            for text in ("hello", "who am i"):
                await socket.send(text)
                heard.append(await asyncio.wait_for(socket.recv(), 30))
            await socket.send("bye")
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(socket.recv(), 30)
            return heard

    assert asyncio.run(converse()) == ["echo: hello", "you came from 127.0.0.1"]

    logs = server.client("logs")

    def logged(handler: str) -> list[str]:
        group = f"/aws/lambda/chat-dev-websocket_{handler}"
        return [e["message"] for e in logs.filter_log_events(logGroupName=group)["events"]]

    connected = wait_until(lambda: [line for line in logged("connect") if line.startswith("connected ")])
    connection_id = connected[0].split()[1]
    assert wait_until(lambda: f"disconnected {connection_id}\n" in logged("disconnect"))


def test_a_custom_domain_name_serves_the_websocket_api(server: EmulatorProcess, tmp_path: Path) -> None:
    project = ChaliceProject(server, tmp_path / "chat", "chat")
    project.write(
        APP,
        websocket_api_custom_domain={
            "domain_name": "ws.chat.example.com",
            "certificate_arn": "arn:aws:acm:us-east-1:000000000000:certificate/chat",
            "url_prefix": "live",
        },
    )
    project.deploy()
    v2 = server.client("apigatewayv2")
    (mapping,) = v2.get_api_mappings(DomainName="ws.chat.example.com")["Items"]
    api_id = project.deployed()["websocket_api"]["websocket_api_id"]
    assert (mapping["ApiId"], mapping["ApiMappingKey"], mapping["Stage"]) == (api_id, "live", "api")

    async def converse() -> str:
        # The domain's name in the URL (its Host), the connection to the emulator.
        url = "ws://ws.chat.example.com/live"
        async with websockets.connect(url, host="127.0.0.1", port=server.port, proxy=None) as socket:
            await socket.send("over the domain")
            return await asyncio.wait_for(socket.recv(), 30)

    assert asyncio.run(converse()) == "echo: over the domain"

    project.delete()
    assert v2.get_domain_names()["Items"] == []
    assert v2.get_apis()["Items"] == []
