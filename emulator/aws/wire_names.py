"""Member names <-> JSON names for rest-json bodies, and body timestamp formats.

botocore's models name members in PascalCase (``ApiId``) while some services
write other names on the wire (apigatewayv2's ``apiId``, apigateway's
``item`` for ``items``), and apigatewayv2 writes timestamps as ISO 8601.
Providers always see and return member names; this module converts at the
edge. Whether a shape needs converting is worked out once per shape, so the
shapes that need nothing (most of Lambda) cost nothing per request.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.model import Shape


_memo: dict[int, bool] = {}


def needs_conversion(shape: Shape) -> bool:
    key = id(shape)
    if key not in _memo:
        _memo[key] = False  # breaks cycles in recursive shapes
        _memo[key] = _compute(shape)
    return _memo[key]


def _compute(shape: Shape) -> bool:
    kind = shape.type_name
    if kind == "structure":
        return any(
            member.serialization.get("name", name) != name or needs_conversion(member)
            for name, member in shape.members.items()  # type: ignore[attr-defined]
        )
    if kind == "list":
        return needs_conversion(shape.member)  # type: ignore[attr-defined]
    if kind == "map":
        return needs_conversion(shape.value)  # type: ignore[attr-defined]
    return kind == "timestamp" and shape.serialization.get("timestampFormat") == "iso8601"


def from_wire(value: Any, shape: Shape) -> Any:
    """A parsed JSON value with structure keys renamed to member names."""
    if not needs_conversion(shape):
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        converted: dict[str, Any] = {}
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            wire = member.serialization.get("name", name)
            if wire in value:
                converted[name] = from_wire(value[wire], member)
        return converted
    if kind == "list" and isinstance(value, list):
        return [from_wire(item, shape.member) for item in value]  # type: ignore[attr-defined]
    if kind == "map" and isinstance(value, dict):
        return {key: from_wire(item, shape.value) for key, item in value.items()}  # type: ignore[attr-defined]
    return value


def to_wire(value: Any, shape: Shape) -> Any:
    """A provider's value with member names renamed to wire names, timestamps formatted."""
    if not needs_conversion(shape):
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        converted: dict[str, Any] = {}
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            item = value.get(name)
            if item is not None:
                converted[member.serialization.get("name", name)] = to_wire(item, member)
        return converted
    if kind == "list" and isinstance(value, list):
        return [to_wire(item, shape.member) for item in value]  # type: ignore[attr-defined]
    if kind == "map" and isinstance(value, dict):
        return {key: to_wire(item, shape.value) for key, item in value.items()}  # type: ignore[attr-defined]
    if kind == "timestamp":
        return iso8601(value)
    return value


def iso8601(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = dt.datetime.fromtimestamp(value, dt.UTC)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value
