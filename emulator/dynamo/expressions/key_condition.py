"""Key condition expressions: the shape Query accepts, checked as AWS checks it.

A key condition is a condition (parsed and bound like any other, so its
placeholder and operand errors are the same) that must also be an AND of at
most one equality on the partition key and one supported condition on the sort
key.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...aws.errors import ValidationException
from ..values import AttributeValue
from .binding import Binder
from .nodes import And, Between, Call, Comparison, Condition, In, Not, Operand, Or, Path, ValueRef

#: How a comparison reads when its operands are written value-first (``:v < k``).
FLIPPED = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


@dataclass(frozen=True, slots=True)
class KeyRange:
    op: str  # = < <= > >= BETWEEN begins_with
    values: list[AttributeValue]


@dataclass(frozen=True, slots=True)
class KeyCondition:
    hash_name: str
    hash_value: AttributeValue
    range_name: str | None
    range: KeyRange | None
    names_used: set[str]
    values_used: set[str]


def check_operators(node: Condition) -> None:
    """Only AND, comparisons other than <>, BETWEEN and begins_with may appear."""
    if isinstance(node, And):
        check_operators(node.left)
        check_operators(node.right)
        return
    operator = None
    if isinstance(node, Or):
        operator = "OR"
    elif isinstance(node, Not):
        operator = "NOT"
    elif isinstance(node, In):
        operator = "IN"
    elif isinstance(node, Comparison) and node.op == "<>":
        operator = "<>"
    elif isinstance(node, Call) and node.name != "begins_with":
        operator = node.name
    if operator:
        raise ValidationException(f"Invalid operator used in KeyConditionExpression: {operator}")


def conditions_of(node: Condition) -> list[Condition]:
    if isinstance(node, And):
        return conditions_of(node.left) + conditions_of(node.right)
    return [node]


def key_range(node: Condition, binder: Binder) -> tuple[str, KeyRange]:
    """The attribute one condition constrains, and how."""
    if isinstance(node, Comparison):
        operands: tuple[Operand, ...] = (node.left, node.right)
        op, name = node.op, "="
    elif isinstance(node, Between):
        operands, op, name = (node.subject, node.low, node.high), "BETWEEN", "BETWEEN"
    else:
        assert isinstance(node, Call)
        operands, op, name = node.args, "begins_with", "begins_with"
    if op in ("BETWEEN", "begins_with") and not isinstance(operands[0], Path):
        raise ValidationException(
            f"Invalid condition in KeyConditionExpression: {name} operator must have the key attribute as its first operand"
        )
    path = None
    for operand in operands:
        if isinstance(operand, Call):
            raise ValidationException("KeyConditionExpressions cannot contain nested operations")
        if isinstance(operand, Path):
            if path is not None:
                raise ValidationException(
                    "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
                )
            if len(operand.parts) > 1:
                raise ValidationException(
                    "KeyConditionExpressions cannot have conditions on nested attributes"
                )
            path = operand
    if path is None:
        raise ValidationException("Invalid condition in KeyConditionExpression: No key attribute specified")
    if isinstance(node, Comparison) and operands[1] is path:
        op = FLIPPED[op]
    values = [binder.value(o) for o in operands if isinstance(o, ValueRef)]
    return str(binder.path(path)[0]), KeyRange(op, values)


def build_key_condition(
    node: Condition, binder: Binder, hash_key: str, range_key: str | None
) -> KeyCondition:
    check_operators(node)
    ranges = [key_range(condition, binder) for condition in conditions_of(node)]
    by_name = dict(ranges)
    if len(ranges) > 2 or len(by_name) < len(ranges):
        raise ValidationException("KeyConditionExpressions must only contain one condition per key")
    hashed = by_name.pop(hash_key, None)
    if hashed is None:
        raise ValidationException(f"Query condition missed key schema element: {hash_key}")
    if hashed.op != "=":
        raise ValidationException("Query key condition not supported")
    ranged = by_name.pop(range_key, None) if range_key else None
    if by_name:
        if range_key:
            raise ValidationException(f"Query condition missed key schema element: {range_key}")
        raise ValidationException("Query key condition not supported")
    return KeyCondition(hash_key, hashed.values[0], range_key, ranged, binder.names_used, binder.values_used)
