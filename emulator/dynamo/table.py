"""A table: its definition, its items and its secondary indexes.

Items are stored as their DynamoDB JSON text (orjson bytes): about an eighth
of the memory of nested dicts, and a read that returns an item unchanged can
embed the text in the response as is. ``get`` and ``iter_items`` decode.

``Table.definition`` is everything needed to recreate the table
(``Table(region, definition)`` does it); ``iter_items()`` yields every item (as
a dict) in scan order. ``apply(old, new)`` changes the items and every index at once; the
store calls it (and tells its listeners). ``replay_put`` / ``replay_delete``
apply a change without any event, for recovery from disk.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from ..aws.errors import ValidationException
from . import on_demand
from .consistency import History
from .indexes import Index, new_index
from .keys import INVALID, KeySchema, KeyTypeMismatch, empty_key, oversized
from .partitions import OnePart, Partitions
from .values import item_size
from .vectors import VectorIndex
from .warm import Warm, floor, raised

loads = orjson.loads


def stored_text(item: Item) -> bytes:
    """An item's DynamoDB JSON, copied to an exact-size buffer: orjson's own result
    keeps its 4 KB working buffer in the allocator, eight times the text."""
    return bytes(memoryview(orjson.dumps(item)))

Item = dict[str, Any]
#: Tables up to this many items report exact sizes on every DescribeTable.
EXACT_STATS_ITEMS = 1000
STATS_REFRESH_S = 2.0


class Table:
    def __init__(self, region: str, definition: dict[str, Any], *, ready_in_s: float = 0.0) -> None:
        self.region = region
        self.name: str = definition["TableName"]
        self.arn: str = definition["TableArn"]
        self.table_id: str = definition["TableId"]
        self.created_at: float = definition["CreationDateTime"]
        self.attribute_definitions: list[dict[str, str]] = definition["AttributeDefinitions"]
        self.types = {a["AttributeName"]: a["AttributeType"] for a in self.attribute_definitions}
        self.keys = KeySchema(definition["KeySchema"], self.types)
        self.billing_mode: str = definition["BillingMode"]
        self.throughput: dict[str, int] = definition["ProvisionedThroughput"]
        #: When the provisioned capacity last went up and down, and every decrease (epoch seconds).
        self.capacity_changes: dict[str, Any] = definition.get("CapacityChanges") or {}
        self.billing_changed_at: float | None = definition.get("BillingModeChangedAt")
        self.stream: dict[str, Any] | None = definition.get("StreamSpecification")
        self.stream_label: str | None = definition.get("LatestStreamLabel")
        self.sse: dict[str, Any] | None = definition.get("SSESpecification")
        self.tags: dict[str, str] = {t["Key"]: t["Value"] for t in definition.get("Tags", ())}
        self.ttl: dict[str, Any] | None = definition.get("TimeToLiveSpecification")
        self.table_class: str | None = definition.get("TableClass")
        self.deletion_protection: bool = definition.get("DeletionProtectionEnabled", False)
        #: Resource-based policies by resource ARN (the table's, its streams'): Policy and RevisionId.
        self.policies: dict[str, dict[str, str]] = dict(definition.get("ResourcePolicies", {}))
        self.on_demand: dict[str, int] | None = on_demand.kept(definition.get("OnDemandThroughput"))
        self.warm: Warm = raised(definition.get("WarmThroughput"), self.warm_floor())
        self.items = Partitions(sorted_=self.keys.range is not None)
        self.indexes: dict[str, Index] = {}
        self.has_lsis = False
        self.index_key_attrs: list[tuple[str, str, str, bool]] = []
        #: Bytes per item collection, kept only for tables with LSIs (10 GB limit).
        self.collections: dict[Any, int] = {}
        self._sizes: tuple[int, float, dict[str | None, int]] | None = None  # (version, refresh after, sizes)
        #: Vector indexes (``vectors.py``), apart from the LSIs and GSIs that Query and Scan read.
        self.vector_indexes: dict[str, VectorIndex] = {}
        for spec in definition.get("LocalSecondaryIndexes", ()):
            self.add_index(spec, is_global=False)
        for spec in definition.get("GlobalSecondaryIndexes", ()):
            self.add_index(spec, is_global=True)
        for spec in definition.get("VectorIndexes", ()):
            self.add_vector_index(spec)
        self.index_changed()
        self.ready_at = time.time() + ready_in_s
        self._created = ready_in_s <= 0
        self.gone_at: float | None = None
        self.version = 0
        #: Recent changes, kept only while the table is eventually consistent (``consistency.py``).
        self.history: History | None = None
        #: Global tables (``global_tables.py``): every region of the replication group (this one too)
        #: with what DescribeTable shows of it, and the version (2019.11.21, or 2017.11.29 legacy).
        self.replication_group: dict[str, dict[str, Any]] = {}
        self.global_version: str | None = None
        self.global_created_at: float | None = None
        #: The other regions' replicas: the store copies each item write there when not empty.
        self.replicated_to: tuple[str, ...] = ()
        self.set_replication(definition.get("ReplicationGroup") or {}, definition.get("GlobalTableVersion"),
                             definition.get("GlobalTableCreatedAt"))
        #: Contributor Insights by index name ("" for the table): Status, Mode, UpdatedAt.
        self.insights: dict[str, dict[str, Any]] = dict(definition.get("ContributorInsights", {}))
        #: Write capacity auto scaling (UpdateTableReplicaAutoScaling), which a provisioned replica needs.
        self.write_autoscaling: dict[str, Any] | None = definition.get("WriteAutoScaling")

    def set_replication(self, group: dict[str, dict[str, Any]], version: str | None, created_at: float | None) -> None:
        """Join a replication group (or leave it: an empty group)."""
        self.replication_group = group
        self.global_version = version if group else None
        self.global_created_at = created_at if group else None
        self.replicated_to = tuple(
            region for region, entry in group.items() if region != self.region and not entry.get("Witness")
        )

    @property
    def strong(self) -> bool:
        """A member of a global table with multi-Region strong consistency (``operations/mrsc.py``)."""
        return self.replication_group.get(self.region, {}).get("Consistency") == "STRONG"

    def add_index(self, spec: dict[str, Any], *, is_global: bool) -> Index:
        index = new_index(spec, is_global=is_global, table_keys=self.keys, types=self.types, table_arn=self.arn)
        self.indexes[index.name] = index
        self.index_changed()
        return index

    def add_vector_index(self, spec: dict[str, Any]) -> VectorIndex:
        index = VectorIndex(spec, self.keys.names, self.types, self.arn)
        self.vector_indexes[index.name] = index
        self.index_changed()
        return index

    def drop_vector_index(self, name: str) -> None:
        del self.vector_indexes[name]
        self.index_changed()

    def drop_index(self, name: str) -> None:
        del self.indexes[name]
        self.insights.pop(name, None)
        self.index_changed()

    def index_changed(self) -> None:
        self.has_lsis = any(not i.is_global for i in self.indexes.values())
        self.index_key_attrs = self.index_key_attributes()
        #: Vector indexes in name order, as their write checks report (the first index's error).
        self.vector_order = sorted(self.vector_indexes.values(), key=lambda index: index.name)
        self._sizes = None  # the cached sizes name the old set of indexes

    def index_key_attributes(self) -> list[tuple[str, str, str, bool]]:
        """(attribute, declared type, index name, is a HASH attribute) of every index key attribute.

        In index name order: AWS's errors name the alphabetically first index.
        """
        found = []
        for index in sorted(self.indexes.values(), key=lambda index: index.name):
            for name in index.keys.names:
                found.append((name, self.types[name], index.name, name in index.keys.hash_names))
        return found

    def check_index_keys(self, item: Item, *, updated: bool = False) -> None:
        """Index key values of an item being written; ``updated``: it is an update's result,
        whose empty key values AWS words apart (and names no index)."""
        for name, declared, index_name, is_hash in self.index_key_attrs:
            value = item.get(name)
            if value is None:
                continue
            if declared not in value:
                actual = next(iter(value), "")
                raise KeyTypeMismatch(
                    f"{INVALID}Type mismatch for Index Key {name} Expected: {declared} Actual: {actual} "
                    f"IndexName: {index_name}"
                )
            if value[declared] == "" and declared != "N":
                raise empty_key(declared, index_name, name, updated=updated)
            too_big = oversized(declared, value[declared], is_hash)
            if too_big is not None:
                raise ValidationException(too_big)
        for vector in self.vector_order:
            vector.check(item, updated=updated)

    # -- definition -----------------------------------------------------------

    @property
    def lsis(self) -> list[Index]:
        return [i for i in self.indexes.values() if not i.is_global]

    @property
    def gsis(self) -> list[Index]:
        return [i for i in self.indexes.values() if i.is_global]

    @property
    def definition(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "TableName": self.name,
            "TableArn": self.arn,
            "TableId": self.table_id,
            "CreationDateTime": self.created_at,
            "KeySchema": self.keys.elements,
            "AttributeDefinitions": self.attribute_definitions,
            "BillingMode": self.billing_mode,
            "ProvisionedThroughput": self.throughput,
            "CapacityChanges": self.capacity_changes,
            "DeletionProtectionEnabled": self.deletion_protection,
            "WarmThroughput": self.warm,
            "Tags": [{"Key": k, "Value": v} for k, v in self.tags.items()],
        }
        optional = {
            "LocalSecondaryIndexes": [i.definition() for i in self.lsis],
            "GlobalSecondaryIndexes": [i.definition() for i in self.gsis],
            "VectorIndexes": [i.definition() for i in self.vector_indexes.values()],
            "StreamSpecification": self.stream,
            "LatestStreamLabel": self.stream_label,
            "SSESpecification": self.sse,
            "TimeToLiveSpecification": self.ttl,
            "TableClass": self.table_class,
            "OnDemandThroughput": self.on_demand,
            "BillingModeChangedAt": self.billing_changed_at,
            "ResourcePolicies": self.policies,
            "ReplicationGroup": self.replication_group,
            "GlobalTableVersion": self.global_version,
            "GlobalTableCreatedAt": self.global_created_at,
            "ContributorInsights": self.insights,
            "WriteAutoScaling": self.write_autoscaling,
        }
        out.update((k, v) for k, v in optional.items() if v)
        return out

    def set_throughput(self, throughput: dict[str, int], now: float) -> None:
        """New provisioned capacity, remembering when it went up or down as AWS reports it."""
        old, changes = self.throughput, self.capacity_changes
        if old.get("ReadCapacityUnits") and throughput.get("ReadCapacityUnits"):
            members = ("ReadCapacityUnits", "WriteCapacityUnits")
            if any(throughput[m] > old[m] for m in members):
                changes["LastIncreaseDateTime"] = now
            if any(throughput[m] < old[m] for m in members):
                changes["LastDecreaseDateTime"] = now
                changes["Decreases"] = [*self._decreases_today(now), now]
        self.throughput = throughput

    def _decreases_today(self, now: float) -> list[float]:
        day = int(now // 86400)  # AWS's count starts afresh at midnight UTC
        return [at for at in self.capacity_changes.get("Decreases", ()) if int(at // 86400) == day]

    def described_throughput(self, now: float) -> dict[str, Any]:
        """ProvisionedThroughput as DescribeTable reports it."""
        out: dict[str, Any] = {
            name: self.capacity_changes[name]
            for name in ("LastIncreaseDateTime", "LastDecreaseDateTime")
            if name in self.capacity_changes
        }
        out["NumberOfDecreasesToday"] = len(self._decreases_today(now))
        out.update(self.throughput)
        return out

    def warm_floor(self) -> Warm:
        """The warm throughput the table's capacity alone gives."""
        return floor(self.billing_mode == "PAY_PER_REQUEST", self.throughput)

    @property
    def status(self) -> str:
        if self.gone_at is not None:
            return "DELETING"
        return "ACTIVE" if self.active else "CREATING"

    @property
    def active(self) -> bool:
        """Whether items can be read and written (checked on every item operation)."""
        if self._created:
            return self.gone_at is None
        if time.time() < self.ready_at:
            return False
        self._created = True
        return self.gone_at is None

    def sizes(self) -> dict[str | None, int]:
        """Bytes of the table (key None) and of each index, for DescribeTable.

        Exact for small tables. A large table reports the length of its stored
        texts (a close upper bound, counted at C speed, never decoding), recounted
        at most every few seconds: AWS itself refreshes these figures about every
        six hours, and describing a busy table must not stall the event loop.
        """
        now = time.monotonic()
        cached = self._sizes
        if cached is not None and (cached[0] == self.version or now < cached[1]):
            return cached[2]
        if self.items.count <= EXACT_STATS_ITEMS:
            sizes: dict[str | None, int] = {None: sum(item_size(loads(blob)) for blob in self.items)}
            for index in self.indexes.values():
                sizes[index.name] = sum(item_size(index.project(loads(blob))) for blob in index.entries)
            self._sizes = (self.version, 0.0, sizes)
            return sizes
        texts = self.all_items()
        sizes = {None: _estimate(texts, item_size)}
        for index in self.indexes.values():
            entries = [text for part in index.entries.parts.values() for text in part.values()]
            sizes[index.name] = _estimate(entries, lambda item, index=index: item_size(index.project(item)))
        self._sizes = (self.version, now + max(STATS_REFRESH_S, 10 * (time.monotonic() - now)), sizes)
        return sizes

    # -- items ----------------------------------------------------------------

    def get(self, h: Any, s: Any) -> Item | None:
        blob = self.items.get(h, s)
        return None if blob is None else loads(blob)

    def get_blob(self, h: Any, s: Any) -> bytes | None:
        """The stored item as DynamoDB JSON text (what a response can embed as is)."""
        return self.items.get(h, s)

    def iter_items(self) -> Iterator[Item]:
        return map(loads, self.items)

    def apply(self, h: Any, s: Any, old: Item | None, new: Item | None, text: bytes | None = None) -> None:
        """Replace ``old`` by ``new`` (None: delete) at key (h, s); ``text`` is ``stored_text(new)``
        if the caller has it. ``old`` may be None for an existing item only when the table
        has no index (nothing else needs the old image)."""
        if new is None:
            blob = None
            self.items.delete(h, s)
        else:
            blob = text if text is not None else stored_text(new)
            self.items.put(h, s, blob)
        for index in self.indexes.values():
            index.update(old, new, blob)
        for vector in self.vector_indexes.values():
            vector.update((h, s), new, blob)
        if self.has_lsis:
            size = self.collections.get(h, 0) + self.entry_size(new) - self.entry_size(old)
            if size:
                self.collections[h] = size
            else:
                self.collections.pop(h, None)
        self.version += 1

    def all_items(self) -> list[bytes]:
        """Every item's stored text, in no particular order: the fastest full read
        (a snapshot's pause on the event loop). ``orjson.loads`` gives the item."""
        parts = self.items.parts.values()
        if not self.items.sorted:
            return list(parts)
        values = dict.values  # a SortedDict is a dict: read it without its ordering
        return [text for part in parts for text in (part.values() if type(part) is OnePart else values(part))]

    def load(self, items: Iterable[Item | bytes]) -> None:
        """Fill a new, empty table at once (recovery): items may be dicts or stored texts;
        of a repeated key the last one stays. Each partition set and index is built in one pass."""
        entry = self.keys.entry  # stored items were checked when written

        def entries() -> Iterator[tuple[Any, Any, bytes]]:
            for item in items:
                if isinstance(item, bytes):
                    yield (*entry(loads(item)), item)  # type: ignore[misc]
                else:
                    yield (*entry(item), stored_text(item))  # type: ignore[misc]

        self.items.load(entries())
        if self.indexes:
            self._load_indexes()
        for vector in self.vector_indexes.values():
            vector.rebuild(self.keyed_items())
        self.version += 1

    def keyed_items(self) -> Iterator[tuple[tuple[Any, Any], bytes]]:
        """((hash, range) key, stored text) of every item, in no particular order."""
        entry = self.keys.entry
        for blob in self.all_items():
            yield entry(loads(blob)), blob  # type: ignore[misc]

    def _load_indexes(self) -> None:
        indexes = list(self.indexes.values())
        placed: list[list[tuple[Any, Any, bytes]]] = [[] for _ in indexes]
        collections = self.collections
        for blob in self.all_items():
            item = loads(blob)
            for index, found in zip(indexes, placed, strict=True):
                at = index.position(item)
                if at is not None:
                    found.append((at[0], at[1], blob))
            if self.has_lsis:
                h = self.keys.entry(item)[0]  # type: ignore[index]
                collections[h] = collections.get(h, 0) + self.entry_size(item)
        for index, found in zip(indexes, placed, strict=True):
            index.entries.load(found)

    def replay_put(self, item: Item | bytes) -> None:
        """Put without events; ``item`` may be its stored text (as ``all_items`` gives it)."""
        text = item if isinstance(item, bytes) else None
        decoded: Item = loads(item) if text is not None else item  # type: ignore[assignment,arg-type]
        h, s = self.keys.item_key(decoded)
        old = self.get(h, s) if self.indexes or self.items.get(h, s) is not None else None
        self.apply(h, s, old, decoded, text)

    def replay_delete(self, key: Item) -> None:
        h, s = self.keys.request_key(key)
        old = self.get(h, s)
        if old is not None:
            self.apply(h, s, old, None)

    def collection_size(self, h: Any) -> int:
        """Bytes of one item collection (the partition and its LSI entries)."""
        return self.collections.get(h, 0)

    def entry_size(self, item: Item | None) -> int:
        """What an item adds to its item collection: itself and its LSI entries."""
        if item is None:
            return 0
        total = item_size(item)
        for index in self.indexes.values():
            if not index.is_global and index.position(item) is not None:
                total += item_size(index.project(item))
        return total


def _estimate(texts: list[bytes], size_of: Any, sample: int = 256) -> int:
    """Total item size of many stored texts: their length, scaled by a sample's size/length ratio."""
    if not texts:
        return 0
    step = max(1, len(texts) // sample)
    chosen = texts[::step]
    length = sum(map(len, chosen))
    return round(sum(map(len, texts)) * sum(size_of(loads(t)) for t in chosen) / length) if length else 0
