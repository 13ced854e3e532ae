"""What every write shares: item checks, conditions, return values, capacity, metrics."""

from __future__ import annotations

from typing import Any

from ...aws.errors import ValidationException
from ..capacity import consumed, index_write_units, write_units
from ..errors import ConditionalCheckFailedException, ItemCollectionSizeLimitExceededException
from ..keys import INVALID
from ..table import Table
from ..values import item_size

Item = dict[str, Any]
Params = dict[str, Any]
MAX_ITEM_BYTES = 400 * 1024
MAX_COLLECTION_BYTES = 10 * 1024**3
GIGABYTE = 1024**3
CONDITION_FAILED = "The conditional request failed"


def check_item(table: Table, item: Item) -> None:
    """Index key types and the 400 KB limit (the primary key is checked by KeySchema)."""
    if table.indexes:
        table.check_index_keys(item)
    if item_size(item) > MAX_ITEM_BYTES:
        raise ValidationException("Item size has exceeded the maximum allowed size")


def check_key_untouched(table: Table, update: Any) -> None:
    for name in table.keys.names:
        if name in update.updated_attribute_names:
            raise ValidationException(INVALID + f"Cannot update attribute {name}. This attribute is part of the key")


def check_condition(condition: Any, old: Item | None, params: Params) -> None:
    if condition is None or condition.evaluate(old or {}):
        return
    if old is not None and params.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD":
        raise ConditionalCheckFailedException(CONDITION_FAILED, Item=old)
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
    return consumed(mode, table.name, write_units(old, new), indexes)


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
