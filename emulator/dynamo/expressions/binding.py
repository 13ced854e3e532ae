"""Binding a parsed tree to one request's ExpressionAttributeNames and -Values."""

from __future__ import annotations

from typing import Any

from ..values import AttributeValue
from .errors import ExpressionError, path_text
from .nodes import Path, ValueRef
from .paths import Parts


class Binder:
    """Resolves placeholders and remembers which ones the expression used."""

    def __init__(self, names: dict[str, str] | None, values: dict[str, Any] | None) -> None:
        self.names = names or {}
        self.values = values or {}
        self.names_used: set[str] = set()
        self.values_used: set[str] = set()

    def path(self, path: Path) -> Parts:
        parts = path.parts
        if not any(isinstance(p, str) and p[0] == "#" for p in parts):
            return parts
        return tuple(self.name(p) if isinstance(p, str) and p[0] == "#" else p for p in parts)

    def name(self, placeholder: str) -> str:
        name = self.names.get(placeholder)
        if name is None:
            raise ExpressionError(
                f"An expression attribute name used in the document path is not defined; attribute name: {placeholder}"
            )
        self.names_used.add(placeholder)
        return name

    def value(self, ref: ValueRef) -> AttributeValue:
        value = self.values.get(ref.name)
        if value is None:
            raise ExpressionError(
                f"An expression attribute value used in expression is not defined; attribute value: {ref.name}"
            )
        self.values_used.add(ref.name)
        return value


def check_paths_apart(paths: list[Parts]) -> None:
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
                raise ExpressionError(
                    "Two document paths overlap with each other; must remove or rewrite one of these paths; "
                    f"path one: {path_text(one)}, path two: {path_text(two)}"
                )
    if conflict:
        raise ExpressionError(
            "Two document paths conflict with each other; must remove or rewrite one of these paths; "
            f"path one: {path_text(conflict[0])}, path two: {path_text(conflict[1])}"
        )
