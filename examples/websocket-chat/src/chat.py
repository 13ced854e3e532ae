"""The chat room's three routes.

``$connect`` remembers the connection, ``$disconnect`` forgets it, and
``sendmessage`` posts the message to every remembered connection through the
``@connections`` management API, forgetting those that are gone.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
from botocore.config import Config

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
#: Posts to many connections at once: one broadcast is as slow as its slowest post, not their sum.
POST_THREADS = 16
POSTERS = ThreadPoolExecutor(max_workers=POST_THREADS)
_clients: dict[str | None, Any] = {}


def connect(event: dict[str, Any], context: Any) -> dict[str, Any]:
    TABLE.put_item(Item={"connectionId": event["requestContext"]["connectionId"]})
    return {"statusCode": 200}


def disconnect(event: dict[str, Any], context: Any) -> dict[str, Any]:
    TABLE.delete_item(Key={"connectionId": event["requestContext"]["connectionId"]})
    return {"statusCode": 200}


def send_message(event: dict[str, Any], context: Any) -> dict[str, Any]:
    request = event["requestContext"]
    try:
        text = json.loads(event.get("body") or "{}").get("data", "")
    except ValueError:
        return {"statusCode": 400, "body": "messages are JSON: {\"action\": \"sendmessage\", \"data\": \"...\"}"}
    data = json.dumps({"from": request["connectionId"], "data": text}).encode()
    api = management_client(request)

    def post(connection_id: str) -> None:
        try:
            api.post_to_connection(ConnectionId=connection_id, Data=data)
        except api.exceptions.GoneException:
            TABLE.delete_item(Key={"connectionId": connection_id})

    list(POSTERS.map(post, connection_ids()))
    return {"statusCode": 200}


def connection_ids() -> list[str]:
    ids: list[str] = []
    page: dict[str, Any] = {"ProjectionExpression": "connectionId"}
    while True:
        found = TABLE.scan(**page)
        ids.extend(item["connectionId"] for item in found["Items"])
        if "LastEvaluatedKey" not in found:
            return ids
        page["ExclusiveStartKey"] = found["LastEvaluatedKey"]


def management_client(request: dict[str, Any]) -> Any:
    """The management API: AWS_ENDPOINT_URL when it is set (the emulator), else the API's own URL (AWS)."""
    endpoint = None if os.environ.get("AWS_ENDPOINT_URL") else f"https://{request['domainName']}/{request['stage']}"
    if endpoint not in _clients:
        config = Config(max_pool_connections=POST_THREADS)
        _clients[endpoint] = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint, config=config)
    return _clients[endpoint]
