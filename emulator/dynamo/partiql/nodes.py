"""The parsed form of a PartiQL statement.

Literals and ``?`` parameters are already AttributeValues here, so later
stages never look at PartiQL text again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

AttributeValue = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Path:
    """A document path: a top-level attribute name, then names and list indexes."""

    parts: tuple[str | int, ...]

    @property
    def attribute(self) -> str | None:
        """The attribute name when the path is just one top-level attribute."""
        head = self.parts[0]
        return head if len(self.parts) == 1 and isinstance(head, str) else None


@dataclass(frozen=True, slots=True)
class Value:
    value: AttributeValue


@dataclass(frozen=True, slots=True)
class Call:
    name: str  # lower case
    args: tuple[Operand, ...]
    #: Where AWS's messages point: ``1:<column>:<length>`` of the name and of the first argument.
    at: str = field(default="", compare=False)
    first_at: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Arithmetic:
    operator: str  # "+" or "-"
    left: Operand
    right: Operand


Operand = Path | Value | Call | Arithmetic


@dataclass(frozen=True, slots=True)
class Compare:
    operator: str  # "=", "<>", "<", "<=", ">", ">="
    left: Operand
    right: Operand


@dataclass(frozen=True, slots=True)
class Between:
    subject: Operand
    low: Operand
    high: Operand


@dataclass(frozen=True, slots=True)
class In:
    subject: Operand
    options: tuple[Operand, ...]


@dataclass(frozen=True, slots=True)
class Is:
    """``x IS [NOT] MISSING`` / ``x IS [NOT] NULL``."""

    subject: Operand
    kind: str  # "MISSING" or "NULL"
    negated: bool


@dataclass(frozen=True, slots=True)
class Predicate:
    """A boolean function used as a condition: begins_with, contains, attribute_type, exists."""

    call: Call


@dataclass(frozen=True, slots=True)
class Not:
    inner: Condition


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Condition, ...]


Condition = Compare | Between | In | Is | Predicate | Not | And | Or


@dataclass(frozen=True, slots=True)
class Select:
    table: str
    index: str | None
    projection: tuple[Path, ...] | None  # None for "*"
    where: Condition | None
    #: ORDER BY direction: None when absent, else True for ascending.
    ascending: bool | None = None


@dataclass(frozen=True, slots=True)
class Insert:
    table: str
    item: dict[str, AttributeValue]


@dataclass(frozen=True, slots=True)
class Update:
    table: str
    sets: tuple[tuple[Path, Operand], ...]
    removes: tuple[Path, ...]
    where: Condition | None
    returning: str | None = None  # ReturnValues: ALL_OLD, ALL_NEW, UPDATED_OLD, UPDATED_NEW


@dataclass(frozen=True, slots=True)
class Delete:
    table: str
    where: Condition | None
    returning: str | None = None


@dataclass(frozen=True, slots=True)
class Exists:
    """``EXISTS(SELECT ...)``: a condition check, only inside ExecuteTransaction."""

    select: Select

    @property
    def table(self) -> str:
        return self.select.table


Statement = Select | Insert | Update | Delete | Exists


@dataclass(slots=True)
class Parameters:
    """The request's ``Parameters``, consumed in order by ``?``."""

    values: list[AttributeValue]
    used: int = field(default=0)

    def next(self) -> AttributeValue | None:
        if self.used >= len(self.values):
            self.used += 1
            return None
        self.used += 1
        return self.values[self.used - 1]
