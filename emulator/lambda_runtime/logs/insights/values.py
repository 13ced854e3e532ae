"""The values a query computes with, and how results spell them.

A field holds a string, a number, a ``Timestamp`` (epoch milliseconds that
print as Insights prints times) or nothing (None: the field is absent, and a
result row leaves it out). Strings that read as numbers compare as numbers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

Value = Any  # str | int | float | Timestamp | None


class Timestamp(int):
    """Epoch milliseconds, printed ``2026-11-29 21:36:45.860`` (UTC)."""

    __slots__ = ()

    def __str__(self) -> str:
        moment = datetime.fromtimestamp(self / 1000, UTC)
        return f"{moment:%Y-%m-%d %H:%M:%S}.{int(self) % 1000:03d}"


def number(value: Value) -> int | float | None:
    """The number a value is or reads as; None for anything else."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                return None
    return None


def text(value: Value) -> str:
    """How a result (and string functions) spell a value: whole numbers without a fraction."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Timestamp):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return str(value)


def compare(left: Value, right: Value) -> int | None:
    """-1, 0 or 1 as numbers when both read as numbers, else as strings; None when either is absent."""
    if left is None or right is None:
        return None
    a, b = number(left), number(right)
    if a is not None and b is not None:
        return (a > b) - (a < b)
    x, y = text(left), text(right)
    return (x > y) - (x < y)


def truthy(value: Value) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return value != ""
