"""Document paths (``a.b[2].c``) read from and written into items.

Items are never modified in place: writers copy the containers along the path
they change and share everything else.
"""

from __future__ import annotations

from ...aws.errors import ValidationException
from ..values import AttributeValue, Item

Parts = tuple[str | int, ...]

INVALID_PATH = "The document path provided in the update expression is invalid for update"


def get_path(item: Item, parts: Parts) -> AttributeValue | None:
    value = item.get(parts[0])  # type: ignore[call-overload]
    for part in parts[1:]:
        if value is None:
            return None
        if isinstance(part, int):
            elements = value.get("L")
            value = elements[part] if elements is not None and part < len(elements) else None
        else:
            members = value.get("M")
            value = members.get(part) if members is not None else None
    return value


def set_path(item: Item, parts: Parts, new: AttributeValue) -> Item:
    """A copy of ``item`` with ``new`` at the path; an index past a list's end appends."""
    head = parts[0]
    assert isinstance(head, str)
    if len(parts) == 1:
        return {**item, head: new}
    parent = item.get(head)
    if parent is None:
        raise ValidationException(INVALID_PATH)
    return {**item, head: _set_inside(parent, parts[1:], new)}


def _set_inside(container: AttributeValue, parts: Parts, new: AttributeValue) -> AttributeValue:
    part, rest = parts[0], parts[1:]
    if isinstance(part, int):
        elements = container.get("L")
        if elements is None:
            raise ValidationException(INVALID_PATH)
        if part >= len(elements):
            if rest:
                raise ValidationException(INVALID_PATH)
            return {"L": [*elements, new]}
        copy = list(elements)
        copy[part] = _set_inside(elements[part], rest, new) if rest else new
        return {"L": copy}
    members = container.get("M")
    if members is None:
        raise ValidationException(INVALID_PATH)
    if rest:
        child = members.get(part)
        if child is None:
            raise ValidationException(INVALID_PATH)
        new = _set_inside(child, rest, new)
    return {"M": {**members, part: new}}


def remove_path(item: Item, parts: Parts) -> Item:
    """A copy of ``item`` without the path; removing what is not there changes nothing, but the
    path's parent must be there, a map for a name and a list for an index (AWS's rule)."""
    head = parts[0]
    assert isinstance(head, str)
    if len(parts) == 1:
        if head not in item:
            return item
        copy = dict(item)
        del copy[head]
        return copy
    parent = item.get(head)
    if parent is None:
        raise ValidationException(INVALID_PATH)
    changed = _remove_inside(parent, parts[1:])
    return item if changed is None else {**item, head: changed}


def _remove_inside(container: AttributeValue, parts: Parts) -> AttributeValue | None:
    part, rest = parts[0], parts[1:]
    if isinstance(part, int):
        elements = container.get("L")
        if elements is None or (rest and part >= len(elements)):
            raise ValidationException(INVALID_PATH)
        if part >= len(elements):
            return None
        if not rest:
            return {"L": elements[:part] + elements[part + 1 :]}
        child = _remove_inside(elements[part], rest)
        if child is None:
            return None
        copy = list(elements)
        copy[part] = child
        return {"L": copy}
    members = container.get("M")
    if members is None or (rest and part not in members):
        raise ValidationException(INVALID_PATH)
    if part not in members:
        return None
    if not rest:
        return {"M": {k: v for k, v in members.items() if k != part}}
    child = _remove_inside(members[part], rest)
    return None if child is None else {"M": {**members, part: child}}


def check_parent(item: Item, parts: Parts) -> None:
    """AWS's rule for any update path: its parent exists, a map for a name and a list for an index."""
    if len(parts) == 1:
        return
    parent = get_path(item, parts[:-1])
    if parent is None or ("L" if isinstance(parts[-1], int) else "M") not in parent:
        raise ValidationException(INVALID_PATH)


class _Partial:
    """A map or list of which only some members are projected (lists by original index)."""

    __slots__ = ("kind", "children")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.children: dict[str | int, AttributeValue | _Partial] = {}

    def finish(self) -> AttributeValue:
        if self.kind == "L":
            return {"L": [_finish(self.children[i]) for i in sorted(self.children)]}  # type: ignore[type-var]
        return {"M": {k: _finish(v) for k, v in self.children.items()}}


def _finish(node: AttributeValue | _Partial) -> AttributeValue:
    return node.finish() if isinstance(node, _Partial) else node


def project(item: Item, paths: tuple[Parts, ...]) -> Item:
    """Only the given paths of ``item``; list elements keep their original order.

    Paths never overlap (the parser rejects that), so each lands in its own place.
    """
    if all(len(parts) == 1 for parts in paths):
        return {head: item[head] for (head,) in paths if head in item}  # type: ignore[index]
    root = _Partial("M")
    for parts in paths:
        value = get_path(item, parts)
        if value is None:
            continue
        target = root
        for position, part in enumerate(parts[:-1]):
            child = target.children.get(part)
            if not isinstance(child, _Partial):
                child = target.children[part] = _Partial("L" if isinstance(parts[position + 1], int) else "M")
            target = child
        target.children[parts[-1]] = value
    return root.finish()["M"]
