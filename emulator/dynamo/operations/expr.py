"""Parsing a request's expressions, and AWS's checks across all of them.

ExpressionAttributeNames / ExpressionAttributeValues are shared by every
expression of a request: each must be used by one of them, and they may only
be given when some expression is.
"""

from __future__ import annotations

from typing import Any

from ...aws.errors import ValidationException
from ..expressions import check_attribute_maps, check_unused, parse_condition, parse_projection, parse_update

Params = dict[str, Any]


def names_values(params: Params) -> tuple[Any, Any]:
    """The request's names and values, checked, with values in canonical form."""
    names, values = params.get("ExpressionAttributeNames"), params.get("ExpressionAttributeValues")
    if names is None and values is None:
        return None, None
    return names, check_attribute_maps(names, values)


def condition(params: Params, member: str = "ConditionExpression") -> Any:
    text = params.get(member)
    if text is None:
        return None
    names, values = names_values(params)
    return parse_condition(text, names, values, parameter=member)


def projection(params: Params) -> Any:
    text = params.get("ProjectionExpression")
    if text is None:
        return None
    return parse_projection(text, params.get("ExpressionAttributeNames"))


def update(params: Params) -> Any:
    text = params.get("UpdateExpression")
    if text is None:
        return None
    names, values = names_values(params)
    return parse_update(text, names, values)


def check_all_used(params: Params, *parsed: Any) -> None:
    """AWS's unused/unexpected ExpressionAttributeNames/Values checks over a request."""
    names, values = params.get("ExpressionAttributeNames"), params.get("ExpressionAttributeValues")
    present = [p for p in parsed if p is not None]
    if not present:
        if names is not None:
            raise ValidationException("ExpressionAttributeNames can only be specified when using expressions")
        if values is not None:
            raise ValidationException("ExpressionAttributeValues can only be specified when using expressions")
        return
    if names is None and values is None:
        return
    used_names: set[str] = set()
    used_values: set[str] = set()
    for p in present:
        used_names.update(p.names_used)
        used_values.update(p.values_used)
    check_unused(names, values, used_names, used_values)
