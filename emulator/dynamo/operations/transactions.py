"""TransactWriteItems and TransactGetItems: all or nothing, reasons in order.

Every action is checked (expressions, tables, keys, duplicates) before any
condition is evaluated; then every condition; only when all pass is anything
written. ClientRequestToken makes a write idempotent for 10 minutes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import orjson

from ...aws.errors import ValidationException
from ..capacity import read_units
from ..errors import IdempotentParameterMismatchException, TransactionCanceledException
from ..keys import EmptyKeyValue, KeyTypeMismatch
from ..table import Table
from ..values import NESTED_TOO_DEEP, check_depth, check_item_names, item_size
from . import mrsc
from .common import check_scalar_keys, table_for
from .expr import Expressions
from .transaction_capacity import replay_capacity, write_capacity
from .writes import CONDITION_FAILED, check_item, check_key_untouched, collection_metrics, normalized

Item = dict[str, Any]
Params = dict[str, Any]
TOKEN_TTL_S = 600.0
MAX_TRANSACTION_BYTES = 4 * 1024 * 1024
KINDS = ("ConditionCheck", "Put", "Delete", "Update")


@dataclass(slots=True)
class Action:
    kind: str
    params: Params
    table: Table
    h: Any
    s: Any
    condition: Any
    update: Any = None
    item: Item | None = None
    #: Why AWS cancels this action before evaluating it (a key value of the wrong type).
    failure: str | None = None


def transact_write_items(provider: Any, ctx: Any, params: Params) -> Params:
    token = params.get("ClientRequestToken")
    tokens: dict[str, tuple[float, bytes, Params]] = provider.transaction_tokens
    fingerprint = orjson.dumps({k: v for k, v in params.items() if k != "ClientRequestToken"}, option=orjson.OPT_SORT_KEYS)
    if token is not None:
        _expire(tokens)
        seen = tokens.get(token)
        if seen is not None:
            if seen[1] != fingerprint:
                raise IdempotentParameterMismatchException(
                    "Request parameters do not match the parameters of a previously made request with the same "
                    "idempotency token"
                )
            return seen[2]
    actions = [_prepare(provider, ctx, entry) for entry in params["TransactItems"]]
    if sum(item_size(a.item) for a in actions if a.kind == "Put" and a.item and a.failure is None) > MAX_TRANSACTION_BYTES:
        # AWS's documented limit; its exact words for it are not known here.
        raise ValidationException("The aggregate size of the items in the transaction cannot exceed 4 MB")
    _check_distinct([(action.table, action.h, action.s) for action in actions])
    olds, news, reasons = _evaluate(actions)
    if any(reason["Code"] != "None" for reason in reasons):
        codes = ", ".join(reason["Code"] for reason in reasons)
        raise TransactionCanceledException(
            f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
            CancellationReasons=reasons,
        )
    for action, old, new in zip(actions, olds, news, strict=True):
        if action.kind != "ConditionCheck" and (old is not None or new is not None):
            provider.store.write(action.table, action.h, action.s, old, new)
    mode = params.get("ReturnConsumedCapacity")
    out = write_capacity(mode, actions, olds, news)
    if params.get("ReturnItemCollectionMetrics") == "SIZE":
        out["ItemCollectionMetrics"] = _collection_metrics(params, actions, olds, news)
    if token is not None:
        tokens[token] = (time.time(), fingerprint, {**out, **replay_capacity(mode, actions, olds, news)})
    return out


def _expire(tokens: dict[str, tuple[float, bytes, Params]]) -> None:
    cutoff = time.time() - TOKEN_TTL_S
    for token in [t for t, (at, _, _) in tokens.items() if at < cutoff]:
        del tokens[token]


def _prepare(provider: Any, ctx: Any, entry: Params) -> Action:
    present = [kind for kind in KINDS if entry.get(kind) is not None]
    if len(present) != 1:
        raise ValidationException("TransactItems can only contain one of Check, Put, Update or Delete")
    kind = present[0]
    params = entry[kind]
    # TransactWriteItems checks only the item written against the nesting limit, as AWS does.
    expressions = Expressions(params, limit_depth=False)
    condition = expressions.condition()
    update = expressions.update() if kind == "Update" else None
    expressions.check_all_used(condition, update)
    # The item's (or key's) names and depth come before the table is looked up, action by action
    # (dynamodb-conformance deepRequests, ten regions, 2026-10): the depth worded bare.
    if kind == "Put":
        written = normalized(params["Item"])
        check_item_names(written)
        check_depth(written.values(), NESTED_TOO_DEEP)
    else:
        check_depth(normalized(params["Key"]).values(), NESTED_TOO_DEEP)
    table = table_for(provider.store, ctx, params)
    mrsc.refuse_transactions(table)
    try:
        if kind == "Put":
            item = normalized(params["Item"])
            h, s = table.keys.item_key(item)
            check_item(table, item)
            return Action(kind, params, table, h, s, condition, item=item)
        key = normalized(params["Key"])
        h, s = table.keys.request_key(key)
    except KeyTypeMismatch as error:
        # Captured against AWS: a mistyped key cancels the action; an empty one is refused up front.
        return Action(kind, params, table, object(), None, condition, failure=error.message)
    if update is not None:
        check_key_untouched(table, update)
        check_scalar_keys(table, update)
    return Action(kind, params, table, h, s, condition, update=update, item=key)


def _check_distinct(targets: list[tuple[Table, Any, Any]]) -> None:
    seen: set[tuple[int, Any, Any]] = set()
    for table, h, s in targets:
        identity = (id(table), h, s)
        if identity in seen:
            raise ValidationException("Transaction request cannot include multiple operations on one item")
        seen.add(identity)


def _evaluate(actions: list[Action]) -> tuple[list[Item | None], list[Item | None], list[Params]]:
    olds: list[Item | None] = []
    news: list[Item | None] = []
    reasons: list[Params] = []
    for action in actions:
        old = action.table.get(action.h, action.s) if action.failure is None else None
        olds.append(old)
        new: Item | None = old
        reason: Params = {"Code": "None"}
        if action.failure is not None:
            reason = {"Code": "ValidationError", "Message": action.failure}
        elif action.condition is not None and not action.condition.evaluate(old or {}):
            reason = {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED}
            if old is not None and action.params.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD":
                reason["Item"] = old
        elif action.kind == "Put":
            new = action.item
        elif action.kind == "Delete":
            new = None
        elif action.kind == "Update":
            try:
                new = action.update.apply(old if old is not None else action.item) if action.update else (old or action.item)
                check_item(action.table, new, updated=True)  # type: ignore[arg-type]
            except EmptyKeyValue:
                raise
            except ValidationException as error:
                reason = {"Code": "ValidationError", "Message": error.message}
        news.append(new)
        reasons.append(reason)
    return olds, news, reasons


def _collection_metrics(params: Params, actions: list[Action], olds: list[Item | None], news: list[Item | None]) -> Params:
    """Per table, the item collections the writes touched (tables with LSIs only), as BatchWriteItem reports them."""
    metrics: dict[str, list[Params]] = {}
    for action, old, new in zip(actions, olds, news, strict=True):
        if action.kind != "ConditionCheck":
            found = collection_metrics(params, action.table, new if new is not None else old)
            if found is not None:
                metrics.setdefault(action.table.name, []).append(found)
    return metrics


def _table_units(mode: str, name: str, units: float, kind: str) -> Params:
    out: Params = {"TableName": name, "CapacityUnits": units, kind: units}
    if mode == "INDEXES":
        out["Table"] = {"CapacityUnits": units, kind: units}
    return out


def transact_get_items(provider: Any, ctx: Any, params: Params) -> Params:
    gets = []
    failures: list[tuple[int, str]] = []
    for entry in params["TransactItems"]:
        get = entry["Get"]
        expressions = Expressions(get)
        projection = expressions.projection()
        expressions.check_all_used(projection)
        table = table_for(provider.store, ctx, get)
        mrsc.refuse_transactions(table)
        try:
            gets.append((table, table.keys.request_key(normalized(get["Key"])), projection))
        except KeyTypeMismatch as error:
            # A Get whose Key does not fit the schema cancels the transaction, as a write's does
            # (dynamodb-conformance tier3 transactGetItems).
            failures.append((len(gets), error.message))
            gets.append((table, (object(), None), projection))
    if failures:
        reasons: list[Params] = [{"Code": "None"} for _ in gets]
        for position, message in failures:
            reasons[position] = {"Code": "ValidationError", "Message": message}
        codes = ", ".join(reason["Code"] for reason in reasons)
        raise TransactionCanceledException(
            f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
            CancellationReasons=reasons,
        )
    _check_distinct([(table, h, s) for table, (h, s), _ in gets])
    responses: list[Params] = []
    per_table: dict[str, float] = {}
    for table, (h, s), projection in gets:
        item = table.get(h, s)
        per_table[table.name] = per_table.get(table.name, 0.0) + 2 * read_units(item_size(item or {}), True)
        if item is None:
            responses.append({})
        else:
            responses.append({"Item": projection.apply(item) if projection is not None else item})
    out: Params = {"Responses": responses}
    mode = params.get("ReturnConsumedCapacity")
    if mode in ("TOTAL", "INDEXES"):
        out["ConsumedCapacity"] = [_table_units(mode, name, units, "ReadCapacityUnits") for name, units in per_table.items()]
    return out
