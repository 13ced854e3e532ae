"""How services word input validation errors: the messages, and each service's differences as data.

AWS's services share Coral's wording (``N validation errors detected: Value X at
'path' failed to satisfy constraint: ...``) but differ in places: the error code,
member paths, the order they print enum values in. ``ValidationStyle`` holds a
service's differences; ``validate.ShapeValidator`` applies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ValidationException
from .type_errors import TypeErrors


@dataclass(frozen=True, slots=True)
class EnumRule:
    """How a service words a bad value of one enum shape, where it differs from the model.

    AWS's servers print enum value sets in their own order, not always the
    published model's: an explicit ``listed`` order, or the iteration order of
    a Java ``HashSet`` filled in model order (Lambda's runtimes). A service may
    also answer with an error of its own (``error_code``) once the input
    passed the model's checks, worded ``Value X at 'path' failed to satisfy
    constraint: ...`` with no count and no quotes, as Lambda does.
    """

    listed: tuple[str, ...] = ()
    java_set_order: bool = False
    #: Values the message leaves out (Lambda lists only the runtimes it still accepts).
    hidden: frozenset[str] = frozenset()
    error_code: str = ""
    suffix: str = ""
    fields: Mapping[str, Any] = field(default_factory=dict)

    def values(self, enum: list[str]) -> list[str]:
        shown = list(self.listed) if self.listed else [value for value in enum if value not in self.hidden]
        return java_hash_set_order(shown) if self.java_set_order else shown


@dataclass(frozen=True, slots=True)
class ValidationStyle:
    """A service's wording of model constraint violations."""

    #: The error code of ``N validation errors detected: ...``.
    error_code: str = "ValidationException"
    #: API Gateway names body members under the operation's input structure
    #: (``putIntegrationInput.type``) and URI, query and header members bare.
    names_input_structure: bool = False
    #: Enum shapes (by shape name) the service words its own way.
    enum_rules: Mapping[str, EnumRule] = field(default_factory=dict)
    #: Lambda's lists also forbid null members, and say so inside the brackets:
    #: ``[Member must satisfy enum value set: [x86_64, arm64], Member must not be null]``.
    list_members_required: bool = False
    #: The Java class a JSON number is named as where a string is expected
    #: (default: the smallest boxed type that holds it, as DynamoDB says).
    number_class: str = ""
    #: String shapes (by shape name) whose model pattern the service does not enforce; a list
    #: shape's name here frees its members only (where the member shape is shared with others).
    unenforced_patterns: frozenset[str] = frozenset()
    #: Timestamps are epoch numbers only (the json protocol); rest-json bodies may write ISO 8601 text.
    epoch_timestamps: bool = False
    #: How a value of the wrong JSON kind is worded (``type_errors.py``); Coral's by default.
    type_errors: TypeErrors | None = None


def java_hash_set_order(values: list[str]) -> list[str]:
    """``values`` in the order a ``java.util.HashSet`` built from them iterates them."""
    capacity = 16
    while capacity * 0.75 < len(values):
        capacity *= 2
    buckets: dict[int, list[str]] = {}
    for value in values:
        code = 0
        for char in value:
            code = (31 * code + ord(char)) & 0xFFFFFFFF
        buckets.setdefault((code ^ (code >> 16)) & (capacity - 1), []).append(value)
    return [value for index in sorted(buckets) for value in buckets[index]]


MAX_REPORTED_ERRORS = 10


def lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def describe_value(value: Any) -> str:
    """A value as AWS's (Java) messages print it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(describe_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={describe_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def violation(value: Any, path: str, constraint: str) -> str:
    shown = "null" if value is None else f"'{describe_value(value)}'"
    return f"Value {shown} at '{path}' failed to satisfy constraint: {constraint}"


def raise_for(errors: list[str]) -> None:
    if errors:
        errors = errors[:MAX_REPORTED_ERRORS]
        plural = "s" if len(errors) > 1 else ""
        raise ValidationException(f"{len(errors)} validation error{plural} detected: " + "; ".join(errors))
