"""BatchGetItem and BatchWriteItem, built on the single-item operations.

BatchWriteItem checks every request (tables, keys, values, duplicates) before
it writes anything, so a rejected batch changes nothing; then it applies the
writes one by one through ``put_item`` / ``delete_item``. The emulator is never
throttled, so ``UnprocessedItems`` is always empty; BatchGetItem leaves keys
unprocessed only when the response would pass AWS's 16 MB limit.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ...aws.errors import ValidationException
from .. import legacy
from ..values import item_size, normalize_item
from .common import table_for

MAX_GET_KEYS = 100
MAX_WRITE_REQUESTS = 25
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
MAX_ITEM_BYTES = 400 * 1024
DUPLICATES = "Provided list of item keys contains duplicates"
#: The members of KeysAndAttributes that travel with each key to GetItem and back in UnprocessedKeys.
_READ_OPTIONS = ("ProjectionExpression", "ExpressionAttributeNames", "ConsistentRead")

Item = dict[str, Any]


def batch_get_item(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    requests: dict[str, dict[str, Any]] = params["RequestItems"]
    if sum(len(request["Keys"]) for request in requests.values()) > MAX_GET_KEYS:
        raise ValidationException("Too many items requested for the BatchGetItem call")
    plans = [_plan_reads(provider, ctx, table_name, request) for table_name, request in requests.items()]
    common = _present(params, ("ReturnConsumedCapacity",))

    responses: dict[str, list[Item]] = {}
    unprocessed: dict[str, dict[str, Any]] = {}
    capacity: dict[str, dict[str, Any]] = {}
    size = 0
    for table_name, keys, options in plans:
        found = responses.setdefault(table_name, [])
        for position, key in enumerate(keys):
            if size <= MAX_RESPONSE_BYTES:
                result = provider.get_item(ctx, {"TableName": table_name, "Key": key, **options, **common})
                add_capacity(capacity, result.get("ConsumedCapacity"))
                item = result.get("Item")
                if item is None:
                    continue
                size += item_size(item)
                if size <= MAX_RESPONSE_BYTES:
                    found.append(item)
                    continue
            # Past the 16 MB response limit: the rest goes back as the caller sent it.
            request = requests[table_name]
            unprocessed[table_name] = {
                "Keys": request["Keys"][position:],
                **_present(request, ("AttributesToGet", *_READ_OPTIONS)),
            }
            break
    out: dict[str, Any] = {"Responses": responses, "UnprocessedKeys": unprocessed}
    if capacity:
        out["ConsumedCapacity"] = list(capacity.values())
    return out


def _plan_reads(
    provider: Any, ctx: RequestContext, table_name: str, request: dict[str, Any]
) -> tuple[str, list[Item], dict[str, Any]]:
    """Check one table's keys (legacy options, schema, duplicates); returns the keys and GetItem options."""
    request = legacy.translate("BatchGetItem", request)
    table = table_for(provider.store, ctx, {"TableName": table_name})
    keys = [normalize_item(key) for key in request["Keys"]]
    seen: set[tuple[Any, Any]] = set()
    for key in keys:
        identity = table.keys.request_key(key)
        if identity in seen:
            raise ValidationException(DUPLICATES)
        seen.add(identity)
    return table_name, keys, _present(request, _READ_OPTIONS)


def _present(params: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: params[name] for name in names if params.get(name) is not None}


def batch_write_item(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    requests: dict[str, list[dict[str, Any]]] = params["RequestItems"]
    if sum(len(writes) for writes in requests.values()) > MAX_WRITE_REQUESTS:
        raise ValidationException("Too many items requested for the BatchWriteItem call")
    plans = [_plan_table(provider, ctx, table_name, writes) for table_name, writes in requests.items()]

    capacity: dict[str, dict[str, Any]] = {}
    metrics: dict[str, list[Any]] = {}
    options = _present(params, ("ReturnConsumedCapacity", "ReturnItemCollectionMetrics"))
    for table_name, writes in plans:
        for is_put, value in writes:
            if is_put:
                result = provider.put_item(ctx, {"TableName": table_name, "Item": value, **options})
            else:
                result = provider.delete_item(ctx, {"TableName": table_name, "Key": value, **options})
            add_capacity(capacity, result.get("ConsumedCapacity"))
            if result.get("ItemCollectionMetrics"):
                metrics.setdefault(table_name, []).append(result["ItemCollectionMetrics"])
    out: dict[str, Any] = {"UnprocessedItems": {}}
    if capacity:
        out["ConsumedCapacity"] = list(capacity.values())
    if options.get("ReturnItemCollectionMetrics") == "SIZE":
        out["ItemCollectionMetrics"] = metrics
    return out


def _plan_table(
    provider: Any, ctx: RequestContext, table_name: str, writes: list[dict[str, Any]]
) -> tuple[str, list[tuple[bool, Item]]]:
    """Validate one table's writes as PutItem/DeleteItem would; returns them as (is_put, item or key)."""
    table = table_for(provider.store, ctx, {"TableName": table_name})
    planned: list[tuple[bool, Item]] = []
    seen: set[tuple[Any, Any]] = set()
    for write in writes:
        put, delete = write.get("PutRequest"), write.get("DeleteRequest")
        if (put is None) == (delete is None):
            raise ValidationException(
                "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
            )
        if put is not None:
            item = normalize_item(put["Item"])
            identity = table.keys.item_key(item)
            if item_size(item) > MAX_ITEM_BYTES:
                raise ValidationException("Item size has exceeded the maximum allowed size")
            planned.append((True, item))
        else:
            key = normalize_item(delete["Key"])
            identity = table.keys.request_key(key)
            planned.append((False, key))
        if identity in seen:
            raise ValidationException(DUPLICATES)
        seen.add(identity)
    return table_name, planned


def add_capacity(totals: dict[str, dict[str, Any]], consumed: dict[str, Any] | None) -> None:
    """Sum one operation's ConsumedCapacity into its table's entry."""
    if not consumed:
        return
    entry = totals.get(consumed["TableName"])
    if entry is None:
        totals[consumed["TableName"]] = _copy_units(consumed)
    else:
        _sum_into(entry, consumed)


def _copy_units(consumed: dict[str, Any]) -> dict[str, Any]:
    return {key: _copy_units(value) if isinstance(value, dict) else value for key, value in consumed.items()}


def _sum_into(entry: dict[str, Any], consumed: dict[str, Any]) -> None:
    for key, value in consumed.items():
        if isinstance(value, dict):
            _sum_into(entry.setdefault(key, {}), value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            entry[key] = entry.get(key, 0) + value
