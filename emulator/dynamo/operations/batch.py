"""BatchGetItem and BatchWriteItem, built from the single-item operations' steps.

BatchWriteItem runs PutItem's and DeleteItem's checks (tables, keys, values,
index key types, sizes, duplicates, the 10 GB item-collection limit over the
whole batch) on every request before it writes anything, so a rejected batch
changes nothing; then it applies the writes through the store's one write path. The emulator is never throttled, so
``UnprocessedItems`` is always empty; BatchGetItem leaves keys unprocessed
only when its response would pass AWS's 16 MB limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from orjson import dumps, loads

from ...aws.context import RequestContext
from ...aws.errors import ValidationException
from .. import legacy
from ..capacity import consumed, read_units
from ..errors import ItemCollectionSizeLimitExceededException
from ..stale import item_as_of, read_point
from ..table import Table
from ..values import check_depth, check_item_names, item_size
from .common import _NAME, NAME_PATTERN, check_scalar_keys, table_for
from .expr import Expressions
from .writes import MAX_COLLECTION_BYTES, check_item, check_size, finish, normalized

MAX_GET_KEYS = 100
MAX_WRITE_REQUESTS = 25
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
DUPLICATES = "Provided list of item keys contains duplicates"
MIXED_PROJECTIONS = (
    "Can not use both expression and non-expression parameters in the same request: "
    "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"
)
ONE_ACTION = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"

Item = dict[str, Any]
OrderKey = tuple[Any, Any]


@dataclass(slots=True)
class _TableReads:
    name: str
    table: Table
    keys: list[OrderKey]
    projection: Any
    consistent: bool


@dataclass(slots=True)
class _Write:
    table: Table
    key: OrderKey
    item: Item | None  # None for a delete


# -- BatchGetItem ----------------------------------------------------------------


MAP_KEYS = (
    "failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal "
    "to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: "
    f"{NAME_PATTERN}]"
)


def _bad_name(name: str) -> bool:
    return not name.startswith("arn:") and not (3 <= len(name) <= 255 and _NAME.fullmatch(name))


def _java(value: Any) -> str:
    """A value as Java's toString prints the request (maps as {k=v}, lists as [a, b])."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_java(v) for v in value) + "]"
    return str(value)


def _write_request(write: dict[str, Any]) -> str:
    put, delete = write.get("PutRequest"), write.get("DeleteRequest")
    put_text = f"PutRequest(item={_java(put.get('Item'))})" if isinstance(put, dict) else "null"
    delete_text = f"DeleteRequest(key={_java(delete.get('Key'))})" if isinstance(delete, dict) else "null"
    return f"WriteRequest(putRequest={put_text}, deleteRequest={delete_text})"


def _check_table_names(requests: dict[str, Any], *, writes: bool) -> None:
    """A malformed table name is a constraint on RequestItems' keys, the map echoed (us-east-1 and
    eu-west-2, 2026-10-09, dynamodb-conformance tier3 batchGetItem/batchWriteItem): BatchGetItem
    as JSON, BatchWriteItem in Java's toString form."""
    if not any(_bad_name(name) for name in requests):
        return
    if writes:
        echo = "{" + ", ".join(f"{name}=[{', '.join(map(_write_request, ws))}]" for name, ws in requests.items()) + "}"
    else:
        echo = dumps(requests).decode()
    raise ValidationException(f"1 validation error detected: Value '{echo}' at 'requestItems' {MAP_KEYS}")


def batch_get_item(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    requests: dict[str, dict[str, Any]] = params["RequestItems"]
    _check_table_names(requests, writes=False)
    if sum(len(request["Keys"]) for request in requests.values()) > MAX_GET_KEYS:
        raise ValidationException("Too many items requested for the BatchGetItem call")
    if any(r.get("AttributesToGet") is not None for r in requests.values()) and any(
        r.get("ProjectionExpression") is not None for r in requests.values()
    ):
        # Even when each table's block is consistent on its own, AWS rejects the mix across tables.
        raise ValidationException(MIXED_PROJECTIONS)
    # AWS checks every key's values before it looks for any table.
    keys = {name: [normalized(key) for key in request["Keys"]] for name, request in requests.items()}
    plans = [_plan_reads(provider, ctx, name, request, keys[name]) for name, request in requests.items()]
    mode = params.get("ReturnConsumedCapacity")

    responses: dict[str, list[Item]] = {}
    unprocessed: dict[str, dict[str, Any]] = {}
    capacity: list[dict[str, Any]] = []
    size = 0
    for plan in plans:
        found = responses.setdefault(plan.name, [])
        units = 0.0
        at = read_point(provider.store, plan.table, {"ConsistentRead": plan.consistent})
        for position, key in enumerate(plan.keys):
            if size <= MAX_RESPONSE_BYTES:
                blob = item_as_of(plan.table, at, *key)
                item = loads(blob) if blob is not None else None
                units += read_units(item_size(item) if item is not None else 0, plan.consistent)
                if item is None:
                    continue
                returned = plan.projection.apply(item) if plan.projection is not None else item
                size += item_size(returned)
                if size <= MAX_RESPONSE_BYTES:
                    found.append(returned)
                    continue
            # Past the 16 MB response limit: the rest goes back as the caller sent it.
            request = requests[plan.name]
            unprocessed[plan.name] = {**request, "Keys": request["Keys"][position:]}
            break
        summary = consumed(mode, plan.name, units)
        if summary is not None:
            capacity.append(summary)
    out: dict[str, Any] = {"Responses": responses, "UnprocessedKeys": unprocessed}
    if capacity:
        out["ConsumedCapacity"] = capacity
    return out


def _plan_reads(
    provider: Any, ctx: RequestContext, name: str, request: dict[str, Any], keys_given: list[Item]
) -> _TableReads:
    """GetItem's checks for one table's (already normalised) keys, plus AWS's duplicate check."""
    request = legacy.translate("BatchGetItem", request)
    expressions = Expressions(request)
    projection = expressions.projection()
    expressions.check_all_used(projection)
    table = table_for(provider.store, ctx, {"TableName": name})
    keys: list[OrderKey] = []
    seen: set[OrderKey] = set()
    for key in keys_given:
        order_key = table.keys.request_key(key)
        if order_key in seen:
            raise ValidationException(DUPLICATES)
        seen.add(order_key)
        keys.append(order_key)
    check_scalar_keys(table, projection)
    return _TableReads(name, table, keys, projection, bool(request.get("ConsistentRead")))


# -- BatchWriteItem ------------------------------------------------------------


def batch_write_item(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    requests: dict[str, list[dict[str, Any]]] = params["RequestItems"]
    _check_table_names(requests, writes=True)
    if sum(len(writes) for writes in requests.values()) > MAX_WRITE_REQUESTS:
        raise ValidationException("Too many items requested for the BatchWriteItem call")
    # AWS checks every value and item size before it looks for any table.
    checked = {name: [_checked_request(write) for write in writes] for name, writes in requests.items()}
    plans = [(name, _plan_writes(provider, ctx, name, writes)) for name, writes in checked.items()]
    _check_collections([write for _, writes in plans for write in writes])

    capacity: dict[str, dict[str, Any]] = {}
    metrics: dict[str, list[Any]] = {}
    for name, writes in plans:
        for write in writes:
            table = write.table
            old = table.get(*write.key)
            if write.item is None and old is None:
                result = finish({}, params, table, None, None)
            else:
                provider.store.write(table, *write.key, old, write.item)
                result = finish({}, params, table, old, write.item)
            add_capacity(capacity, result.get("ConsumedCapacity"))
            if result.get("ItemCollectionMetrics"):
                metrics.setdefault(name, []).append(result["ItemCollectionMetrics"])
    out: dict[str, Any] = {"UnprocessedItems": {}}
    if capacity:
        out["ConsumedCapacity"] = list(capacity.values())
    if params.get("ReturnItemCollectionMetrics") == "SIZE":
        out["ItemCollectionMetrics"] = metrics
    return out


def _checked_request(write: dict[str, Any]) -> tuple[Item | None, Item | None]:
    """(item to put, key to delete) of one request, its values and size checked."""
    put, delete = write.get("PutRequest"), write.get("DeleteRequest")
    if (put is None) == (delete is None):
        raise ValidationException(ONE_ACTION)
    if put is not None:
        item = normalized(put["Item"])
        check_item_names(item)
        check_depth(item.values())
        check_size(item)
        return item, None
    return None, normalized(delete["Key"])


def _plan_writes(
    provider: Any, ctx: RequestContext, name: str, writes: list[tuple[Item | None, Item | None]]
) -> list[_Write]:
    """PutItem's and DeleteItem's checks for one table's requests, plus AWS's duplicate check."""
    table = table_for(provider.store, ctx, {"TableName": name})
    planned: list[_Write] = []
    seen: set[OrderKey] = set()
    for item, delete_key in writes:
        if item is not None:
            key = table.keys.item_key(item, batch=True)
            check_item(table, item)
            planned.append(_Write(table, key, item))
        else:
            key = table.keys.request_key(delete_key)  # type: ignore[arg-type]
            planned.append(_Write(table, key, None))
        if key in seen:
            raise ValidationException(DUPLICATES)
        seen.add(key)
    return planned


def _check_collections(writes: list[_Write]) -> None:
    """The 10 GB limit on LSI item collections, counting the batch's earlier writes to the same collection."""
    grown: dict[tuple[int, Any], int] = {}  # (table, hash key) -> bytes the batch adds before this write
    for write in writes:
        table = write.table
        if not table.has_lsis:
            continue
        h = write.key[0]
        change = table.entry_size(write.item) - table.entry_size(table.get(*write.key))
        collection = (id(table), h)
        before = grown.get(collection, 0)
        if write.item is not None and table.collection_size(h) + before + change > MAX_COLLECTION_BYTES:
            raise ItemCollectionSizeLimitExceededException("Item collection size limit exceeded")
        grown[collection] = before + change


# -- capacity ------------------------------------------------------------------


def add_capacity(totals: dict[str, dict[str, Any]], summary: dict[str, Any] | None) -> None:
    """Sum one operation's ConsumedCapacity into its table's entry."""
    if not summary:
        return
    entry = totals.get(summary["TableName"])
    if entry is None:
        totals[summary["TableName"]] = _copy_units(summary)
    else:
        _sum_into(entry, summary)


def _copy_units(summary: dict[str, Any]) -> dict[str, Any]:
    return {key: _copy_units(value) if isinstance(value, dict) else value for key, value in summary.items()}


def _sum_into(entry: dict[str, Any], summary: dict[str, Any]) -> None:
    for key, value in summary.items():
        if isinstance(value, dict):
            _sum_into(entry.setdefault(key, {}), value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            entry[key] = entry.get(key, 0) + value
