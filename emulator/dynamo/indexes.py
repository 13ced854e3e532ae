"""Secondary indexes (LSI and GSI): their entries, key ranges and projections.

An index holds references to the table's stored item texts (never copies), keyed
by the index's partition key and a composite sort key: the index's sort key
(if any) followed by the table's key, so entries are unique and ordered as
DynamoDB orders them. A GSI with a multi-attribute key (``MultiAttributeIndex``)
is keyed by the tuple of its HASH values, and its sort key starts with every
RANGE value. Items lacking an index key attribute are not in the
index (sparse indexes). Projections are applied when an entry is read.
"""

from __future__ import annotations

from typing import Any

import orjson

from . import on_demand
from .keys import TOP, KeySchema, MultiKeySchema, key_schema, oversized
from .partitions import Partitions
from .warm import Warm, described, floor, raised

Item = dict[str, Any]


class Index:
    __slots__ = ("name", "is_global", "keys", "table_keys", "projection", "projected", "entries", "throughput", "on_demand", "warm", "status", "arn")

    def __init__(
        self,
        definition: dict[str, Any],
        keys: KeySchema | MultiKeySchema,
        *,
        is_global: bool,
        table_keys: KeySchema,
        table_arn: str,
    ) -> None:
        self.name: str = definition["IndexName"]
        self.is_global = is_global
        self.keys = keys
        self.table_keys = table_keys
        self.projection: dict[str, Any] = definition["Projection"]
        kind = self.projection.get("ProjectionType")
        #: Attribute names an entry carries; None for ALL.
        self.projected: frozenset[str] | None = (
            None
            if kind == "ALL"
            else frozenset(table_keys.names + self.keys.names + tuple(self.projection.get("NonKeyAttributes", ())))
        )
        self.entries = Partitions(sorted_=True)
        self.throughput: dict[str, Any] | None = definition.get("ProvisionedThroughput")
        #: The GSI's own request-unit ceilings under on-demand billing.
        self.on_demand: dict[str, int] | None = on_demand.kept(definition.get("OnDemandThroughput"))
        #: The highest warm throughput asked for or provisioned so far (GSIs only).
        self.warm: Warm = definition.get("WarmThroughput") or {}
        self.status = "ACTIVE"
        self.arn = f"{table_arn}/index/{self.name}"

    # -- entries ------------------------------------------------------------

    def position(self, item: Item) -> tuple[Any, tuple[Any, ...]] | None:
        """(index hash, composite sort key) of an item, None if not indexed."""
        entry = self.keys.entry(item)
        if entry is None:
            return None
        ih, ir = entry
        th, ts = self.table_keys.entry(item)  # type: ignore[misc]
        head = () if ir is None else (ir,)
        if self.is_global:
            return ih, head + ((th,) if ts is None else (th, ts))
        return ih, head + (ts,)

    def update(self, old: Item | None, new: Item | None, blob: bytes | None) -> None:
        """Follow a table write; ``blob`` is the new item's stored text, shared with the table."""
        old_at = self.position(old) if old is not None else None
        new_at = self.position(new) if new is not None else None
        if old_at is not None and old_at != new_at:
            self.entries.delete(*old_at)
        if new_at is not None:
            self.entries.put(new_at[0], new_at[1], blob)

    def rebuild(self, blobs: Any) -> None:
        """Backfill: index every existing item (their stored texts) but those that break the
        index key with an empty or oversized value (Developer Guide, GSI.OnlineOps.ViolationDetection)."""
        self.entries = Partitions(sorted_=True)
        for blob in blobs:
            item = orjson.loads(blob)
            if not self._violated_by(item):
                self.update(None, item, blob)

    def _violated_by(self, item: Item) -> bool:
        for attr in self.keys.hashes + self.keys.ranges:
            value = item.get(attr.name)
            raw = value.get(attr.type) if value is not None else None
            if raw is None:
                continue  # sparse, or of another type: not indexed anyway
            if (raw == "" and attr.type != "N") or oversized(attr.type, raw, attr.is_hash) is not None:
                return True
        return False

    # -- reads --------------------------------------------------------------

    def project(self, item: Item) -> Item:
        projected = self.projected
        if projected is None:
            return item
        return {name: value for name, value in item.items() if name in projected}

    @staticmethod
    def lower_bound(head: tuple[Any, ...], inclusive: bool) -> tuple[tuple[Any, ...], bool]:
        """The least composite sort key whose leading index sort values are ``head`` (or above it)."""
        return (head, True) if inclusive else ((*head, TOP), False)

    @staticmethod
    def upper_bound(head: tuple[Any, ...], inclusive: bool) -> tuple[tuple[Any, ...], bool]:
        """The greatest composite sort key whose leading index sort values are ``head`` (or below it)."""
        return ((*head, TOP), True) if inclusive else (head, False)

    # -- description ----------------------------------------------------------

    def definition(self) -> dict[str, Any]:
        out: dict[str, Any] = {"IndexName": self.name, "KeySchema": self.keys.elements, "Projection": self.projection}
        if self.throughput is not None:
            out["ProvisionedThroughput"] = self.throughput
        if self.on_demand:
            out["OnDemandThroughput"] = self.on_demand
        if self.warm:
            out["WarmThroughput"] = self.warm
        return out

    def warm_throughput(self, pay_per_request: bool) -> Warm:
        return raised(self.warm, floor(pay_per_request, self.throughput))

    def describe(self, size_bytes: int, pay_per_request: bool, *, warm: bool = True) -> dict[str, Any]:
        """``warm``: include WarmThroughput (CreateTable's answer has it only if it was asked for)."""
        out = self.definition()
        out["IndexSizeBytes"] = size_bytes
        out["ItemCount"] = self.entries.count
        out["IndexArn"] = self.arn
        if self.is_global:
            out["IndexStatus"] = self.status
            throughput = self.throughput or {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
            out["ProvisionedThroughput"] = {"NumberOfDecreasesToday": 0, **throughput}
            if pay_per_request:
                out["ProvisionedThroughput"].update(ReadCapacityUnits=0, WriteCapacityUnits=0)
            if warm:
                out["WarmThroughput"] = described(self.warm_throughput(pay_per_request))
            else:
                out.pop("WarmThroughput", None)
        return out


class MultiAttributeIndex(Index):
    """A GSI with a multi-attribute key: its partition key is the tuple of the HASH values, and
    its composite sort key starts with every RANGE value, in key order."""

    __slots__ = ()

    def position(self, item: Item) -> tuple[Any, tuple[Any, ...]] | None:
        entry = self.keys.entry(item)
        if entry is None:
            return None
        ih, head = entry
        th, ts = self.table_keys.entry(item)  # type: ignore[misc]
        return ih, head + ((th,) if ts is None else (th, ts))


def new_index(
    definition: dict[str, Any], *, is_global: bool, table_keys: KeySchema, types: dict[str, str], table_arn: str
) -> Index:
    """The index a definition describes; its kind is chosen once, so writes never ask which."""
    keys = key_schema(definition["KeySchema"], types)
    kind = MultiAttributeIndex if isinstance(keys, MultiKeySchema) else Index
    return kind(definition, keys, is_global=is_global, table_keys=table_keys, table_arn=table_arn)
