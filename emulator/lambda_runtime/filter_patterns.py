"""Event filter patterns (``FilterCriteria``), the EventBridge-style syntax Lambda applies to records.

A pattern mirrors the record: a key must be present and its value match; a
list of matchers is an OR; a record value that is a list matches if any
element does. Matchers: literals (``"INSERT"``, ``5``, ``true``, ``null``),
``{"prefix": ...}``, ``{"suffix": ...}``, ``{"equals-ignore-case": ...}``,
``{"anything-but": ...}``, ``{"numeric": [">", 0, "<=", 5]}``, ``{"exists": bool}``
(leaves only: an attribute's ``{"S": ...}`` object does not "exist", its ``S`` does);
``"$or": [pattern, ...]`` beside other keys passes if any of its patterns does.
Numeric rules and number literals match JSON numbers only: DynamoDB's ``{"N": "5"}`` is
a string, so (as on AWS) it never satisfies ``{"numeric": ...}`` nor the literal ``5``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import orjson

from .errors import InvalidParameterValueException

Matcher = Callable[[Any], bool]
_MISSING = object()

_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "=": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}  # fmt: skip


def compile_criteria(criteria: dict[str, Any] | None) -> Matcher:
    """A record passes if any of the criteria's filters matches it (or there are none)."""
    filters = (criteria or {}).get("Filters") or []
    matchers = [compile_pattern(f.get("Pattern", "")) for f in filters]
    if not matchers:
        return lambda record: True
    return lambda record: any(match(record) for match in matchers)


def compile_pattern(text: str) -> Matcher:
    try:
        pattern = orjson.loads(text)
        if not isinstance(pattern, dict):
            raise ValueError
        return _object(pattern)
    except (ValueError, TypeError, KeyError):
        raise InvalidParameterValueException("Invalid filter pattern definition.") from None


def _object(pattern: dict[str, Any]) -> Matcher:
    fields = [(key, _field(value)) for key, value in pattern.items() if key != "$or"]
    options = pattern.get("$or")
    if options is not None and not (isinstance(options, list) and len(options) > 1 and all(isinstance(o, dict) for o in options)):
        raise ValueError("$or takes a list of at least two patterns")
    alternatives = [_object(option) for option in options or ()]

    def match(record: Any) -> bool:
        if not isinstance(record, dict):
            return False
        if alternatives and not any(option(record) for option in alternatives):
            return False
        return all(check(record.get(key, _MISSING)) for key, check in fields)

    return match


def _field(pattern: Any) -> Matcher:
    if isinstance(pattern, dict):
        nested = _object(pattern)
        return lambda value: any(nested(v) for v in value) if isinstance(value, list) else nested(value)
    if not isinstance(pattern, list) or not pattern:
        raise ValueError("a pattern's leaves are non-empty lists of matchers")
    rules = [_rule(item) for item in pattern]
    exists_rules = [r for r, checks_missing in rules if checks_missing]
    value_rules = [r for r, checks_missing in rules if not checks_missing]

    def match(value: Any) -> bool:
        if any(rule(value) for rule in exists_rules):
            return True
        if value is _MISSING:
            return False
        # Matchers judge leaves only: an object (DynamoDB's {"S": ...}) never equals nor escapes a value.
        values = value if isinstance(value, list) else [value]
        return any(rule(v) for rule in value_rules for v in values if not isinstance(v, dict))

    return match


def _rule(item: Any) -> tuple[Matcher, bool]:
    """A matcher, and whether it judges a missing key itself (``exists``)."""
    if not isinstance(item, dict):
        _require(not isinstance(item, list))
        return (lambda value: _equal(value, item)), False
    ((kind, argument),) = item.items()
    if kind == "exists":
        _require(isinstance(argument, bool))
        return (lambda value: _is_leaf(value) == argument), True
    if kind == "anything-but":
        excluded = _anything_but(argument)
        return (lambda value: not excluded(value)), False
    if kind == "numeric":
        return _numeric(argument), False
    return _text_rule(kind, argument), False


def _text_rule(kind: str, argument: Any) -> Matcher:
    _require(isinstance(argument, str))
    if kind == "prefix":
        return lambda value: isinstance(value, str) and value.startswith(argument)
    if kind == "suffix":
        return lambda value: isinstance(value, str) and value.endswith(argument)
    if kind == "equals-ignore-case":
        return lambda value: isinstance(value, str) and value.lower() == argument.lower()
    raise ValueError(f"unknown matcher {kind}")


def _anything_but(argument: Any) -> Matcher:
    if isinstance(argument, dict):
        ((kind, text),) = argument.items()
        return _text_rule(kind, text)
    options = argument if isinstance(argument, list) else [argument]
    _require(bool(options) and all(isinstance(o, str | int | float) and not isinstance(o, bool) for o in options))
    return lambda value: any(_equal(value, option) for option in options)


def _numeric(argument: Any) -> Matcher:
    _require(isinstance(argument, list) and 0 < len(argument) <= 4 and len(argument) % 2 == 0)
    bounds = argument[1::2]
    _require(all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds))
    pairs = [(_COMPARISONS[op], float(bound)) for op, bound in zip(argument[::2], bounds, strict=True)]

    def match(value: Any) -> bool:
        number = _number(value)
        return number is not None and all(compare(number, bound) for compare, bound in pairs)

    return match


def _require(condition: bool) -> None:
    if not condition:
        raise ValueError("malformed matcher")


def _is_leaf(value: Any) -> bool:
    """Whether ``exists`` sees a value: AWS counts leaves only, an object (intermediate node) is absent."""
    if value is _MISSING or isinstance(value, dict):
        return False
    if isinstance(value, list):
        return any(not isinstance(v, dict | list) for v in value)
    return True


def _equal(value: Any, expected: Any) -> bool:
    if isinstance(expected, bool) or expected is None or isinstance(value, bool):
        return value is expected or (value == expected and type(value) is type(expected))
    if isinstance(expected, int | float):
        number = _number(value)
        return number is not None and number == expected
    return value == expected


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None
