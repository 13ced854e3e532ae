"""The parsed form of a VTL template: the nodes the parser builds and the evaluator walks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Node = Any  # str | Ref | SetNode | IfNode | ForeachNode | DefineNode | MacroCall | Jump


class TemplateError(ValueError):
    pass


@dataclass(slots=True)
class Ref:
    name: str
    #: ``("attr", name)``, ``("call", name, [args])`` or ``("index", expr)``.
    accessors: list[tuple[Any, ...]]
    source: str


@dataclass(slots=True)
class SetNode:
    target: Ref
    value: Any


@dataclass(slots=True)
class IfNode:
    branches: list[tuple[Any, list[Node]]]
    otherwise: list[Node]


@dataclass(slots=True)
class ForeachNode:
    variable: str
    items: Any
    body: list[Node]


@dataclass(slots=True)
class Op:
    kind: str
    operands: list[Any]


@dataclass(slots=True)
class Interpolated:
    parts: list[Node]


@dataclass(slots=True)
class DefineNode:
    """``#define($name) ... #end``: ``$name`` then renders the block, with the variables of that moment."""

    name: str
    body: list[Node]


@dataclass(slots=True)
class Macro:
    """``#macro(name $param ...) ... #end``, called as ``#name(arg ...)``."""

    name: str
    params: list[str]
    body: list[Node]


@dataclass(slots=True)
class MacroCall:
    macro: Macro
    args: list[Any]


@dataclass(slots=True, frozen=True)
class Jump:
    """``#break`` (leaves the innermost ``#foreach``, else the template) or ``#stop`` (ends the template)."""

    stop: bool


class Stopped(Exception):
    """Raised by a ``Jump`` while rendering; ``#foreach`` catches a ``#break``, the template the rest."""

    def __init__(self, stop: bool) -> None:
        self.stop = stop
