"""The syntax tree every expression kind is parsed into.

Trees hold placeholders (``#name``, ``:value``) unresolved, so one parsed tree
serves every request that repeats the expression text; binding resolves them.
"""

from __future__ import annotations

from dataclasses import dataclass


class Path:
    """A document path: bare names, ``#placeholders`` and list indexes, in order."""

    __slots__ = ("parts", "named")

    def __init__(self, parts: tuple[str | int, ...]) -> None:
        self.parts = parts
        #: Whether any part is a ``#placeholder`` still to resolve.
        self.named = any(isinstance(p, str) and p[0] == "#" for p in parts)


@dataclass(frozen=True, slots=True, eq=False)
class ValueRef:
    name: str


@dataclass(frozen=True, slots=True, eq=False)
class Call:
    name: str
    args: tuple[Operand, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Arithmetic:
    op: str  # "+" or "-", in update expressions
    left: Operand
    right: Operand


Operand = Path | ValueRef | Call | Arithmetic


@dataclass(frozen=True, slots=True, eq=False)
class Comparison:
    op: str  # = <> < <= > >=
    left: Operand
    right: Operand


@dataclass(frozen=True, slots=True, eq=False)
class Between:
    subject: Operand
    low: Operand
    high: Operand


@dataclass(frozen=True, slots=True, eq=False)
class In:
    subject: Operand
    options: tuple[Operand, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Not:
    operand: Condition


@dataclass(frozen=True, slots=True, eq=False)
class And:
    left: Condition
    right: Condition


@dataclass(frozen=True, slots=True, eq=False)
class Or:
    left: Condition
    right: Condition


Condition = Comparison | Between | In | Call | Not | And | Or


@dataclass(frozen=True, slots=True, eq=False)
class UpdateClauses:
    sets: tuple[tuple[Path, Operand], ...]
    removes: tuple[Path, ...]
    adds: tuple[tuple[Path, ValueRef], ...]
    deletes: tuple[tuple[Path, ValueRef], ...]
    #: The sections ("SET", "REMOVE", "ADD", "DELETE") in the order they are written.
    order: tuple[str, ...] = ("SET", "REMOVE", "ADD", "DELETE")
