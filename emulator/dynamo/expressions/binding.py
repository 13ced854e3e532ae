"""Compiling a parsed tree for one set of ExpressionAttributeNames.

Names rarely change between requests that repeat an expression, values do. So
a tree is compiled once per (text, names) into a ``Plan``: closures that read
values at evaluation time, and the list of checks AWS makes on the values, in
AWS's order. Binding a request's values runs those checks and nothing else.
Errors found while compiling become the last check, so they are reported in
their place among the value errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, NoReturn

from ...aws.errors import ValidationException
from ..values import AttributeValue
from .errors import ExpressionError, path_text
from .nodes import Path, ValueRef
from .paths import Parts

Values = dict[str, AttributeValue]
Check = Callable[[Values], None]


class Stop(Exception):
    """Compiling stopped at an error; the plan's last check raises it."""


def _raise(error: type[Exception], message: str, values: Values) -> None:
    raise error(message)


def _check_defined(name: str, values: Values) -> None:
    if name not in values:
        raise ExpressionError(
            f"An expression attribute value used in expression is not defined; attribute value: {name}"
        )


class Compiler:
    """Resolves names, records the values used and collects the checks binding will run."""

    def __init__(self, names: dict[str, str] | None) -> None:
        self.names = names or {}
        self.names_used: set[str] = set()
        self.values_used: set[str] = set()
        #: Top-level attribute names of the document paths read.
        self.attributes: set[str] = set()
        #: Top-level names of the paths that go inside an attribute (``a`` of ``a.b`` or ``a[0]``).
        self.nested: set[str] = set()
        self.checks: list[Check] = []

    def path(self, path: Path) -> Parts:
        if not path.named:
            self.attributes.add(path.parts[0])  # type: ignore[arg-type]
            if len(path.parts) > 1:
                self.nested.add(path.parts[0])  # type: ignore[arg-type]
            return path.parts
        parts: list[str | int] = []
        for part in path.parts:
            if isinstance(part, str) and part[0] == "#":
                name = self.names.get(part)
                if name is None:
                    self.fail(
                        f"An expression attribute name used in the document path is not defined; attribute name: {part}"
                    )
                self.names_used.add(part)
                part = name
            parts.append(part)
        self.attributes.add(parts[0])  # type: ignore[arg-type]
        if len(parts) > 1:
            self.nested.add(parts[0])  # type: ignore[arg-type]
        return tuple(parts)

    def value(self, ref: ValueRef) -> str:
        """The placeholder's name; binding checks it is defined, here in the expression's order."""
        name = ref.name
        if name not in self.values_used:
            self.values_used.add(name)
            self.checks.append(partial(_check_defined, name))
        return name

    def check(self, check: Check) -> None:
        self.checks.append(check)

    def fail(self, message: str, error: type[Exception] = ExpressionError) -> NoReturn:
        """Stop here: binding raises ``error`` after the checks that come before it."""
        self.checks.append(partial(_raise, error, message))
        raise Stop

    def fail_plainly(self, message: str) -> NoReturn:
        """An error AWS words without the ``Invalid <parameter>:`` prefix."""
        self.fail(message, ValidationException)

    def plan(self, build: Callable[[], Any]) -> Plan:
        try:
            result = build()
        except Stop:
            result = None
        return Plan(
            tuple(self.checks),
            result,
            frozenset(self.names_used),
            frozenset(self.values_used),
            frozenset(self.attributes),
            frozenset(self.nested),
        )


@dataclass(frozen=True, slots=True)
class Plan:
    checks: tuple[Check, ...]
    #: What was compiled; None when compiling stopped (the last check then raises).
    result: Any
    names_used: frozenset[str]
    values_used: frozenset[str]
    #: Top-level attribute names the expression reads.
    attributes: frozenset[str] = frozenset()
    #: Top-level names of its paths into an attribute (key attributes may not have any).
    nested: frozenset[str] = frozenset()

    def bind(self, values: Values) -> Any:
        for check in self.checks:
            check(values)
        return self.result


def paths_apart_error(paths: list[Parts]) -> str | None:
    """AWS rejects paths where one contains another, or that index one container two ways."""
    conflict = None
    for i, one in enumerate(paths):
        for two in paths[i + 1 :]:
            for a, b in zip(one, two, strict=False):
                if type(a) is not type(b):
                    conflict = conflict or (one, two)
                    break
                if a != b:
                    break
            else:
                return (
                    "Two document paths overlap with each other; must remove or rewrite one of these paths; "
                    f"path one: {path_text(one)}, path two: {path_text(two)}"
                )
    if conflict:
        return (
            "Two document paths conflict with each other; must remove or rewrite one of these paths; "
            f"path one: {path_text(conflict[0])}, path two: {path_text(conflict[1])}"
        )
    return None
