"""The legacy (pre-expression) parameters, rewritten into expressions.

``translate(operation, params)`` returns params in which AttributesToGet,
KeyConditions, QueryFilter, ScanFilter, ConditionalOperator, Expected and
AttributeUpdates are replaced by the equivalent expressions, or raises
AWS's ValidationException when legacy and expression parameters are mixed
or a legacy condition is malformed.

The generated expressions name every attribute through ``#`` placeholders
(legacy names may be reserved words or contain dots) and every value through
``:`` placeholders, chosen so that they never collide with the caller's own
(Query accepts KeyConditions beside a FilterExpression).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..aws.errors import ValidationException
from .values import Layered, normalize_value

INVALID = "One or more parameter values were invalid: "
#: What AWS says when an AttributeUpdates ADD or DELETE meets an attribute of another type.
UPDATE_TYPE_MISMATCH = "Type mismatch for attribute to update"


@dataclass(frozen=True, slots=True)
class _Parameters:
    """An operation's expression and legacy parameters, in the order AWS lists them."""

    expressions: tuple[str, ...]
    legacy: tuple[str, ...]
    #: The legacy condition map that ConditionalOperator combines.
    conditions: str | None


_CONDITION = _Parameters(("ConditionExpression",), ("Expected", "ConditionalOperator"), "Expected")

_OPERATIONS: dict[str, _Parameters] = {
    "GetItem": _Parameters(("ProjectionExpression",), ("AttributesToGet",), None),
    "PutItem": _CONDITION,
    "DeleteItem": _CONDITION,
    "UpdateItem": _Parameters(
        ("UpdateExpression", "ConditionExpression"),
        ("AttributeUpdates", "Expected", "ConditionalOperator"),
        "Expected",
    ),
    "Query": _Parameters(
        ("ProjectionExpression", "FilterExpression", "KeyConditionExpression"),
        ("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"),
        "QueryFilter",
    ),
    "Scan": _Parameters(
        ("ProjectionExpression", "FilterExpression"),
        ("AttributesToGet", "ScanFilter", "ConditionalOperator"),
        "ScanFilter",
    ),
    "BatchGetItem": _Parameters(("ProjectionExpression",), ("AttributesToGet",), None),
}

#: ComparisonOperator -> (allowed AttributeValueList lengths, allowed value types or None for any).
_SCALARS = frozenset({"S", "N", "B"})
_OPERATORS: dict[str, tuple[range, frozenset[str] | None]] = {
    "EQ": (range(1, 2), None),
    "NE": (range(1, 2), None),
    "LE": (range(1, 2), _SCALARS),
    "LT": (range(1, 2), _SCALARS),
    "GE": (range(1, 2), _SCALARS),
    "GT": (range(1, 2), _SCALARS),
    "CONTAINS": (range(1, 2), _SCALARS),
    "NOT_CONTAINS": (range(1, 2), _SCALARS),
    "BEGINS_WITH": (range(1, 2), frozenset({"S", "B"})),
    "IN": (range(1, 1 << 31), _SCALARS),
    "BETWEEN": (range(2, 3), _SCALARS),
    "NULL": (range(0, 1), None),
    "NOT_NULL": (range(0, 1), None),
}
_KEY_OPERATORS = frozenset({"EQ", "LE", "LT", "GE", "GT", "BEGINS_WITH", "BETWEEN"})
_COMPARATORS = {"EQ": "=", "NE": "<>", "LE": "<=", "LT": "<", "GE": ">=", "GT": ">"}
_SET_TYPES = frozenset({"SS", "NS", "BS"})
_ADDABLE_TYPES = frozenset({"N", "L", "SS", "NS", "BS"})


def translate(operation: str, params: dict[str, Any], *, key_size: int = 2) -> dict[str, Any]:
    """``key_size``: the attributes of the key a Query reads (more than 2 only for a multi-attribute GSI)."""
    parameters = _OPERATIONS.get(operation)
    if parameters is None:
        return params
    legacy = [name for name in parameters.legacy if params.get(name) is not None]
    expressions = [name for name in parameters.expressions if params.get(name) is not None]
    _check_mixing(params, legacy, expressions)
    _check_expression_maps(params, parameters, expressions)
    if not legacy:
        return params
    _check_conditional_operator(params, parameters)
    return _Translation(params, parameters.legacy, key_size).run()


def _check_mixing(params: dict[str, Any], legacy: list[str], expressions: list[str]) -> None:
    if not expressions:
        return
    # KeyConditions may accompany a FilterExpression/ProjectionExpression; only
    # KeyConditionExpression excludes it.
    mixed = [name for name in legacy if name != "KeyConditions" or "KeyConditionExpression" in expressions]
    if mixed:
        raise ValidationException(
            "Can not use both expression and non-expression parameters in the same request: "
            f"Non-expression parameters: {{{', '.join(mixed)}}} "
            f"Expression parameters: {{{', '.join(expressions)}}}"
        )


def _check_expression_maps(params: dict[str, Any], parameters: _Parameters, expressions: list[str]) -> None:
    if expressions:
        return
    if params.get("ExpressionAttributeNames") is not None:
        raise ValidationException("ExpressionAttributeNames can only be specified when using expressions")
    value_expressions = [name for name in parameters.expressions if name != "ProjectionExpression"]
    if value_expressions and params.get("ExpressionAttributeValues") is not None:
        verb = "are" if len(value_expressions) > 1 else "is"
        bare = "ExpressionAttributeValues can only be specified when using expressions"
        # The newer wording drops the suffix (dynamodb-conformance putItem, 2026-10-09).
        raise Layered(f"{bare}: {' and '.join(value_expressions)} {verb} null", bare)


def _check_conditional_operator(params: dict[str, Any], parameters: _Parameters) -> None:
    if params.get("ConditionalOperator") is None:
        return
    conditions = params.get(parameters.conditions) if parameters.conditions else None
    if not conditions:
        raise ValidationException("ConditionalOperator cannot be used without Filter or Expected")
    if len(conditions) < 2:
        raise ValidationException(
            "ConditionalOperator can only be used when Filter or Expected has two or more elements"
        )


class _Translation:
    """One request's rewrite: collects placeholders while building expressions."""

    def __init__(self, params: dict[str, Any], legacy: tuple[str, ...], key_size: int) -> None:
        self.params = dict(params)
        self.legacy = legacy
        self.key_size = key_size
        self.taken_names = set(params.get("ExpressionAttributeNames") or ())
        self.taken_values = set(params.get("ExpressionAttributeValues") or ())
        self.names: dict[str, str] = {}  # attribute -> placeholder
        self.values: dict[str, Any] = {}  # placeholder -> AttributeValue

    def run(self) -> dict[str, Any]:
        params = self.params
        # Only the operation's own legacy members (its model has no others).
        taken = {name: params.pop(name) for name in self.legacy if params.get(name) is not None}
        joiner = " OR " if taken.get("ConditionalOperator") == "OR" else " AND "
        if (attributes := taken.get("AttributesToGet")) is not None:
            params["ProjectionExpression"] = self._projection(attributes)
        if (expected := taken.get("Expected")) is not None:
            self._set("ConditionExpression", self._conditions(expected, joiner, expected=True))
        for filter_name in ("QueryFilter", "ScanFilter"):
            if (conditions := taken.get(filter_name)) is not None:
                self._set("FilterExpression", self._conditions(conditions, joiner, expected=False))
        if (key_conditions := taken.get("KeyConditions")) is not None:
            self._set("KeyConditionExpression", self._key_conditions(key_conditions))
        if (updates := taken.get("AttributeUpdates")) is not None:
            self._set("UpdateExpression", self._updates(updates))
        if self.names:
            names = dict(params.get("ExpressionAttributeNames") or {})
            names.update((placeholder, attribute) for attribute, placeholder in self.names.items())
            params["ExpressionAttributeNames"] = names
        if self.values:
            params["ExpressionAttributeValues"] = {
                **(params.get("ExpressionAttributeValues") or {}),
                **self.values,
            }
        return params

    def _set(self, name: str, expression: str) -> None:
        if expression:
            self.params[name] = expression

    # -- placeholders ------------------------------------------------------

    def name(self, attribute: str) -> str:
        placeholder = self.names.get(attribute)
        if placeholder is None:
            placeholder = _fresh("#n", len(self.names), self.taken_names)
            self.names[attribute] = placeholder
        return placeholder

    def value(self, value: Any) -> str:
        placeholder = _fresh(":v", len(self.values), self.taken_values)
        # Checked here so that errors name the value, not a generated placeholder.
        self.values[placeholder] = normalize_value(value)
        return placeholder

    # -- AttributesToGet ---------------------------------------------------

    def _projection(self, attributes: list[str]) -> str:
        # Select against AttributesToGet is checked by Query and Scan themselves.
        seen: set[str] = set()
        for attribute in attributes:
            if attribute in seen:
                raise ValidationException(INVALID + f"Duplicate value in attribute name: {attribute}")
            seen.add(attribute)
        return ", ".join(self.name(attribute) for attribute in attributes)

    # -- Expected / QueryFilter / ScanFilter -------------------------------

    def _conditions(self, conditions: dict[str, Any], joiner: str, *, expected: bool) -> str:
        parts = [
            self._expected(attribute, condition) if expected else self._filter(attribute, condition)
            for attribute, condition in conditions.items()
        ]
        return joiner.join(parts)

    def _expected(self, attribute: str, condition: dict[str, Any]) -> str:
        has_list = condition.get("AttributeValueList") is not None
        value = condition.get("Value")
        operator = condition.get("ComparisonOperator")
        exists = condition.get("Exists")
        if has_list and value is not None:
            raise ValidationException(
                INVALID + f"Value and AttributeValueList cannot be used together for Attribute: {attribute}"
            )
        if operator is not None:
            if exists is not None:
                raise ValidationException(
                    INVALID
                    + f"Exists and ComparisonOperator cannot be used together for Attribute: {attribute}"
                )
            if operator not in ("NULL", "NOT_NULL") and not has_list and value is None:
                raise ValidationException(
                    INVALID
                    + f"Value or AttributeValueList must be used with ComparisonOperator: {operator} for Attribute: {attribute}"
                )
            values = condition["AttributeValueList"] if has_list else ([value] if value is not None else [])
            return self._comparison(attribute, operator, values)
        if has_list:
            raise ValidationException(
                INVALID
                + f"AttributeValueList can only be used with a ComparisonOperator for Attribute: {attribute}"
            )
        if exists is False:
            if value is not None:
                raise ValidationException(
                    INVALID + f"Value cannot be used when Exists is false for Attribute: {attribute}"
                )
            return f"attribute_not_exists({self.name(attribute)})"
        if value is None:
            shown = "null" if exists is None else "true"
            raise ValidationException(
                INVALID + f"Value must be provided when Exists is {shown} for Attribute: {attribute}"
            )
        return f"{self.name(attribute)} = {self.value(value)}"

    def _filter(self, attribute: str, condition: dict[str, Any]) -> str:
        return self._comparison(
            attribute, condition.get("ComparisonOperator"), condition.get("AttributeValueList") or []
        )

    def _comparison(self, attribute: str, operator: str | None, values: list[Any]) -> str:
        values = _check_arguments(operator, values)
        path = self.name(attribute)
        if operator in _COMPARATORS:
            return f"{path} {_COMPARATORS[operator]} {self.value(values[0])}"
        if operator == "NULL":
            return f"attribute_not_exists({path})"
        if operator == "NOT_NULL":
            return f"attribute_exists({path})"
        if operator == "CONTAINS":
            return f"contains({path}, {self.value(values[0])})"
        if operator == "NOT_CONTAINS":
            return f"NOT contains({path}, {self.value(values[0])})"
        if operator == "BEGINS_WITH":
            return f"begins_with({path}, {self.value(values[0])})"
        if operator == "IN":
            return f"{path} IN ({', '.join(self.value(value) for value in values)})"
        # BETWEEN
        return f"{path} BETWEEN {self.value(values[0])} AND {self.value(values[1])}"

    # -- KeyConditions -----------------------------------------------------

    def _key_conditions(self, conditions: dict[str, Any]) -> str:
        for condition in conditions.values():
            _check_arguments(condition.get("ComparisonOperator"), condition.get("AttributeValueList") or [])
        if not 1 <= len(conditions) <= self.key_size:
            raise ValidationException("Conditions can be of length 1 or 2 only")
        if any(
            condition.get("ComparisonOperator") not in _KEY_OPERATORS for condition in conditions.values()
        ):
            raise ValidationException("Attempted conditional constraint is not an indexable operation")
        return " AND ".join(self._filter(attribute, condition) for attribute, condition in conditions.items())

    # -- AttributeUpdates --------------------------------------------------

    def _updates(self, updates: dict[str, Any]) -> str:
        clauses: dict[str, list[str]] = {"SET": [], "REMOVE": [], "ADD": [], "DELETE": []}
        for attribute, update in updates.items():
            action = update.get("Action") or "PUT"
            value = update.get("Value")
            if value is None:
                if action != "DELETE":
                    raise ValidationException(
                        INVALID + "Only DELETE action is allowed when no attribute value is specified"
                    )
                clauses["REMOVE"].append(self.name(attribute))
                continue
            kind = _type_of(value)
            if action == "PUT":
                clauses["SET"].append(f"{self.name(attribute)} = {self.value(value)}")
            elif action == "DELETE":
                if kind not in _SET_TYPES:
                    raise ValidationException(
                        INVALID + f"DELETE action with value is not supported for the type {kind}"
                    )
                clauses["DELETE"].append(f"{self.name(attribute)} {self.value(value)}")
            elif kind not in _ADDABLE_TYPES:
                raise ValidationException(INVALID + f"ADD action is not supported for the type {kind}")
            elif kind == "L":
                # The update expression's ADD takes no lists; legacy ADD appends.
                path = self.name(attribute)
                empty = self.value({"L": []})
                clauses["SET"].append(
                    f"{path} = list_append(if_not_exists({path}, {empty}), {self.value(value)})"
                )
            else:
                clauses["ADD"].append(f"{self.name(attribute)} {self.value(value)}")
        return " ".join(f"{clause} {', '.join(actions)}" for clause, actions in clauses.items() if actions)


def _fresh(prefix: str, start: int, taken: set[str]) -> str:
    index = start
    while f"{prefix}{index}" in taken:
        index += 1
    placeholder = f"{prefix}{index}"
    taken.add(placeholder)
    return placeholder


def _type_of(value: Any) -> str:
    return next(iter(value), "") if isinstance(value, dict) else ""


def _check_arguments(operator: str | None, values: list[Any]) -> list[Any]:
    """The AttributeValueList checked for ``operator`` (count, types, order), values normalised."""
    if operator not in _OPERATORS:
        # The model admits only known operators; this keeps unchecked input an AWS error.
        raise ValidationException("Comparison type does not exist in DynamoDB")
    counts, types = _OPERATORS[operator]
    if len(values) not in counts:
        raise ValidationException(
            INVALID + f"Invalid number of argument(s) for the {operator} ComparisonOperator"
        )
    values = [normalize_value(value) for value in values]
    if not values:
        return values
    first = _type_of(values[0])
    if any(_type_of(value) != first for value in values[1:]):
        raise ValidationException(INVALID + "AttributeValues inside AttributeValueList must be of same type")
    if types is not None and first not in types:
        raise ValidationException(
            INVALID + f"ComparisonOperator {operator} is not valid for {first} AttributeValue type"
        )
    if operator == "BETWEEN" and _in_reverse(values[0], values[1]):
        raise ValidationException(
            "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"
        )
    return values


def _in_reverse(lower: dict[str, Any], upper: dict[str, Any]) -> bool:
    """Whether ``lower`` sorts after ``upper`` (malformed values are left to value validation)."""
    try:
        return _sort_value(lower) > _sort_value(upper)  # type: ignore[operator]
    except (ArithmeticError, ValueError, TypeError, binascii.Error):
        return False


def _sort_value(value: dict[str, Any]) -> Decimal | bytes:
    """A scalar in DynamoDB's order: numbers by value, strings and binaries by bytes."""
    kind, raw = next(iter(value.items()))
    if kind == "N":
        return Decimal(raw)
    if kind == "B":
        return base64.b64decode(raw, validate=True)
    return str(raw).encode()
