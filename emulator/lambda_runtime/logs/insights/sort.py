"""``sort``'s order: AWS's natural sort of the values as results spell them.

Ascending, every value that is only a number comes after every other value, in
numeric order. Other values are compared chunk by chunk: a run of digits
against a run of digits by its length, then its value; anything else by
Unicode code points (a run of digits against other text, too). Descending is
the reverse. Rows without the field come last either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .values import Timestamp, Value, number, text

_CHUNKS = re.compile(r"\d+|\D+")
_NUMBER_ONLY = re.compile(r"\s*-?\d+(?:\.\d+)?\s*")


def natural_key(value: Value) -> tuple[Any, ...]:
    spelled = text(value)
    if _NUMBER_ONLY.fullmatch(spelled):
        return (1, number(spelled), spelled)
    chunks = []
    for chunk in _CHUNKS.findall(spelled):
        if chunk[0].isdigit():
            chunks.append((0x30, 0, len(chunk), int(chunk)))
        else:
            # A digit run against text: decided by the first characters, which differ.
            chunks.append((ord(chunk[0]), 1, chunk))
    return (0, chunks)


def _key_for(values: list[Value], value_of: Callable[[Any], Value]) -> Callable[[Any], Any]:
    """The natural key; for a column of times only, or of numbers only, their plain order (the same order, fast)."""
    if all(isinstance(v, Timestamp) for v in values):
        return lambda row: int(value_of(row))
    if all(type(v) in (int, float) for v in values):
        return lambda row: value_of(row)
    return lambda row: natural_key(value_of(row))


def sort_rows(rows: list[Any], keys: list[tuple[Callable[[Any], Value], bool]]) -> list[Any]:
    """``rows`` ordered by each key in turn (``(value of a row, descending)``); stable among equals."""
    for value_of, descending in reversed(keys):
        present, absent = [], []
        for row in rows:
            (absent if value_of(row) is None else present).append(row)
        present.sort(key=_key_for([value_of(row) for row in present], value_of), reverse=descending)
        rows = present + absent
    return rows
