"""JSON-patch-like ``patchOperations`` as API Gateway applies them.

Each updatable field is declared with a type; the path's first segment names
the field and, for maps, the second segment (``~1`` escapes ``/``) is the key.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ...aws.errors import AwsError
from .errors import BadRequestException

Converter = Callable[[str | None], Any]


def _bool(value: str | None) -> bool:
    return str(value).lower() == "true"


def _int(value: str | None) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise BadRequestException(f"Invalid value '{value}' for integer field") from None


def _float(value: str | None) -> float:
    try:
        return float(str(value))
    except ValueError:
        raise BadRequestException(f"Invalid value '{value}' for double field") from None


def _str(value: str | None) -> str | None:
    return value


BOOL: Converter = _bool
INT: Converter = _int
FLOAT: Converter = _float
STR: Converter = _str
#: A map field: ``/field/key`` sets one entry.
MAP = "map"
#: A list of strings: ``add``/``remove`` ``/field/value``.
LIST = "list"

Fields = Mapping[str, Converter | str]


def unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def split_path(path: str) -> list[str]:
    return [unescape(part) for part in path.lstrip("/").split("/")] if path else []


def bad_path_message(path: str, op: str, fields: Iterable[str]) -> str:
    """AWS's words (two spaces and all) for a path an update does not know."""
    return (
        f"Invalid patch path  '{path}' specified for op '{op}'. Must be one of: "
        f"[{', '.join('/' + name for name in fields)}]"
    )


def refuse_empty(operations: Iterable[dict[str, Any]], path: str, message: str) -> None:
    """A patch that would leave ``path`` empty is refused with ``message`` (the resource's own words)."""
    if any(operation.get("path") == path and not operation.get("value") for operation in operations):
        raise BadRequestException(message)


def require_replace(operations: Iterable[dict[str, Any]]) -> None:
    """Updates that take only ``replace`` (models, request validators) refuse other ops this way."""
    for operation in operations:
        if operation.get("op", "replace") != "replace":
            raise _unsupported_op(operation)


#: A patch-operations table row that takes ``replace`` alone.
REPLACE_ONLY = frozenset({"replace"})


def require_documented_ops(operations: Iterable[dict[str, Any]], ops: Mapping[str, frozenset[str]]) -> None:
    """Refuse an op the patch-operations table marks "Not supported" for a path's first segment.

    Paths the table does not list are left to the update's own checks.
    """
    for operation in operations:
        parts = split_path(operation.get("path", ""))
        allowed = ops.get(parts[0]) if parts else None
        if allowed is not None and operation.get("op", "replace") not in allowed:
            raise _unsupported_op(operation)


def _unsupported_op(operation: dict[str, Any]) -> BadRequestException:
    return BadRequestException(
        f"Invalid patch path  '{operation.get('path', '')}' specified for op '{operation.get('op')}'. "
        "Please choose supported operations"
    )


@contextmanager
def all_or_nothing(target: dict[str, Any]) -> Iterator[None]:
    """A refused update leaves ``target`` as it was: AWS applies a patch whole or not at all."""
    before = copy.deepcopy(target)
    try:
        yield
    except AwsError:
        target.clear()
        target.update(before)
        raise


def apply_patch(target: dict[str, Any], operations: Iterable[dict[str, Any]], fields: Fields) -> None:
    """Apply ``operations`` to ``target`` in place; unknown paths are a BadRequest."""
    for operation in operations:
        op = operation.get("op", "replace")
        path = operation.get("path", "")
        value = operation.get("value")
        parts = split_path(path)
        kind = fields.get(parts[0]) if parts else None
        if kind is None:
            raise BadRequestException(bad_path_message(path, op, fields))
        name = parts[0]
        if kind == MAP:
            _patch_map(target, name, parts[1:], op, value, path)
        elif kind == LIST:
            _patch_list(target, name, parts[1:], op, value)
        elif op == "remove":
            target.pop(name, None)
        elif op in ("replace", "add"):
            target[name] = kind(value)  # type: ignore[operator]
        else:
            raise BadRequestException("Invalid patch operation specified. Must be 'add'|'remove'|'replace'")


def _patch_map(target: dict[str, Any], name: str, rest: list[str], op: str, value: Any, path: str) -> None:
    mapping = target.setdefault(name, {})
    if not rest:
        if op == "remove":
            target.pop(name, None)
            return
        raise BadRequestException(f"Invalid patch path '{path}' specified for op '{op}'")
    key = "/".join(rest)
    if op == "remove":
        mapping.pop(key, None)
    else:
        mapping[key] = value
    if not mapping:
        target.pop(name, None)


def _patch_list(target: dict[str, Any], name: str, rest: list[str], op: str, value: Any) -> None:
    items: list[str] = target.setdefault(name, [])
    item = "/".join(rest) if rest else value
    if op == "add":
        if item not in items:
            items.append(item)
    elif op == "remove":
        if item in items:
            items.remove(item)
    elif op == "replace" and rest:
        # AWS drops the named item and appends the new value, rather than replacing in place.
        if item in items:
            items.remove(item)
        if value and value not in items:
            items.append(value)
    elif op == "replace":
        target[name] = [v for v in str(value).split(",") if v] if value else []
    if not target[name]:
        target.pop(name, None)
