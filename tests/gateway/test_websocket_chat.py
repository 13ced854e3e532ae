"""The websocket-chat example, deployed from its template: two clients chat; a client that
left is removed from the connections table."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import websockets

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

TEMPLATE = Path(__file__).resolve().parents[2] / "examples" / "websocket-chat" / "template.yaml"
TABLE = "websocket-chat-ConnectionsTable"


@pytest.fixture(scope="module")
def chat() -> Iterator[tuple[EmulatorProcess, str]]:
    with EmulatorProcess("--template", str(TEMPLATE)) as server:
        apigw = server.client("apigatewayv2")

        def deployed() -> str | None:
            for api in apigw.get_apis()["Items"]:
                if api["Name"] == "websocket-chat" and apigw.get_stages(ApiId=api["ApiId"])["Items"]:
                    return api["ApiId"]
            return None

        yield server, wait_until(deployed, timeout=60, interval=0.2)


def stored_connections(server: EmulatorProcess) -> set[str]:
    items = server.client("dynamodb").scan(TableName=TABLE)["Items"]
    return {item["connectionId"]["S"] for item in items}


async def next_message(client: websockets.ClientConnection) -> dict[str, str]:
    return json.loads(await asyncio.wait_for(client.recv(), 30))


def test_two_clients_chat(chat: tuple[EmulatorProcess, str]) -> None:
    server, api_id = chat
    host_url = f"ws://{api_id}.execute-api.localhost:{server.port}/chat"
    path_url = f"ws://127.0.0.1:{server.port}/_aws/execute-api/{api_id}/chat"

    async def scenario() -> None:
        async with (
            websockets.connect(host_url, host="127.0.0.1", port=server.port, proxy=None) as alice,
            websockets.connect(path_url, proxy=None) as bob,
        ):
            assert len(stored_connections(server)) == 2
            await alice.send(json.dumps({"action": "sendmessage", "data": "hi bob"}))
            to_bob, to_alice = await next_message(bob), await next_message(alice)
            assert to_bob["data"] == to_alice["data"] == "hi bob"
            assert to_bob["from"] == to_alice["from"]
            await bob.send(json.dumps({"action": "sendmessage", "data": "hi alice"}))
            assert (await next_message(alice))["data"] == "hi alice"
            assert (await next_message(bob))["data"] == "hi alice"
        # $disconnect removed both.
        wait_until(lambda: not stored_connections(server), timeout=15)

    asyncio.run(scenario())


def test_stale_connections_are_removed_on_broadcast(chat: tuple[EmulatorProcess, str]) -> None:
    server, api_id = chat
    url = f"ws://127.0.0.1:{server.port}/_aws/execute-api/{api_id}/chat"
    server.client("dynamodb").put_item(TableName=TABLE, Item={"connectionId": {"S": "GoneGoneGoneGon="}})

    async def scenario() -> None:
        async with websockets.connect(url, proxy=None) as client:
            await client.send(json.dumps({"action": "sendmessage", "data": "anyone?"}))
            assert (await next_message(client))["data"] == "anyone?"
            wait_until(lambda: "GoneGoneGoneGon=" not in stored_connections(server), timeout=15)

    asyncio.run(scenario())


def test_chat_page_is_served(chat: tuple[EmulatorProcess, str]) -> None:
    server, _ = chat
    page = httpx.get(f"{server.url}/_emulator/examples/websocket-chat/index.html?url=ws://x/chat")
    assert page.status_code == 200
    assert "new WebSocket(url)" in page.text
