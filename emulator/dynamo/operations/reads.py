"""What Query and Scan share: Select rules, the read target, paging, the response.

A page ends after ``Limit`` items were read or once 1 MB was read (measured on
the stored text), before the filter is applied, as on AWS; ``LastEvaluatedKey`` is the key of the last item
read (table key plus index key).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from orjson import Fragment

from ...aws.errors import ValidationException
from ..capacity import consumed, read_units
from ..indexes import Index
from ..keys import KeySchema, MultiKeySchema
from ..table import Table
from ..values import ValueProblem, item_size
from .writes import normalized

Item = dict[str, Any]
Params = dict[str, Any]
PAGE_BYTES = 1024 * 1024
loads = orjson.loads
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


def target(table: Table, params: Params, *, check_select: bool = True, operation: str = "Scan") -> Index | None:
    """The index a read names (None for the table), with AWS's index checks.

    ``check_select``: include the Select check (Query makes it later, after its start key and filter checks)."""
    name = params.get("IndexName")
    if name is None:
        return None
    index = table.indexes.get(name)
    if index is None and name in table.vector_indexes:
        # AWS's words for Query (reproduced from the service); Scan's are taken to match.
        raise ValidationException(f"{operation} operation not supported on this index type.")
    if index is None:
        raise ValidationException(f"The table does not have the specified index: {name}")
    if index.is_global and params.get("ConsistentRead"):
        raise ValidationException("Consistent reads are not supported on global secondary indexes")
    if check_select:
        check_select_all(index, params)
    return index


def check_select_all(index: Index | None, params: Params) -> None:
    """A GSI that does not project every attribute cannot answer Select ALL_ATTRIBUTES."""
    if index is not None and index.is_global and params.get("Select") == "ALL_ATTRIBUTES" and index.projected is not None:
        raise ValidationException(
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
            f"secondary index {index.name} because its projection type is not ALL"
        )


START_INVALID = "The provided starting key is invalid: "


def check_start_values(params: Params) -> None:
    """The ExclusiveStartKey's values, checked before anything that needs the table (AWS's order)."""
    start = params.get("ExclusiveStartKey")
    if start:
        try:
            normalized(start)
        except ValidationException as error:
            # The newer wording (Query's) has no prefix (dynamodb-conformance valueLayers).
            if isinstance(error, ValueProblem):
                raise ValueProblem(START_INVALID + error.message, error.current) from None
            raise ValidationException(START_INVALID + error.message) from None


def start_key(params: Params, table: Table, index: Index | None, *, query: bool = False) -> Item | None:
    """The ExclusiveStartKey, checked against the table's (and index's) key schema.

    A Query words its own key schema's errors apart (dynalite's AWS-recorded tests): a start
    key of the wrong size or lacking one of those keys is just "invalid", one of the wrong type
    "does not match the schema"; the table's keys of an index query are checked as Scan checks them.
    """
    start = params.get("ExclusiveStartKey")
    if start is None:
        return None
    start = normalized(start)
    schemas: list[KeySchema | MultiKeySchema] = [table.keys] + ([index.keys] if index is not None else [])
    names = {name for schema in schemas for name in schema.names}
    invalid = START_INVALID + "The provided key element does not match the schema"
    if query:
        queried = schemas[-1]
        if len(start) != len(names) or any(name not in start for name in queried.names):
            raise ValidationException(START_INVALID.removesuffix(": "))
        for attr in queried.by_name.values():
            if attr.value_order(start[attr.name]) is None:
                raise ValidationException("The provided key element does not match the schema")
    if set(start) != names:
        raise ValidationException(invalid)
    for schema in schemas:
        for attr in schema.by_name.values():
            if attr.value_order(start[attr.name]) is None:
                raise ValidationException(invalid)
    return start


class Page:
    """Reads stored items until Limit or 1 MB, filters and projects them.

    With ``embed`` (the response goes straight to the wire) and no projection,
    items are returned as their stored text (``orjson.Fragment``), undecoded.
    """

    def __init__(
        self, params: Params, table: Table, index: Index | None, filter_: Any, projection: Any, embed: bool = False
    ) -> None:
        self.table = table
        self.index = index
        self.limit: int | None = params.get("Limit")
        self.filter = filter_
        self.projection = projection
        select = params.get("Select")
        self.count_only = select == "COUNT"
        # An LSI answers ALL_ATTRIBUTES, and projections naming attributes it lacks, by fetching from the table.
        projected = index.projected if index is not None else None
        self.project_index = projected is not None and (
            index.is_global  # type: ignore[union-attr]
            or select in ("ALL_PROJECTED_ATTRIBUTES", "COUNT")
            or (select != "ALL_ATTRIBUTES" and (projection is None or projection.attributes <= projected))
        )
        self.fetches = projected is not None and not self.project_index
        self.embed = embed and projection is None and not self.project_index
        self.params = params
        self.items: list[Any] = []
        self.read_blobs: list[bytes] = []
        self.last: bytes | None = None

    @property
    def scanned(self) -> int:
        return len(self.read_blobs)

    def _view(self, blob: bytes) -> Item:
        item = loads(blob)
        return self.index.project(item) if self.project_index else item  # type: ignore[union-attr]

    def _size(self, blob: bytes) -> int:
        return item_size(self._view(blob))

    def read(self, blobs: Iterable[bytes]) -> None:
        limit = self.limit
        filter_ = self.filter
        embed = self.embed
        read_blobs = self.read_blobs
        items = self.items
        # The 1 MB cut measures stored text, which bounds the item's size from above: a
        # page ends a little before AWS's would (its own measure is internal), never after.
        size = 0
        for blob in blobs:
            read_blobs.append(blob)
            size += len(blob)
            if embed and filter_ is None:
                items.append(Fragment(blob))
            else:
                view = self._view(blob)
                if filter_ is None or filter_.evaluate(view):
                    items.append(Fragment(blob) if embed else view)
            if len(read_blobs) == limit or size >= PAGE_BYTES:
                self.last = blob
                return

    def response(self) -> Params:
        out: Params = {"Count": len(self.items), "ScannedCount": self.scanned}
        if not self.count_only:
            projection = self.projection
            out["Items"] = [projection.apply(i) for i in self.items] if projection is not None else self.items
        if self.last is not None:
            out["LastEvaluatedKey"] = self._key_of(loads(self.last))
        mode = self.params.get("ReturnConsumedCapacity")
        if mode in ("TOTAL", "INDEXES"):
            consistent = bool(self.params.get("ConsistentRead"))
            units = read_units(sum(map(self._size, self.read_blobs)), consistent)
            index = self.index
            if index is None:
                out["ConsumedCapacity"] = consumed(mode, self.table.name, units)
            elif self.fetches:
                # The index entries are read, then each whole item is fetched from the table and
                # rounded up on its own (LSI guide; dynoxide's AWS capture, eu-west-2 2026-08-15:
                # three small rows cost the table 1.5).
                entries = sum(item_size(index.project(loads(blob))) for blob in self.read_blobs)
                index_units = {index.name: (index.is_global, read_units(entries, consistent))}
                fetched = sum(read_units(self._size(blob), consistent) for blob in self.read_blobs)
                out["ConsumedCapacity"] = consumed(mode, self.table.name, fetched, index_units)
            else:
                out["ConsumedCapacity"] = consumed(mode, self.table.name, 0.0, {index.name: (index.is_global, units)})
        return out

    def _key_of(self, item: Item) -> Item:
        key = self.table.keys.key_attributes(item)
        if self.index is not None:
            key.update(self.index.keys.key_attributes(item))
        return key
