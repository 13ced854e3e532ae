"""Running planned statements through the provider's operations.

A SELECT pages like the Queries or Scan behind it: ``NextToken`` carries which
read to resume and its LastEvaluatedKey. An INSERT whose key exists answers
DuplicateItemException.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from ...aws.context import RequestContext
from ...aws.errors import AwsError, ValidationException
from ..errors import ConditionalCheckFailedException
from ..expressions.errors import InvalidExpression
from ..operations.batch import add_capacity
from .planner import Plan

DUPLICATE = "Duplicate primary key exists in table"
_WHERE_PARAMETERS = frozenset({"KeyConditionExpression", "FilterExpression"})
_TRANSACT_ACTIONS = {
    "put_item": "Put",
    "update_item": "Update",
    "delete_item": "Delete",
    "condition_check": "ConditionCheck",
    "get_item": "Get",
}


class DuplicateItemException(AwsError):
    pass


def read_page(
    provider: Any, ctx: RequestContext, reads: list[Plan], request: dict[str, Any]
) -> dict[str, Any]:
    """One page of a SELECT: its reads run in turn until ``Limit`` items were evaluated or a read pages."""
    target = [reads[0].params.get("TableName"), reads[0].params.get("IndexName")] if reads else None
    position, start_key = _decode_token(request["NextToken"], target) if request.get("NextToken") else (0, None)
    limit = request.get("Limit")
    options = {
        name: request[name]
        for name in ("ConsistentRead", "ReturnConsumedCapacity")
        if request.get(name) is not None
    }
    items: list[Any] = []
    capacity: dict[str, dict[str, Any]] = {}
    evaluated = 0
    out: dict[str, Any] = {"Items": items}
    for index in range(position, len(reads)):
        read = reads[index]
        params = {**read.params, **options}
        if limit is not None:
            params["Limit"] = limit - evaluated
        if start_key is not None and index == position:
            params["ExclusiveStartKey"] = start_key
        try:
            result = getattr(provider, read.operation)(ctx, params)
        except InvalidExpression as error:
            # The WHERE clause became these expressions; PartiQL's messages do not name them.
            if error.parameter in _WHERE_PARAMETERS:
                raise ValidationException(error.detail) from None
            raise
        items.extend(result.get("Items", ()))
        evaluated += result.get("ScannedCount", 0)
        add_capacity(capacity, result.get("ConsumedCapacity"))
        last_key = result.get("LastEvaluatedKey")
        if last_key or (limit is not None and evaluated >= limit and index + 1 < len(reads)):
            resume = (index, last_key) if last_key else (index + 1, None)
            out["NextToken"] = _encode_token(*resume, target)
            if last_key:
                out["LastEvaluatedKey"] = last_key
            break
    if capacity:
        out["ConsumedCapacity"] = next(iter(capacity.values()))
    return out


def _encode_token(position: int, start_key: dict[str, Any] | None, target: list[Any] | None) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([position, start_key, target])).decode()


def _decode_token(token: str, target: list[Any] | None) -> tuple[int, dict[str, Any] | None]:
    """A token names the table and index it pages; another read's is refused
    (dynoxide's AWS capture Q21, eu-west-2 2026-08-15: a GSI's token replayed on another GSI)."""
    try:
        position, start_key, minted_for = orjson.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError, TypeError):
        position, start_key, minted_for = None, None, None
    if not isinstance(position, int) or not isinstance(start_key, dict | None):
        raise ValidationException("Invalid NextToken")
    if minted_for != target:
        raise ValidationException("NextToken does not match request")
    return position, start_key


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
