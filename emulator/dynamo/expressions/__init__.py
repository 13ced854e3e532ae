"""DynamoDB's expression language: condition, filter, key-condition, update and projection.

Each expression is parsed once per text and compiled once per (text, names)
(both cached); a request then only binds its values to the compiled plan, which
runs AWS's checks on them. Parsed objects report ``names_used`` and
``values_used`` for ``check_unused``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..values import Item
from .attributes import check_attribute_maps, check_unused
from .binding import Compiler, Plan, Values, paths_apart_error
from .condition import Predicate, compile_condition
from .errors import ExpressionError, invalid
from .key_condition import KeyCondition, KeyRange, compile_key_condition
from .nodes import Condition as ConditionTree
from .nodes import Path, UpdateClauses
from .parser import ConditionParser, ProjectionParser
from .paths import Parts, project
from .update import UpdateExpression, compile_update
from .update_parser import UpdateParser

__all__ = [
    "Condition",
    "KeyCondition",
    "KeyRange",
    "Projection",
    "UpdateExpression",
    "check_attribute_maps",
    "check_unused",
    "condition_tree",
    "parse_condition",
    "parse_key_condition",
    "parse_projection",
    "parse_update",
]

CACHE_SIZE = 4096
Names = tuple[tuple[str, str], ...]


def _names_key(names: dict[str, str] | None) -> Names:
    return tuple(names.items()) if names else ()


@lru_cache(maxsize=CACHE_SIZE)
def _condition_tree(text: str) -> ConditionTree:
    return ConditionParser(text).run()  # type: ignore[return-value]


def condition_tree(text: str) -> ConditionTree:
    """A condition's syntax tree, placeholders unresolved (cached; ``parse_condition`` checks it first)."""
    return _condition_tree(text)


@lru_cache(maxsize=CACHE_SIZE)
def _update_tree(text: str) -> UpdateClauses:
    return UpdateParser(text).run()  # type: ignore[return-value]


@lru_cache(maxsize=CACHE_SIZE)
def _projection_tree(text: str) -> tuple[Path, ...]:
    return ProjectionParser(text).run()  # type: ignore[return-value]


@lru_cache(maxsize=CACHE_SIZE)
def _condition_plan(text: str, names: Names) -> Plan:
    compiler = Compiler(dict(names))
    return compiler.plan(lambda: compile_condition(_condition_tree(text), compiler))


@lru_cache(maxsize=CACHE_SIZE)
def _key_plan(text: str, names: Names, hash_keys: tuple[str, ...], range_keys: tuple[str, ...]) -> Plan:
    compiler = Compiler(dict(names))
    return compiler.plan(lambda: compile_key_condition(_condition_tree(text), compiler, hash_keys, range_keys))


@lru_cache(maxsize=CACHE_SIZE)
def _update_plan(text: str, names: Names) -> Plan:
    compiler = Compiler(dict(names))
    return compiler.plan(lambda: compile_update(_update_tree(text), compiler))


@lru_cache(maxsize=CACHE_SIZE)
def _projection_plan(text: str, names: Names) -> Plan:
    compiler = Compiler(dict(names))

    def build() -> tuple[Parts, ...]:
        paths = tuple(compiler.path(path) for path in _projection_tree(text))
        overlap = paths_apart_error(list(paths))
        if overlap:
            compiler.fail(overlap)
        return paths

    return compiler.plan(build)


class Condition:
    """A condition or filter bound to a request; ``evaluate(item)`` tells whether the item satisfies it."""

    __slots__ = ("predicate", "values", "names_used", "values_used", "attributes", "nested")

    def __init__(self, plan: Plan, values: Values) -> None:
        self.predicate: Predicate = plan.result
        self.values = values
        self.names_used = plan.names_used
        self.values_used = plan.values_used
        #: The top-level attributes it reads (``a`` of ``a.b[1] = :v``), names resolved.
        self.attributes = plan.attributes
        #: Those it reads inside of (``a`` of ``a.b[1] = :v``, not of ``a = :v``).
        self.nested = plan.nested

    def evaluate(self, item: Item) -> bool:
        return self.predicate(item, self.values)


class Projection:
    """A projection; ``apply(item)`` keeps only its paths."""

    __slots__ = ("paths", "names_used", "values_used")

    def __init__(self, plan: Plan) -> None:
        self.paths: tuple[Parts, ...] = plan.result
        self.names_used = plan.names_used
        self.values_used: frozenset[str] = frozenset()

    @property
    def attributes(self) -> frozenset[str]:
        """The top-level attributes the projection reads."""
        return frozenset(str(p[0]) for p in self.paths)

    @property
    def nested(self) -> frozenset[str]:
        """The top-level attributes it reads inside of."""
        return frozenset(str(p[0]) for p in self.paths if len(p) > 1)

    def apply(self, item: Item) -> Item:
        return project(item, self.paths)


def parse_condition(
    text: str,
    names: dict[str, str] | None,
    values: dict[str, Any] | None,
    *,
    parameter: str = "ConditionExpression",
) -> Condition:
    """``parameter`` names the request member in messages: ConditionExpression or FilterExpression."""
    values = values or {}
    try:
        plan = _condition_plan(text, _names_key(names))
        plan.bind(values)
    except ExpressionError as error:
        raise invalid(parameter, error) from None
    return Condition(plan, values)


def parse_key_condition(
    text: str,
    names: dict[str, str] | None,
    values: dict[str, Any] | None,
    *,
    hash_key: str | tuple[str, ...],
    range_key: str | tuple[str, ...] | None,
) -> KeyCondition:
    """``hash_key`` / ``range_key``: an attribute name, or a multi-attribute key's names in key order."""
    values = values or {}
    hash_keys = (hash_key,) if isinstance(hash_key, str) else hash_key
    range_keys = (range_key,) if isinstance(range_key, str) else range_key or ()
    try:
        plan = _key_plan(text, _names_key(names), hash_keys, range_keys)
        key_plan = plan.bind(values)
    except ExpressionError as error:
        raise invalid("KeyConditionExpression", error) from None
    return key_plan.bind(values, plan.names_used, plan.values_used)


def parse_update(text: str, names: dict[str, str] | None, values: dict[str, Any] | None) -> UpdateExpression:
    values = values or {}
    try:
        plan = _update_plan(text, _names_key(names))
        update_plan = plan.bind(values)
    except ExpressionError as error:
        raise invalid("UpdateExpression", error) from None
    return UpdateExpression(update_plan, values, plan.names_used, plan.values_used, plan.nested)


def parse_projection(text: str, names: dict[str, str] | None) -> Projection:
    try:
        plan = _projection_plan(text, _names_key(names))
        plan.bind({})
    except ExpressionError as error:
        raise invalid("ProjectionExpression", error) from None
    return Projection(plan)
