"""A todo list: one handler per route, state in DynamoDB.

Each todo carries a ``version``; an update must name the version it read, so
two clients cannot overwrite each other's change (optimistic locking with a
condition expression).
"""

from __future__ import annotations

import base64
import json
import os
import time
import uuid
from decimal import Decimal
from typing import Any

import boto3
from botocore.exceptions import ClientError

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
PAGE_SIZE = int(os.environ.get("PAGE_SIZE", "20"))
MAX_TITLE = 200


def respond(status: int, body: Any = None) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": "" if body is None else json.dumps(body, default=_plain),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value).__name__)


def _body(event: dict[str, Any]) -> dict[str, Any] | None:
    try:
        body = json.loads(event.get("body") or "{}")
    except json.JSONDecodeError:
        return None
    return body if isinstance(body, dict) else None


def _validate(body: dict[str, Any], *, partial: bool) -> str | None:
    if "title" in body or not partial:
        title = body.get("title")
        if not isinstance(title, str) or not title.strip():
            return "title is required and must be a non-empty string"
        if len(title) > MAX_TITLE:
            return f"title must be at most {MAX_TITLE} characters"
    if "done" in body and not isinstance(body["done"], bool):
        return "done must be true or false"
    return None


def list_todos(event: dict[str, Any], context: Any) -> dict[str, Any]:
    query = event.get("queryStringParameters") or {}
    try:
        limit = int(query.get("limit", PAGE_SIZE))
    except ValueError:
        return respond(400, {"message": "limit must be a number"})
    if not 1 <= limit <= 100:
        return respond(400, {"message": "limit must be between 1 and 100"})
    request: dict[str, Any] = {"Limit": limit}
    if query.get("next"):
        try:
            request["ExclusiveStartKey"] = json.loads(base64.urlsafe_b64decode(query["next"]))
        except ValueError:
            return respond(400, {"message": "next is not a token this API returned"})
    page = table.scan(**request)
    body: dict[str, Any] = {"items": page["Items"]}
    if "LastEvaluatedKey" in page:
        body["next"] = base64.urlsafe_b64encode(json.dumps(page["LastEvaluatedKey"]).encode()).decode()
    return respond(200, body)


def create_todo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    body = _body(event)
    if body is None:
        return respond(400, {"message": "the body must be a JSON object"})
    problem = _validate(body, partial=False)
    if problem:
        return respond(400, {"message": problem})
    todo = {
        "id": str(uuid.uuid4()),
        "title": body["title"].strip(),
        "done": body.get("done", False),
        "version": 1,
        "createdAt": int(time.time()),
    }
    table.put_item(Item=todo, ConditionExpression="attribute_not_exists(id)")
    return respond(201, todo)


def get_todo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    item = table.get_item(Key={"id": event["pathParameters"]["id"]}).get("Item")
    return respond(200, item) if item else respond(404, {"message": "todo not found"})


def update_todo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    todo_id = event["pathParameters"]["id"]
    body = _body(event)
    if body is None:
        return respond(400, {"message": "the body must be a JSON object"})
    problem = _validate(body, partial=True)
    if problem:
        return respond(400, {"message": problem})
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        return respond(400, {"message": "version (the version you read) is required"})
    changes = {name: body[name] for name in ("title", "done") if name in body}
    assignments = ", ".join(f"#{name} = :{name}" for name in changes)
    try:
        result = table.update_item(
            Key={"id": todo_id},
            UpdateExpression=f"SET {assignments + ', ' if assignments else ''}#version = #version + :one",
            ConditionExpression="attribute_exists(id) AND #version = :expected",
            ExpressionAttributeNames={"#version": "version", **{f"#{name}": name for name in changes}},
            ExpressionAttributeValues={":one": 1, ":expected": version, **{f":{k}": v for k, v in changes.items()}},
            ReturnValues="ALL_NEW",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        current = error.response.get("Item")
        if not current:
            return respond(404, {"message": "todo not found"})
        return respond(409, {"message": "the todo changed since you read it", "version": int(current["version"]["N"])})
    return respond(200, result["Attributes"])


def delete_todo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    try:
        table.delete_item(Key={"id": event["pathParameters"]["id"]}, ConditionExpression="attribute_exists(id)")
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return respond(404, {"message": "todo not found"})
        raise
    return respond(204)
