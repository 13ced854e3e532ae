"""A handler written for AWS answers through the management API at https://{domainName}/{stage}."""

from __future__ import annotations

import asyncio
import json

from test_websocket_support import connect, create_function, websocket_api

from emulator.testing import EmulatorProcess

#: As AWS's tutorials write it: the management API at the API's own https URL.
REPLIES_BY_DOMAIN = """
import boto3

def handler(event, context):
    ctx = event["requestContext"]
    client = boto3.client("apigatewaymanagementapi", endpoint_url=f"https://{ctx['domainName']}/{ctx['stage']}")
    client.post_to_connection(ConnectionId=ctx["connectionId"], Data=b"pong:" + event["body"].encode())
    return {"statusCode": 200}
"""


def test_handler_posts_back_through_the_https_url_of_its_domain(server: EmulatorProcess) -> None:
    api_id = websocket_api(server, {"$default": create_function(server, "ws-reply", REPLIES_BY_DOMAIN)})

    async def scenario() -> str:
        async with connect(server, api_id) as client:
            await client.send(json.dumps({"action": "ping"}))
            return await asyncio.wait_for(client.recv(decode=True), 20)

    assert asyncio.run(scenario()) == 'pong:{"action": "ping"}'
