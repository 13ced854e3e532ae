"""Key condition expressions: the shape Query accepts, checked as AWS checks it.

A key condition is a condition (parsed and bound like any other, so its
placeholder and operand errors are the same) that must also be an AND of at
most one equality on the partition key and one supported condition on the sort
key. AWS words some of these errors with the ``Invalid KeyConditionExpression:``
prefix (the "KeyConditionExpressions ..." ones) and some without.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..values import AttributeValue
from .binding import Compiler, Values
from .condition import compile_condition
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


@dataclass(frozen=True, slots=True)
class KeyPlan:
    """A key condition with its values still placeholders."""

    hash_name: str
    hash_value: str
    range_name: str | None
    range_op: str | None
    range_values: tuple[str, ...]

    def bind(self, values: Values, names_used: frozenset[str], values_used: frozenset[str]) -> KeyCondition:
        ranged = None
        if self.range_op is not None:
            ranged = KeyRange(self.range_op, [values[name] for name in self.range_values])
        return KeyCondition(
            self.hash_name,
            values[self.hash_value],
            self.range_name,
            ranged,
            set(names_used),
            set(values_used),
        )


def operator_error(node: Condition) -> str | None:
    """Only AND, comparisons other than <>, BETWEEN and begins_with may appear."""
    if isinstance(node, And):
        return operator_error(node.left) or operator_error(node.right)
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
    return f"Invalid operator used in KeyConditionExpression: {operator}" if operator else None


def conditions_of(node: Condition) -> list[Condition]:
    if isinstance(node, And):
        return conditions_of(node.left) + conditions_of(node.right)
    return [node]


def key_range(node: Condition, compiler: Compiler) -> tuple[str, str, tuple[str, ...]]:
    """The attribute one condition constrains, the operator, and its value placeholders."""
    if isinstance(node, Comparison):
        operands: tuple[Operand, ...] = (node.left, node.right)
        op = node.op
    elif isinstance(node, Between):
        operands, op = (node.subject, node.low, node.high), "BETWEEN"
    else:
        assert isinstance(node, Call)
        operands, op = node.args, "begins_with"
    if op in ("BETWEEN", "begins_with") and not isinstance(operands[0], Path):
        compiler.fail_plainly(
            f"Invalid condition in KeyConditionExpression: {op} operator must have the key attribute as its first operand"
        )
    path = None
    for operand in operands:
        if isinstance(operand, Call):
            compiler.fail("KeyConditionExpressions cannot contain nested operations")
        if isinstance(operand, Path):
            if path is not None:
                compiler.fail_plainly(
                    "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
                )
            if len(operand.parts) > 1:
                compiler.fail("KeyConditionExpressions cannot have conditions on nested attributes")
            path = operand
    if path is None:
        compiler.fail_plainly("Invalid condition in KeyConditionExpression: No key attribute specified")
    if isinstance(node, Comparison) and operands[1] is path:
        op = FLIPPED[op]
    placeholders = tuple(o.name for o in operands if isinstance(o, ValueRef))
    return str(compiler.path(path)[0]), op, placeholders


def compile_key_condition(
    node: Condition, compiler: Compiler, hash_key: str, range_key: str | None
) -> KeyPlan:
    compile_condition(node, compiler)  # the checks every condition gets come first
    error = operator_error(node)
    if error:
        compiler.fail_plainly(error)
    ranges = [key_range(condition, compiler) for condition in conditions_of(node)]
    by_name = {name: (op, placeholders) for name, op, placeholders in ranges}
    if len(by_name) < len(ranges):
        compiler.fail("KeyConditionExpressions must only contain one condition per key")
    # Distinct attributes, more of them than the key has (the conformance suite, pinned on eu-west-2).
    key_count = 2 if range_key else 1
    if len(ranges) > key_count:
        compiler.fail_plainly(
            f"The number of query conditions ({len(ranges)}) exceeds the number of key attributes defined in the schema ({key_count})"
        )
    hashed = by_name.pop(hash_key, None)
    if hashed is None:
        compiler.fail_plainly(f"Query condition missed key schema element: {hash_key}")
    if hashed[0] != "=":
        compiler.fail_plainly("Query key condition not supported")
    ranged = by_name.pop(range_key, None) if range_key else None
    if by_name:
        if range_key:
            compiler.fail_plainly(f"Query condition missed key schema element: {range_key}")
        compiler.fail_plainly("Query key condition not supported")
    return KeyPlan(
        hash_key, hashed[1][0], range_key, ranged[0] if ranged else None, ranged[1] if ranged else ()
    )
