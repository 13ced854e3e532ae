"""What every write shares: item checks, conditions, return values, capacity, metrics."""

from __future__ import annotations

from typing import Any

from ...aws.errors import ValidationException
from ..capacity import consumed, index_write_units, size_bound, write_units
from ..errors import (
    ConditionalCheckFailedException,
    ConditionalCheckFailedWithItem,
    ItemCollectionSizeLimitExceededException,
)
from ..keys import INVALID
from ..table import Table
from ..values import check_depth, item_size, normalize_item, normalize_value

Item = dict[str, Any]
Params = dict[str, Any]
MAX_ITEM_BYTES = 400 * 1024
MAX_COLLECTION_BYTES = 10 * 1024**3
GIGABYTE = 1024**3
CONDITION_FAILED = "The conditional request failed"
UPDATE_TOO_BIG = "Item size to update has exceeded the maximum allowed size"


def normalized(item: Any) -> Item:
    """``values.normalize_item`` with a fast path for values already in canonical form.

    Strings and canonical integers (the bulk of real items) need no work; any
    other value goes through ``normalize_value`` with its checks and messages.
    """
    if type(item) is not dict:
        return normalize_item(item)
    changed: Item | None = None
    for name, value in item.items():
        if type(value) is dict and len(value) == 1:
            raw = value.get("S")
            if type(raw) is str:
                continue
            raw = value.get("N")
            if type(raw) is str and _canonical_integer(raw):
                continue
        new = normalize_value(value)
        if new is not value:
            if changed is None:
                changed = {}
            changed[name] = new
    return {**item, **changed} if changed else item


def _canonical_integer(raw: str) -> bool:
    digits = raw[1:] if raw[:1] == "-" else raw
    return 0 < len(digits) <= 38 and digits.isascii() and digits.isdigit() and (digits[0] != "0" or raw == "0")


def check_item(table: Table, item: Item, text: bytes | None = None, *, updated: bool = False) -> None:
    """Index key types, the 400 KB limit and the 32-level nesting limit (the primary key is
    checked by KeySchema).

    ``text`` is the item's stored text, whose length bounds its size from above; ``updated``:
    the item is an update's result, whose size AWS words apart."""
    if table.indexes or table.vector_indexes:
        table.check_index_keys(item, updated=updated)
    check_depth(item.values())
    check_size(item, text, updated=updated)


def check_size(item: Item, text: bytes | None = None, *, updated: bool = False) -> None:
    """The 400 KB item limit; ``text``, the item's stored text, bounds its size from above."""
    bound = len(text) if text is not None else size_bound(item)
    if bound > MAX_ITEM_BYTES and item_size(item) > MAX_ITEM_BYTES:
        raise ValidationException(UPDATE_TOO_BIG if updated else "Item size has exceeded the maximum allowed size")


def check_key_untouched(table: Table, update: Any) -> None:
    for name in table.keys.names:
        if name in update.updated_attribute_names:
            raise ValidationException(INVALID + f"Cannot update attribute {name}. This attribute is part of the key")


def needs_old_image(provider: Any, table: Table, params: Params, condition: Any) -> bool:
    """Whether a write must decode the item it replaces: for its condition, returned
    values, capacity, indexes or listeners. A plain overwrite need not."""
    return bool(
        condition is not None
        or table.indexes
        or provider.store.has_listeners
        or params.get("ReturnValues", "NONE") != "NONE"
        or params.get("ReturnConsumedCapacity", "NONE") != "NONE"
    )


def check_condition(condition: Any, old: Item | None, params: Params) -> None:
    if condition is None or condition.evaluate(old or {}):
        return
    if old is not None and params.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD":
        raise ConditionalCheckFailedWithItem(CONDITION_FAILED, Item=old)
    raise ConditionalCheckFailedException(CONDITION_FAILED)


def check_collection(table: Table, h: Any, old: Item | None, new: Item | None) -> None:
    if not table.has_lsis or new is None:
        return
    if table.collection_size(h) - table.entry_size(old) + table.entry_size(new) > MAX_COLLECTION_BYTES:
        raise ItemCollectionSizeLimitExceededException("Item collection size limit exceeded")


def write_capacity(params: Params, table: Table, old: Item | None, new: Item | None) -> Params | None:
    mode = params.get("ReturnConsumedCapacity")
    if mode not in ("TOTAL", "INDEXES"):
        return None
    indexes = {
        name: (index.is_global, index_write_units(index, old, new)) for name, index in table.indexes.items()
    }
    out = consumed(mode, table.name, write_units(old, new), indexes)
    if mode == "INDEXES" and out is not None and table.vector_indexes:
        written = {name: index.write_bytes(old, new) for name, index in table.vector_indexes.items()}
        vectors = {name: {"VectorWriteRequestBytes": float(size)} for name, size in written.items() if size}
        if vectors:
            out["VectorIndexes"] = vectors
    return out


def collection_metrics(params: Params, table: Table, item: Item | None) -> Params | None:
    if params.get("ReturnItemCollectionMetrics") != "SIZE" or not table.has_lsis or item is None:
        return None
    name = table.keys.hash.name
    h, _ = table.keys.entry(item)  # type: ignore[misc]
    gigabytes = table.collection_size(h) / GIGABYTE
    low = float(int(gigabytes))
    return {"ItemCollectionKey": {name: item[name]}, "SizeEstimateRangeGB": [low, low + 1.0]}


def finish(out: Params, params: Params, table: Table, old: Item | None, new: Item | None) -> Params:
    capacity = write_capacity(params, table, old, new)
    if capacity is not None:
        out["ConsumedCapacity"] = capacity
    metrics = collection_metrics(params, table, new if new is not None else old)
    if metrics is not None:
        out["ItemCollectionMetrics"] = metrics
    return out
