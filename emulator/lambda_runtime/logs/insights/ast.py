"""A parsed Logs Insights query: expressions and the commands of the pipeline.

Every expression keeps the text it was written as, which names its column
when no ``as`` alias does (``count(*)``, ``strlen(@message)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Expr:
    text: str


@dataclass(frozen=True, slots=True)
class Field(Expr):
    name: str


@dataclass(frozen=True, slots=True)
class Literal(Expr):
    value: Any  # str, int or float


@dataclass(frozen=True, slots=True)
class Duration(Expr):
    """A period such as ``5m`` (``bin``'s argument): an amount of a unit."""

    amount: int
    unit: str  # canonical: ms, s, m, h, d, w, mo, q, y


@dataclass(frozen=True, slots=True)
class Regex(Expr):
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class ListOf(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Star(Expr):
    """``*`` as in ``count(*)``."""


@dataclass(frozen=True, slots=True)
class Call(Expr):
    name: str  # lower case
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Unary(Expr):
    op: str  # "-" or "not"
    operand: Expr


@dataclass(frozen=True, slots=True)
class Binary(Expr):
    op: str  # arithmetic, comparison, "and", "or", "like", "not like", "in", "not in"
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Named:
    """An expression and the field it produces (its alias, else its text)."""

    expr: Expr
    name: str


@dataclass(frozen=True, slots=True)
class Fields:
    items: tuple[Named, ...]


@dataclass(frozen=True, slots=True)
class Display:
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Filter:
    condition: Expr


@dataclass(frozen=True, slots=True)
class SortKey:
    expr: Expr
    descending: bool


@dataclass(frozen=True, slots=True)
class Sort:
    keys: tuple[SortKey, ...]


@dataclass(frozen=True, slots=True)
class Limit:
    count: int


@dataclass(frozen=True, slots=True)
class Stats:
    items: tuple[Named, ...]
    by: tuple[Named, ...]


@dataclass(frozen=True, slots=True)
class Parse:
    source: Expr
    pattern: re.Pattern[str]
    names: tuple[str, ...]  # the fields the pattern's groups fill, in order


@dataclass(frozen=True, slots=True)
class Dedup:
    names: tuple[str, ...]


Command = Fields | Display | Filter | Sort | Limit | Stats | Parse | Dedup


@dataclass(slots=True)
class Query:
    commands: list[Command] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # where each command begins in the query's text


def field_names(node: Any, columns: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every field name a command or expression reads or names, nested ones included; an expression
    written as one of ``columns`` (``count(*)`` after a stats) reads that column."""
    if isinstance(node, Expr) and node.text in columns:
        yield node.text
    elif isinstance(node, Field):
        yield node.name
    elif isinstance(node, str):
        yield node
    elif isinstance(node, tuple):
        for item in node:
            yield from field_names(item, columns)
    elif hasattr(node, "__dataclass_fields__") and not isinstance(node, Literal | Regex | Duration | Star):
        for member in fields(node):
            if member.name not in ("text", "pattern", "op", "descending", "count", "name"):
                yield from field_names(getattr(node, member.name), columns)
