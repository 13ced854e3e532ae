"""PartiQL conditions and values written as DynamoDB expressions.

Every path element becomes a ``#`` name and every literal a ``:`` value, so
the operations' own expression parser evaluates what PartiQL asked for.
"""

from __future__ import annotations

from typing import Any

from ...aws.errors import ValidationException
from .lexer import MALFORMED
from .nodes import (
    And,
    Arithmetic,
    Between,
    Call,
    Compare,
    Condition,
    In,
    Is,
    Not,
    Operand,
    Or,
    Path,
    Predicate,
    Value,
)
from .parser import IS_TYPES

#: PartiQL's UPDATE functions that are clauses of their own in an update expression.
SET_FUNCTIONS = {"set_add": "ADD", "set_delete": "DELETE"}
_VALUE_FUNCTIONS = frozenset({"size", "list_append", "if_not_exists"})


class Expressions:
    """Collects ExpressionAttributeNames/Values while rendering one request's expressions."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # attribute name -> placeholder
        self.values: dict[str, Any] = {}  # placeholder -> AttributeValue

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.names:
            out["ExpressionAttributeNames"] = {placeholder: name for name, placeholder in self.names.items()}
        if self.values:
            out["ExpressionAttributeValues"] = self.values
        return out

    def name(self, attribute: str) -> str:
        placeholder = self.names.get(attribute)
        if placeholder is None:
            placeholder = self.names[attribute] = f"#p{len(self.names)}"
        return placeholder

    def value(self, value: Any) -> str:
        placeholder = f":p{len(self.values)}"
        self.values[placeholder] = value
        return placeholder

    def path(self, path: Path) -> str:
        text = self.name(str(path.parts[0]))
        for part in path.parts[1:]:
            text += f"[{part}]" if isinstance(part, int) else f".{self.name(part)}"
        return text

    def operand(self, operand: Operand) -> str:
        if isinstance(operand, Path):
            return self.path(operand)
        if isinstance(operand, Value):
            return self.value(operand.value)
        if isinstance(operand, Call):
            if operand.name in SET_FUNCTIONS and operand.at:  # outside UPDATE SET (tier3 partiqlFunctions)
                raise ValidationException(f"Unrecognized function: {operand.name} at {operand.at}")
            if operand.name not in _VALUE_FUNCTIONS:
                raise ValidationException(MALFORMED + f"Unsupported function: {operand.name}")
            return f"{operand.name}({', '.join(self.operand(arg) for arg in operand.args)})"
        return f"{self.operand(operand.left)} {operand.operator} {self.operand(operand.right)}"

    def condition(self, condition: Condition, nested: bool = False) -> str:
        if isinstance(condition, And | Or):
            joiner = " AND " if isinstance(condition, And) else " OR "
            text = joiner.join(self.condition(item, nested=True) for item in condition.items)
            return f"({text})" if nested else text
        if isinstance(condition, Not):
            return f"NOT {self.condition(condition.inner, nested=True)}"
        if isinstance(condition, Compare):
            truth = _compared_with_truth(condition)
            if truth is not None:  # attribute_exists(a) = true (the conformance suite, four regions)
                call, holds = truth
                text = self._predicate(Predicate(call))
                return text if holds else f"NOT {text}"
            _check_comparable(condition.left, condition.right)
            return f"{self.operand(condition.left)} {condition.operator} {self.operand(condition.right)}"
        if isinstance(condition, Between):
            return f"{self.operand(condition.subject)} BETWEEN {self.operand(condition.low)} AND {self.operand(condition.high)}"
        if isinstance(condition, In):
            return f"{self.operand(condition.subject)} IN ({', '.join(self.operand(o) for o in condition.options)})"
        if isinstance(condition, Is):
            return self._is(condition, nested)
        return self._predicate(condition)

    def _is(self, condition: Is, nested: bool) -> str:
        subject = self.operand(condition.subject)
        if condition.kind in IS_TYPES:
            text = f"attribute_type({subject}, {self.value({'S': IS_TYPES[condition.kind]})})"
            return f"NOT {text}" if condition.negated else text
        if condition.kind == "MISSING":
            return f"attribute_exists({subject})" if condition.negated else f"attribute_not_exists({subject})"
        # PartiQL's NULL test also holds for a missing attribute.
        null_type = self.value({"S": "NULL"})
        if condition.negated:
            text = f"attribute_exists({subject}) AND NOT attribute_type({subject}, {null_type})"
        else:
            text = f"attribute_not_exists({subject}) OR attribute_type({subject}, {null_type})"
        return f"({text})" if nested else text

    def _predicate(self, predicate: Predicate) -> str:
        call = predicate.call
        if call.name == "exists":
            if call.at:  # EXISTS(path) in a WHERE is no function of AWS's (tier3 partiqlFunctions)
                raise ValidationException(f"Unrecognized function: exists at {call.at}")
            raise ValidationException(MALFORMED + "EXISTS is only supported in ExecuteTransaction")
        if not call.args:
            raise ValidationException(
                f"Incorrect number of operands for operator or function; operator or function: {call.name}, number of operands: 0"
            )
        return f"{call.name}({', '.join(self.operand(arg) for arg in call.args)})"


_TRUTH_FUNCTIONS = frozenset({"attribute_exists", "attribute_not_exists", "begins_with", "contains", "attribute_type"})


def _compared_with_truth(condition: Compare) -> tuple[Call, bool] | None:
    """``f(...) = true`` (or ``<> false``...) for a boolean function ``f``: the call and whether it must hold."""
    left, right = condition.left, condition.right
    if isinstance(right, Call) and isinstance(left, Value):
        left, right = right, left
    if not (isinstance(left, Call) and left.name in _TRUTH_FUNCTIONS and isinstance(right, Value)):
        return None
    if condition.operator not in ("=", "<>") or "BOOL" not in right.value:
        return None
    return left, right.value["BOOL"] == (condition.operator == "=")


def _check_comparable(left: Operand, right: Operand) -> None:
    if isinstance(left, Arithmetic) or isinstance(right, Arithmetic):
        raise ValidationException(MALFORMED + "Arithmetic is only supported in UPDATE SET")


def conjuncts(condition: Condition | None) -> list[Condition]:
    """The top-level AND terms of a WHERE clause."""
    if condition is None:
        return []
    if isinstance(condition, And):
        return [term for item in condition.items for term in conjuncts(item)]
    return [condition]


def equality(term: Condition) -> tuple[str, dict[str, Any]] | None:
    """(attribute, value) when ``term`` is ``attribute = literal`` (either way round)."""
    if not isinstance(term, Compare) or term.operator != "=":
        return None
    for path, value in ((term.left, term.right), (term.right, term.left)):
        if isinstance(path, Path) and isinstance(value, Value) and path.attribute is not None:
            return path.attribute, value.value
    return None
