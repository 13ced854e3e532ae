"""Running planned statements through the provider's operations.

A SELECT pages like the Query or Scan behind it: ``NextToken`` carries the
LastEvaluatedKey. An INSERT whose key exists answers DuplicateItemException.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from ...aws.context import RequestContext
from ...aws.errors import AwsError, ValidationException
from ..errors import ConditionalCheckFailedException
from .planner import Plan

DUPLICATE = "Duplicate primary key exists in table"
_TRANSACT_ACTIONS = {
    "put_item": "Put",
    "update_item": "Update",
    "delete_item": "Delete",
    "condition_check": "ConditionCheck",
    "get_item": "Get",
}


class DuplicateItemException(AwsError):
    pass


def read_page(provider: Any, ctx: RequestContext, plan: Plan, request: dict[str, Any]) -> dict[str, Any]:
    params = dict(plan.params)
    for option in ("ConsistentRead", "Limit", "ReturnConsumedCapacity"):
        if request.get(option) is not None:
            params[option] = request[option]
    if request.get("NextToken") is not None:
        params["ExclusiveStartKey"] = _decode_token(request["NextToken"])
    result = getattr(provider, plan.operation)(ctx, params)
    out: dict[str, Any] = {"Items": result.get("Items", [])}
    if result.get("LastEvaluatedKey"):
        out["NextToken"] = base64.urlsafe_b64encode(orjson.dumps(result["LastEvaluatedKey"])).decode()
        out["LastEvaluatedKey"] = result["LastEvaluatedKey"]
    if result.get("ConsumedCapacity"):
        out["ConsumedCapacity"] = result["ConsumedCapacity"]
    return out


def _decode_token(token: str) -> dict[str, Any]:
    try:
        key = orjson.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError):
        key = None
    if not isinstance(key, dict):
        raise ValidationException("Invalid NextToken")
    return key


def write(provider: Any, ctx: RequestContext, plan: Plan, request: dict[str, Any]) -> dict[str, Any]:
    """Run an INSERT/UPDATE/DELETE plan; returns the provider's answer."""
    params = dict(plan.params)
    for option in ("ReturnConsumedCapacity", "ReturnValuesOnConditionCheckFailure"):
        if request.get(option) is not None:
            params[option] = request[option]
    try:
        return getattr(provider, plan.operation)(ctx, params)
    except ConditionalCheckFailedException:
        if plan.is_insert:
            raise DuplicateItemException(DUPLICATE) from None
        raise


def statement_output(result: dict[str, Any]) -> dict[str, Any]:
    """ExecuteStatement's answer to a write: the RETURNING attributes, if any."""
    out: dict[str, Any] = {"Items": [result["Attributes"]] if result.get("Attributes") else []}
    if result.get("ConsumedCapacity"):
        out["ConsumedCapacity"] = result["ConsumedCapacity"]
    return out


def transact_item(plan: Plan, request: dict[str, Any]) -> dict[str, Any]:
    """A write plan as one TransactWriteItems action (or a read plan as TransactGetItems')."""
    params = {
        name: value
        for name, value in plan.params.items()
        if name not in ("ReturnValues", "ReturnConsumedCapacity")
    }
    if request.get("ReturnValuesOnConditionCheckFailure") is not None and plan.operation != "get_item":
        params["ReturnValuesOnConditionCheckFailure"] = request["ReturnValuesOnConditionCheckFailure"]
    action = _TRANSACT_ACTIONS[plan.operation]
    return {action: params}
