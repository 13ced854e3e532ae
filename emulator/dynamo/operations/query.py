"""Query: one partition of the table or of an index, a sort-key range of it.

The range is a bisection of the partition's SortedDict (``irange``), so a page
costs what it returns, whatever the partition's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...aws.errors import ValidationException
from ..indexes import Index
from ..partitions import Partitions
from ..stale import entries_as_of, read_point
from ..table import Table
from .common import INVALID, check_scalar_keys, table_for, translated
from .expr import Expressions
from .reads import Page, check_select, check_select_all, check_start_values, start_key, target

Params = dict[str, Any]
PREFIX = "1 validation error detected: "
TYPE_MISMATCH = "One or more parameter values were invalid: Condition parameter type does not match schema type"


def query(provider: Any, ctx: Any, params: Params) -> Params:
    check_select(params, PREFIX)
    # AWS names the member the user wrote (QueryFilter is translated to a FilterExpression).
    filter_member = "QueryFilter" if params.get("QueryFilter") is not None else "Filter Expression"
    check_start_values(params)
    params = translated("Query", params, key_size=_key_size(provider, ctx, params))
    if params.get("KeyConditionExpression") is None:
        raise ValidationException("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
    expressions = Expressions(params)
    filter_ = expressions.condition("FilterExpression")
    projection = expressions.projection()
    if provider.store.find(ctx.region, params["TableName"]) is None:
        # A key condition's operands are checked before the table is looked up (the conformance
        # suite's validation-ordering, eu-west-2): what every condition is checked for, no key names.
        expressions.condition("KeyConditionExpression")
    table = table_for(provider.store, ctx, params)
    index = target(table, params, check_select=False, operation="Query")
    keys = index.keys if index is not None else table.keys
    try:
        condition = expressions.key_condition(keys.hash_names, keys.range_names)
    except ValidationException:
        # Unused names and values are refused before the key schema rules (moto's aws_verified
        # test_query_unused_attribute_name); checked only on failure, off the hot path.
        expressions.check_all_used(expressions.condition("KeyConditionExpression"), filter_, projection)
        raise
    expressions.check_all_used(condition, filter_, projection)
    start = start_key(params, table, index, query=True)
    if ctx.operation == "Query":  # PartiQL's SELECT and WHERE may read keys as they like
        # AWS's order (dynalite's AWS-recorded tests): projection, filter keys, Select, filter paths.
        check_scalar_keys(table, projection)
        if filter_ is not None:
            _check_filter_keys(filter_, keys, filter_member)
            _check_filter_projected(filter_, index)
        check_select_all(index, params)
        check_scalar_keys(table, filter_)
    else:
        check_select_all(index, params)
    page = Page(params, table, index, filter_, projection, embed=ctx.operation == "Query")
    entries = entries_as_of(table, index, read_point(provider.store, table, params))
    page.read(_items(table, index, entries, condition, start, params.get("ScanIndexForward", True)))
    return page.response()


def _key_size(provider: Any, ctx: Any, params: Params) -> int:
    """How many KeyConditions the queried key takes: 2, or a multi-attribute GSI's attribute count."""
    name = params.get("IndexName")
    if params.get("KeyConditions") is None or name is None:
        return 2
    table = provider.store.find(ctx.region, params["TableName"])
    index = table.indexes.get(name) if table is not None else None
    return max(2, len(index.keys.names)) if index is not None else 2


def _check_filter_keys(filter_: Any, keys: Any, member: str) -> None:
    """A Query's filter may not read the queried key attributes (hash key named first)."""
    for name in keys.names:
        if name in filter_.attributes:
            raise ValidationException(f"{member} can only contain non-primary key attributes: Primary key attribute: {name}")


def _check_filter_projected(filter_: Any, index: Index | None) -> None:
    """A Query of an index may filter only on what the index projects, even when it fetches whole
    items from the table (DynamoDB Local's QueryFunction; scylladb's test_lsi.py, run against AWS)."""
    if index is None or index.projected is None:
        return
    missing = sorted(filter_.attributes - index.projected)
    if missing:
        raise ValidationException(
            f"{INVALID}Secondary index {index.name} does not project one or more filter attributes: [{', '.join(missing)}]"
        )


def _items(
    table: Table, index: Index | None, entries: Partitions, condition: Any, start: Params | None, forward: bool
) -> Iterator[Any]:
    keys = index.keys if index is not None else table.keys
    h = keys.partition(condition.hash_values)
    if h is None:
        raise ValidationException(TYPE_MISMATCH)
    bounds = _bounds(keys, condition)
    if index is not None:
        bounds = _index_bounds(_head(keys, condition.head_values), bounds)
    if start is not None:
        at = index.position(start) if index is not None else table.keys.item_key(start)
        _check_start(keys, condition, bounds, start, at, h, index is not None)
    part = entries.partition(h)
    if part is None:
        return iter(())
    if not entries.sorted:
        return iter(() if start is not None else (part,))
    lo, lo_incl, hi, hi_incl = bounds
    if start is not None:
        position = at[1]
        if forward and (lo is None or position >= lo):
            lo, lo_incl = position, False
        elif not forward and (hi is None or position <= hi):
            hi, hi_incl = position, False
    found = part.irange(lo, hi, inclusive=(lo_incl, hi_incl), reverse=not forward)
    return map(part.__getitem__, found)


Bounds = tuple[Any, bool, Any, bool]  # (low, low inclusive, high, high inclusive); None: unbounded


def _check_start(
    keys: Any, condition: Any, bounds: Bounds, start: Params, at: Any, h: Any, indexed: bool
) -> None:
    """AWS's checks of an ExclusiveStartKey against the key condition (dynalite's AWS-recorded
    tests): with a sort-key condition, the start's sort key must satisfy it, then its partition
    key must be the queried one, each failure worded its own way."""
    same_partition = at is not None and at[0] == h
    if condition.range is None:
        if not same_partition:
            raise ValidationException("The provided starting key is outside query boundaries based on provided conditions")
        return
    lo, lo_incl, hi, hi_incl = bounds
    # An index's bounds are over its composite sort key: compare the start's leading sort values.
    named = keys.range_names[: len(condition.head_values) + 1] if indexed else keys.range_names
    values = tuple(keys.by_name[name].value_order(start[name]) for name in named)
    value = values if indexed else values[0]
    if (lo is not None and (value < lo or (value == lo and not lo_incl))) or (
        hi is not None and (value > hi or (value == hi and not hi_incl))
    ):
        raise ValidationException("The provided starting key does not match the range key predicate")
    if not same_partition:
        raise ValidationException("The query can return at most one row and cannot be restarted")


def _head(keys: Any, values: list[Any]) -> tuple[Any, ...]:
    """Order keys of the equalities on a multi-attribute key's leading RANGE attributes."""
    if not values:
        return ()
    head = tuple(attr.value_order(value) for attr, value in zip(keys.ranges, values, strict=False))
    if None in head:
        raise ValidationException(TYPE_MISMATCH)
    return head


def _bounds(keys: Any, condition: Any) -> Bounds:
    """The bounds of the condition on the (last named) sort key attribute."""
    range_ = condition.range
    if range_ is None:
        return None, True, None, True
    attr = keys.by_name[condition.range_name]
    okeys = []
    for value in range_.values:
        okey = attr.value_order(value)
        if okey is None:
            raise ValidationException(TYPE_MISMATCH)
        okeys.append(okey)
    op = range_.op
    first = okeys[0]
    if op == "=":
        return first, True, first, True
    if op in ("<", "<="):
        return None, True, first, op == "<="
    if op in (">", ">="):
        return first, op == ">=", None, True
    if op == "BETWEEN":
        return first, True, okeys[1], True
    return first, True, _prefix_end(first), False  # begins_with


def _index_bounds(head: tuple[Any, ...], bounds: Bounds) -> Bounds:
    """Bounds over an index's composite sort key: the sort values (``head`` then the bounded one)
    followed by the table's key."""
    lo, lo_incl, hi, hi_incl = bounds
    low = Index.lower_bound((*head, lo), lo_incl) if lo is not None else ((head or None), True)
    high = Index.upper_bound((*head, hi), hi_incl) if hi is not None else (Index.upper_bound(head, True) if head else (None, True))
    return low[0], low[1], high[0], high[1]


def _prefix_end(prefix: Any) -> Any:
    """The least value above every value starting with ``prefix`` (None: there is none)."""
    top = 0x10FFFF if isinstance(prefix, str) else 0xFF
    units = [ord(c) for c in prefix] if isinstance(prefix, str) else list(prefix)
    while units and units[-1] == top:
        units.pop()
    if not units:
        return None
    units[-1] += 1
    return "".join(map(chr, units)) if isinstance(prefix, str) else bytes(units)
