"""What Query and Scan share: Select rules, the read target, paging, the response.

A page ends after ``Limit`` items were read or once 1 MB was read, before the
filter is applied, as on AWS; ``LastEvaluatedKey`` is the key of the last item
read (table key plus index key).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...aws.errors import ValidationException
from ..capacity import consumed, read_units, size_bound
from ..indexes import Index
from ..keys import KeySchema
from ..table import Table
from ..values import item_size
from .writes import normalized

Item = dict[str, Any]
Params = dict[str, Any]
PAGE_BYTES = 1024 * 1024
_SELECTION = {"ALL_ATTRIBUTES": "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES": "ALL_PROJECTED_ATTRIBUTES", "COUNT": "only the Count"}


def check_select(params: Params, prefix: str) -> None:
    """Select against ProjectionExpression / AttributesToGet / IndexName (query prefixes its messages)."""
    select = params.get("Select")
    for member in ("ProjectionExpression", "AttributesToGet"):
        if params.get(member) is not None and select in _SELECTION:
            raise ValidationException(f"{prefix}Cannot specify the {member} when choosing to get {_SELECTION[select]}")
    if select == "SPECIFIC_ATTRIBUTES" and params.get("ProjectionExpression") is None and not params.get("AttributesToGet"):
        raise ValidationException(
            f"{prefix}Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"
        )
    if select == "ALL_PROJECTED_ATTRIBUTES" and params.get("IndexName") is None:
        raise ValidationException(f"{prefix}ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")


def target(table: Table, params: Params) -> Index | None:
    """The index a read names (None for the table), with AWS's index checks."""
    name = params.get("IndexName")
    if name is None:
        return None
    index = table.indexes.get(name)
    if index is None:
        raise ValidationException(f"The table does not have the specified index: {name}")
    if index.is_global:
        if params.get("ConsistentRead"):
            raise ValidationException("Consistent reads are not supported on global secondary indexes")
        if params.get("Select") == "ALL_ATTRIBUTES" and index.projected is not None:
            raise ValidationException(
                "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
                f"secondary index {name} because its projection type is not ALL"
            )
    return index


def start_key(params: Params, table: Table, index: Index | None) -> Item | None:
    """The ExclusiveStartKey, checked against the table's (and index's) key schema."""
    start = params.get("ExclusiveStartKey")
    if start is None:
        return None
    start = normalized(start)
    schemas: list[KeySchema] = [table.keys] + ([index.keys] if index is not None else [])
    names = {name for schema in schemas for name in schema.names}
    invalid = "The provided starting key is invalid: The provided key element does not match the schema"
    if set(start) != names:
        raise ValidationException(invalid)
    for schema in schemas:
        for attr in (schema.hash, schema.range):
            if attr is not None and attr.value_order(start[attr.name]) is None:
                raise ValidationException(invalid)
    return start


class Page:
    """Reads items until Limit or 1 MB, filters and projects them."""

    def __init__(self, params: Params, table: Table, index: Index | None, filter_: Any, projection: Any) -> None:
        self.table = table
        self.index = index
        self.limit: int | None = params.get("Limit")
        self.filter = filter_
        self.projection = projection
        select = params.get("Select")
        self.count_only = select == "COUNT"
        # An LSI answers ALL_ATTRIBUTES / projections by fetching from the table.
        self.project_index = index is not None and (index.is_global or select in (None, "ALL_PROJECTED_ATTRIBUTES"))
        self.params = params
        self.items: list[Item] = []
        self.read_views: list[Item] = []
        self.last: Item | None = None

    @property
    def scanned(self) -> int:
        return len(self.read_views)

    def read(self, items: Iterable[Item]) -> None:
        limit = self.limit
        index = self.index if self.project_index else None
        filter_ = self.filter
        read_views = self.read_views
        # Sizes are bounded cheaply; exact sizes are summed only near the 1 MB cut.
        bound = 0
        exact: int | None = None
        for item in items:
            view = index.project(item) if index is not None else item
            read_views.append(view)
            if exact is None:
                bound += size_bound(view)
                if bound >= PAGE_BYTES:
                    exact = sum(map(item_size, read_views))
            else:
                exact += item_size(view)
            if filter_ is None or filter_.evaluate(view):
                self.items.append(view)
            if len(read_views) == limit or (exact is not None and exact >= PAGE_BYTES):
                self.last = item
                return

    def response(self) -> Params:
        out: Params = {"Count": len(self.items), "ScannedCount": self.scanned}
        if not self.count_only:
            projection = self.projection
            out["Items"] = [projection.apply(i) for i in self.items] if projection is not None else self.items
        if self.last is not None:
            out["LastEvaluatedKey"] = self._key_of(self.last)
        mode = self.params.get("ReturnConsumedCapacity")
        if mode in ("TOTAL", "INDEXES"):
            size = sum(map(item_size, self.read_views))
            units = read_units(size, bool(self.params.get("ConsistentRead")))
            if self.index is None:
                out["ConsumedCapacity"] = consumed(mode, self.table.name, units)
            else:
                out["ConsumedCapacity"] = consumed(mode, self.table.name, 0.0, {self.index.name: (self.index.is_global, units)})
        return out

    def _key_of(self, item: Item) -> Item:
        key = self.table.keys.key_attributes(item)
        if self.index is not None:
            key.update(self.index.keys.key_attributes(item))
        return key
