"""PutItem, GetItem, UpdateItem, DeleteItem.

Static checks (parameters, expressions) come first, then the table and key,
then the condition; the store is written only when everything passed, so a
rejected request never changes data.
"""

from __future__ import annotations

from typing import Any

from orjson import Fragment, loads

from ...aws.errors import ValidationException
from ..capacity import consumed, read_units
from ..expressions.update import WRONG_TYPE
from ..legacy import UPDATE_TYPE_MISMATCH
from ..stale import item_as_of, read_point
from ..table import stored_text
from ..values import Layered, check_depth, check_item_names, item_size
from .common import check_scalar_keys, table_for, translated
from .expr import Expressions
from .writes import (
    MAX_ITEM_BYTES,
    UPDATE_TOO_BIG,
    check_collection,
    check_condition,
    check_item,
    check_key_untouched,
    check_size,
    finish,
    needs_old_image,
    normalized,
)

Item = dict[str, Any]
Params = dict[str, Any]

def _check_return_values(params: Params) -> str:
    """PutItem and DeleteItem can return only the old item."""
    value = params.get("ReturnValues", "NONE")
    if value not in ("NONE", "ALL_OLD"):
        raise Layered("ReturnValues can only be ALL_OLD or NONE")
    return value


def put_item(provider: Any, ctx: Any, params: Params) -> Params:
    params = translated("PutItem", params)
    return_values = _check_return_values(params)
    item = normalized(params["Item"])
    expressions = Expressions(params)
    condition = expressions.condition()
    expressions.check_all_used(condition)
    check_item_names(item)
    check_depth(item.values())  # as TransactWriteItems does, before the table is looked up
    text = stored_text(item)
    check_size(item, text)  # AWS checks the size before it looks for the table
    table = table_for(provider.store, ctx, params)
    h, s = table.keys.item_key(item)
    check_item(table, item, text)
    old = table.get(h, s) if needs_old_image(provider, table, params, condition) else None
    check_condition(condition, old, params)
    check_collection(table, h, old, item)
    provider.store.write(table, h, s, old, item, text=text)
    out: Params = {"Attributes": old} if return_values == "ALL_OLD" and old is not None else {}
    return finish(out, params, table, old, item)


def get_item(provider: Any, ctx: Any, params: Params) -> Params:
    params = translated("GetItem", params)
    key = normalized(params["Key"])
    expressions = Expressions(params)
    projection = expressions.projection()
    expressions.check_all_used(projection)
    table = table_for(provider.store, ctx, params)
    h, s = table.keys.request_key(key)
    check_scalar_keys(table, projection)
    if table.history is None:
        blob = table.get_blob(h, s)
    else:
        blob = item_as_of(table, read_point(provider.store, table, params), h, s)
    out: Params = {}
    if blob is not None:
        if projection is not None:
            out["Item"] = projection.apply(loads(blob))
        else:
            # Straight to the wire: embed the stored text; callers in-process get a dict.
            out["Item"] = Fragment(blob) if ctx.operation == "GetItem" else loads(blob)
    mode = params.get("ReturnConsumedCapacity")
    if mode in ("TOTAL", "INDEXES"):
        units = read_units(item_size(loads(blob)) if blob is not None else 0, bool(params.get("ConsistentRead")))
        out["ConsumedCapacity"] = consumed(mode, table.name, units)
    return out


def delete_item(provider: Any, ctx: Any, params: Params) -> Params:
    params = translated("DeleteItem", params)
    return_values = _check_return_values(params)
    key = normalized(params["Key"])
    expressions = Expressions(params)
    condition = expressions.condition()
    expressions.check_all_used(condition)
    table = table_for(provider.store, ctx, params)
    h, s = table.keys.request_key(key)
    old = table.get(h, s)
    check_condition(condition, old, params)
    if old is not None:
        provider.store.write(table, h, s, old, None)
    out: Params = {"Attributes": old} if return_values == "ALL_OLD" and old is not None else {}
    return finish(out, params, table, old, None)


def update_item(provider: Any, ctx: Any, params: Params) -> Params:
    legacy_updates = params.get("AttributeUpdates") is not None
    params = translated("UpdateItem", params)
    return_values = params.get("ReturnValues", "NONE")
    key = normalized(params["Key"])
    expressions = Expressions(params)
    update = expressions.update()
    condition = expressions.condition()
    expressions.check_all_used(update, condition)
    table = table_for(provider.store, ctx, params)
    h, s = table.keys.request_key(key)
    if update is not None:
        check_key_untouched(table, update)
        check_scalar_keys(table, update)
    old = table.get(h, s)
    # The statement's own size is weighed before the condition; PartiQL's UPDATE and the legacy
    # AttributeUpdates weigh only the finished item (dynamodb-conformance, eu-west-2).
    weighed = update is not None and ctx.operation == "UpdateItem" and not legacy_updates
    if weighed and update.mutation_size(old) > MAX_ITEM_BYTES:  # type: ignore[union-attr]
        raise ValidationException(UPDATE_TOO_BIG)
    check_condition(condition, old, params)
    base = old if old is not None else key
    try:
        new = update.apply(base) if update is not None else base
    except ValidationException as error:
        if legacy_updates and error.message == WRONG_TYPE:
            raise ValidationException(UPDATE_TYPE_MISMATCH) from None
        raise
    text = stored_text(new)
    check_item(table, new, text, updated=True)
    check_collection(table, h, old, new)
    provider.store.write(table, h, s, old, new, text=text)
    out: Params = {}
    returned = _returned(return_values, old, new, update)
    if returned:
        out["Attributes"] = returned
    return finish(out, params, table, old, new)


def _returned(mode: str, old: Item | None, new: Item, update: Any) -> Item | None:
    if mode == "ALL_NEW":
        return new
    if mode == "ALL_OLD":
        return old
    if mode in ("UPDATED_OLD", "UPDATED_NEW"):
        source = old if mode == "UPDATED_OLD" else new
        if source is None or update is None:
            return None
        # Only the updated paths, nested ones included, as AWS returns them.
        return update.updated(source) or None
    return None
