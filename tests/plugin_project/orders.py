"""Application code as a user writes it: plain boto3, no endpoint in sight."""

from __future__ import annotations

import boto3

TABLE = "orders"


def create_table() -> None:
    boto3.client("dynamodb").create_table(
        TableName=TABLE,
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )


def save(order_id: str, amount: int) -> None:
    boto3.resource("dynamodb").Table(TABLE).put_item(Item={"id": order_id, "amount": amount})


def load(order_id: str) -> dict | None:
    return boto3.resource("dynamodb").Table(TABLE).get_item(Key={"id": order_id}).get("Item")
