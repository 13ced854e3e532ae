"""Item sizes and consumed capacity, computed as DynamoDB documents them.

Sizes are ``values.item_size``. Reads cost one unit per 4 KB (half when eventually
consistent), writes one per 1 KB; index writes are counted per index.
"""

from __future__ import annotations

from typing import Any

from .values import equal, item_size

Item = dict[str, Any]
READ_UNIT = 4096
WRITE_UNIT = 1024


def size_bound(item: Item) -> int:
    """A cheap upper bound of ``item_size``: exact for ASCII strings, never below the truth."""
    return sum(_text_bound(name) + _value_bound(value) for name, value in item.items())


def _text_bound(text: str) -> int:
    return len(text) if text.isascii() else 4 * len(text)


def _value_bound(value: dict[str, Any]) -> int:
    for kind, raw in value.items():
        if kind == "S":
            return _text_bound(raw)
        if kind == "N":
            return len(raw) + 2
        if kind in ("B", "BOOL", "NULL"):
            return len(raw) if kind == "B" else 1
        if kind == "M":
            return 3 + sum(1 + _text_bound(k) + _value_bound(v) for k, v in raw.items())
        if kind == "L":
            return 3 + sum(1 + _value_bound(v) for v in raw)
        if kind == "SS":
            return sum(_text_bound(s) for s in raw)
        if kind == "NS":
            return sum(len(n) + 2 for n in raw)
        return sum(len(b) for b in raw)
    return 0


def read_units(size: int, consistent: bool) -> float:
    units = max(1, -(-size // READ_UNIT))
    return float(units) if consistent else units / 2


def write_units(*items: Item | None) -> float:
    largest = max((item_size(item) for item in items if item is not None), default=0)
    return float(max(1, -(-largest // WRITE_UNIT)))


def index_write_units(index: Any, old: Item | None, new: Item | None) -> float:
    """What one table write costs an index: 0, 1 or 2 index writes."""
    old_at = index.position(old) if old is not None else None
    new_at = index.position(new) if new is not None else None
    if old_at is None and new_at is None:
        return 0.0
    old_p = index.project(old) if old_at is not None else None
    new_p = index.project(new) if new_at is not None else None
    if old_at is not None and new_at is not None:
        if old_at != new_at:
            return write_units(old_p) + write_units(new_p)
        # An entry changed in place is sized on its larger image, as the table's write is
        # (dynoxide's AWS captures S2/S3, eu-west-2 2026-08: 3017B -> 18B costs 3); an entry
        # whose sets merely list their members in another order has not changed.
        if old_p == new_p or equal({"M": old_p}, {"M": new_p}):
            return 0.0
        return write_units(old_p, new_p)
    return write_units(old_p if new_p is None else new_p)


def consumed(
    mode: str | None, table_name: str, table_units: float, index_units: dict[str, tuple[bool, float]] | None = None
) -> dict[str, Any] | None:
    """The ConsumedCapacity member for ReturnConsumedCapacity ``mode``.

    ``index_units`` maps index name to (is_global, units).
    """
    if mode not in ("TOTAL", "INDEXES"):
        return None
    indexes = {name: units for name, units in (index_units or {}).items() if units[1]}
    out: dict[str, Any] = {"TableName": table_name, "CapacityUnits": table_units + sum(u for _, u in indexes.values())}
    if mode == "INDEXES":
        out["Table"] = {"CapacityUnits": table_units}
        gsis = {name: {"CapacityUnits": u} for name, (is_global, u) in indexes.items() if is_global}
        lsis = {name: {"CapacityUnits": u} for name, (is_global, u) in indexes.items() if not is_global}
        if gsis:
            out["GlobalSecondaryIndexes"] = gsis
        if lsis:
            out["LocalSecondaryIndexes"] = lsis
    return out
