"""DynamoDB's expression language: condition, filter, key-condition, update and projection.

Parsing is cached by expression text (trees keep placeholders unresolved);
each request binds the cached tree to its own names and values, which checks
everything that depends on them and compiles the tree into closures.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..values import Item
from .attributes import check_attribute_maps, check_unused
from .binding import Binder, check_paths_apart
from .condition import Predicate, compile_condition
from .errors import ExpressionError, invalid
from .key_condition import KeyCondition, KeyRange, build_key_condition
from .nodes import Condition as ConditionTree
from .nodes import Path, UpdateClauses
from .parser import ConditionParser, ProjectionParser
from .paths import Parts, project
from .update import UpdateExpression
from .update_parser import UpdateParser

__all__ = [
    "Condition",
    "KeyCondition",
    "KeyRange",
    "Projection",
    "UpdateExpression",
    "check_attribute_maps",
    "check_unused",
    "parse_condition",
    "parse_key_condition",
    "parse_projection",
    "parse_update",
]

CACHE_SIZE = 4096


@lru_cache(maxsize=CACHE_SIZE)
def _condition_tree(text: str) -> ConditionTree:
    return ConditionParser(text).run()  # type: ignore[return-value]


@lru_cache(maxsize=CACHE_SIZE)
def _update_tree(text: str) -> UpdateClauses:
    return UpdateParser(text).run()  # type: ignore[return-value]


@lru_cache(maxsize=CACHE_SIZE)
def _projection_tree(text: str) -> tuple[Path, ...]:
    return ProjectionParser(text).run()  # type: ignore[return-value]


class Condition:
    """A bound condition or filter; ``evaluate(item)`` tells whether the item satisfies it."""

    __slots__ = ("evaluate", "names_used", "values_used")

    def __init__(self, evaluate: Predicate, binder: Binder) -> None:
        self.evaluate = evaluate
        self.names_used = binder.names_used
        self.values_used = binder.values_used


class Projection:
    """A bound projection; ``apply(item)`` keeps only its paths."""

    __slots__ = ("paths", "names_used", "values_used")

    def __init__(self, paths: tuple[Parts, ...], binder: Binder) -> None:
        self.paths = paths
        self.names_used = binder.names_used
        self.values_used: set[str] = set()

    @property
    def attributes(self) -> frozenset[str]:
        """The top-level attributes the projection reads."""
        return frozenset(str(p[0]) for p in self.paths)

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
    binder = Binder(names, values)
    try:
        return Condition(compile_condition(_condition_tree(text), binder), binder)
    except ExpressionError as error:
        raise invalid(parameter, error) from None


def parse_key_condition(
    text: str,
    names: dict[str, str] | None,
    values: dict[str, Any] | None,
    *,
    hash_key: str,
    range_key: str | None,
) -> KeyCondition:
    binder = Binder(names, values)
    try:
        tree = _condition_tree(text)
        compile_condition(tree, binder)
    except ExpressionError as error:
        raise invalid("KeyConditionExpression", error) from None
    return build_key_condition(tree, binder, hash_key, range_key)


def parse_update(text: str, names: dict[str, str] | None, values: dict[str, Any] | None) -> UpdateExpression:
    binder = Binder(names, values)
    try:
        return UpdateExpression(_update_tree(text), binder)
    except ExpressionError as error:
        raise invalid("UpdateExpression", error) from None


def parse_projection(text: str, names: dict[str, str] | None) -> Projection:
    binder = Binder(names, None)
    try:
        paths = tuple(binder.path(path) for path in _projection_tree(text))
        check_paths_apart(list(paths))
    except ExpressionError as error:
        raise invalid("ProjectionExpression", error) from None
    return Projection(paths, binder)
