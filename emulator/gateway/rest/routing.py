"""The route table of one deployment: a tree of path segments, built once.

AWS's precedence: a literal segment beats ``{param}``, which beats ``{proxy+}``;
a method-specific method beats ``ANY``. Matching walks the tree segment by
segment (no regular expressions) and backtracks when a branch has no method.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

#: Matches remembered per table: enough for any real API; ``{proxy+}`` paths are endless.
_CACHE_LIMIT = 4096


@dataclass(slots=True)
class Node(Generic[T]):
    literals: dict[str, Node[T]] = field(default_factory=dict)
    param: tuple[str, Node[T]] | None = None
    greedy: tuple[str, Node[T]] | None = None
    methods: dict[str, T] = field(default_factory=dict)

    def pick(self, http_method: str) -> T | None:
        found = self.methods.get(http_method)
        return found if found is not None else self.methods.get("ANY")


class RouteTable(Generic[T]):
    def __init__(self) -> None:
        self.root: Node[T] = Node()
        self._matched: dict[tuple[str, str], tuple[T, dict[str, str]] | None] = {}

    def add(self, resource_path: str, http_method: str, target: T) -> None:
        self._matched.clear()
        node = self.root
        for part in _segments(resource_path):
            if part.startswith("{") and part.endswith("+}"):
                if node.greedy is None:
                    node.greedy = (part[1:-2], Node())
                node = node.greedy[1]
            elif part.startswith("{"):
                if node.param is None:
                    node.param = (part[1:-1], Node())
                node = node.param[1]
            else:
                node = node.literals.setdefault(part, Node())
        node.methods[http_method] = target

    def match(self, path: str, http_method: str) -> tuple[T, dict[str, str]] | None:
        """The method for ``path`` and its path parameters (shared: read only), or None."""
        key = (path, http_method)
        try:
            return self._matched[key]
        except KeyError:
            pass
        params: dict[str, str] = {}
        found = _walk(self.root, path, _segments(path), 0, http_method, params)
        matched = (found, params) if found is not None else None
        if len(self._matched) < _CACHE_LIMIT:
            self._matched[key] = matched
        return matched


def _segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def _walk(
    node: Node[T], path: str, parts: list[str], index: int, http_method: str, params: dict[str, str]
) -> T | None:
    if index == len(parts):
        return node.pick(http_method)
    part = parts[index]
    child = node.literals.get(part)
    if child is not None:
        found = _walk(child, path, parts, index + 1, http_method, params)
        if found is not None:
            return found
    if node.param is not None:
        name, child = node.param
        found = _walk(child, path, parts, index + 1, http_method, params)
        if found is not None:
            params[name] = part
            return found
    if node.greedy is not None:
        name, child = node.greedy
        found = child.pick(http_method)
        if found is not None:
            params[name] = _rest_of(path, index)
            return found
    return None


def _rest_of(path: str, index: int) -> str:
    """The path from its ``index``-th segment on: AWS keeps doubled slashes inside a greedy
    parameter (``a//b``), drops the trailing ones."""
    pieces = path.split("/")
    seen = 0
    for position, piece in enumerate(pieces):
        if piece:
            if seen == index:
                return "/".join(pieces[position:]).rstrip("/")
            seen += 1
    return ""
