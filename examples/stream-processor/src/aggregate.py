"""Keeps each customer's order count and total in the totals table.

A stream record says how an order changed; the function applies the
difference (new amount minus old), so inserts, edits and deletes all keep the
totals right.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

import boto3

totals = boto3.resource("dynamodb").Table(os.environ["TOTALS_TABLE"])


def _amount(image: dict[str, Any] | None) -> Decimal:
    if not image or "amount" not in image:
        return Decimal(0)
    return Decimal(image["amount"]["N"])


def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    for record in event["Records"]:
        change = record["dynamodb"]
        customer = change["Keys"]["customer"]["S"]
        old, new = change.get("OldImage"), change.get("NewImage")
        count_change = {"INSERT": 1, "REMOVE": -1}.get(record["eventName"], 0)
        totals.update_item(
            Key={"customer": customer},
            # "total" is one of DynamoDB's reserved words, so it goes through a name placeholder.
            UpdateExpression="ADD orders :count, #total :amount",
            ExpressionAttributeNames={"#total": "total"},
            ExpressionAttributeValues={":count": count_change, ":amount": _amount(new) - _amount(old)},
        )
    return {"processed": len(event["Records"])}
