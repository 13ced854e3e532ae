"""Key condition expressions: the shape Query accepts, checked as AWS checks it.

A key condition is a condition (parsed and bound like any other, so its
placeholder and operand errors are the same) that must also be an AND of an
equality on the partition key and at most one supported condition on the sort
key. A GSI's multi-attribute key needs an equality on every HASH attribute, and
takes conditions on a leading run of its RANGE attributes, equalities but for
the last. AWS words some of these errors with the ``Invalid KeyConditionExpression:``
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
    """A bound key condition. ``head_values`` are the equalities on the RANGE attributes before
    ``range_name`` (only a multi-attribute key has any); ``range`` is the condition on
    ``range_name``, the last RANGE attribute named (or the first RANGE attribute, when none is)."""

    hash_names: tuple[str, ...]
    hash_values: list[AttributeValue]
    head_values: list[AttributeValue]
    range_name: str | None
    range: KeyRange | None
    names_used: set[str]
    values_used: set[str]

    @property
    def hash_name(self) -> str:
        return self.hash_names[0]

    @property
    def hash_value(self) -> AttributeValue:
        return self.hash_values[0]


@dataclass(frozen=True, slots=True)
class KeyPlan:
    """A key condition with its values still placeholders."""

    hash_names: tuple[str, ...]
    hash_values: tuple[str, ...]
    head_values: tuple[str, ...]
    range_name: str | None
    range_op: str | None
    range_values: tuple[str, ...]

    def bind(self, values: Values, names_used: frozenset[str], values_used: frozenset[str]) -> KeyCondition:
        ranged = None
        if self.range_op is not None:
            ranged = KeyRange(self.range_op, [values[name] for name in self.range_values])
        return KeyCondition(
            self.hash_names,
            [values[name] for name in self.hash_values],
            [values[name] for name in self.head_values],
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


Terms = dict[str, tuple[str, tuple[str, ...]]]  # attribute -> (operator, value placeholders)


def compile_key_condition(
    node: Condition, compiler: Compiler, hash_keys: tuple[str, ...], range_keys: tuple[str, ...]
) -> KeyPlan:
    """``hash_keys`` / ``range_keys``: the key's HASH and RANGE attributes in key order (one HASH
    and at most one RANGE, except for a GSI's multi-attribute key)."""
    compile_condition(node, compiler)  # the checks every condition gets come first
    error = operator_error(node)
    if error:
        compiler.fail_plainly(error)
    ranges = [key_range(condition, compiler) for condition in conditions_of(node)]
    terms: Terms = {name: (op, placeholders) for name, op, placeholders in ranges}
    if len(terms) < len(ranges):
        compiler.fail("KeyConditionExpressions must only contain one condition per key")
    # Distinct attributes, more of them than the key has (the conformance suite, pinned on eu-west-2).
    key_count = len(hash_keys) + len(range_keys)
    if len(ranges) > key_count:
        compiler.fail_plainly(
            f"The number of query conditions ({len(ranges)}) exceeds the number of key attributes defined in the schema ({key_count})"
        )
    multi = len(hash_keys) > 1 or len(range_keys) > 1
    hashed = [_hash_value(terms.pop(name, None), name, multi, compiler) for name in hash_keys]
    sorted_ = {name: terms.pop(name) for name in range_keys if name in terms}
    if terms:  # an attribute outside the key
        missing = next((name for name in range_keys if name not in sorted_), None)
        compiler.fail_plainly(f"Query condition missed key schema element: {missing}" if missing else "Query key condition not supported")
    _check_sort_prefix(sorted_, range_keys, compiler)
    named = list(sorted_)
    head = tuple(sorted_[name][1][0] for name in named[:-1])
    if not named:
        return KeyPlan(hash_keys, tuple(hashed), head, range_keys[0] if range_keys else None, None, ())
    op, placeholders = sorted_[named[-1]]
    return KeyPlan(hash_keys, tuple(hashed), head, named[-1], op, placeholders)


def _hash_value(term: tuple[str, tuple[str, ...]] | None, name: str, multi: bool, compiler: Compiler) -> str:
    """The placeholder a HASH attribute's equality names. A multi-attribute key words a missing
    or unequal one its own way: "HASH key attributes <name> must have equality conditions" as an
    AWS error quoted in public code has it (scylladb's AWS-run test_gsi_composite.py matches
    HASH...equality); the end of the sentence is ours."""
    if multi and (term is None or term[0] != "="):
        compiler.fail_plainly(f"HASH key attributes {name} must have equality conditions specified in the query")
    if term is None:
        compiler.fail_plainly(f"Query condition missed key schema element: {name}")
    if term[0] != "=":
        compiler.fail_plainly("Query key condition not supported")
    return term[1][0]


def _check_sort_prefix(sorted_: Terms, range_keys: tuple[str, ...], compiler: Compiler) -> None:
    """RANGE attributes named must be a leading run of the key's, all but the last with an equality
    (multi-attribute keys; the dynamodb-conformance suite, pinned on eu-west-2)."""
    for at, later in enumerate(range_keys):
        if later not in sorted_:
            continue
        prior = next((name for name in range_keys[:at] if sorted_.get(name, ("",))[0] != "="), None)
        if prior is not None:
            compiler.fail_plainly(
                f"RANGE key attributes {prior} must have equality conditions specified in the query because a "
                f"condition is present on key attribute {later}"
            )
