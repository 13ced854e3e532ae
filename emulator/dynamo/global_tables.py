"""Global tables: a replication group of same-named tables in several regions.

Each member keeps the whole group (``Table.replication_group``: region -> what
DescribeTable shows of that replica) in its definition, so it is persisted and
recovered with the table. The store copies every item write of a member to the
others (``Store.replicate``); a table in no group pays nothing for this.
Both versions share the mechanism: 2019.11.21 (UpdateTable's ReplicaUpdates)
and 2017.11.29 (CreateGlobalTable and friends, over existing tables).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import orjson

from ..aws.arns import build_arn
from .sse import key_arn
from .store import Store
from .streams.store import stream_label
from .table import Table

CURRENT = "2019.11.21"
LEGACY = "2017.11.29"
NEW_AND_OLD = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}

Group = dict[str, dict[str, Any]]

#: What a replica does not take from the table it copies: its identity, tags, policies,
#: protection, history of capacity changes and Contributor Insights are its own.
_NOT_COPIED = (
    "Tags", "ResourcePolicies", "CapacityChanges", "BillingModeChangedAt", "ContributorInsights",
    "DeletionProtectionEnabled", "WriteAutoScaling",
)


def members(store: Store, table: Table) -> list[Table]:
    """The group's tables that exist (this one first)."""
    found = [table]
    for region in table.replicated_to:
        other = store.find(region, table.name)
        if other is not None and other.gone_at is None:
            found.append(other)
    return found


def regroup(store: Store, tables: list[Table], group: Group, version: str, created_at: float | None = None) -> None:
    """Give each table the group (a group of one is no group), and announce the change."""
    shared = group if len(group) > 1 else {}
    for table in tables:
        table.set_replication({region: dict(entry) for region, entry in shared.items()}, version, created_at)
        store.table_changed(table)


def new_replica(
    source: Table, region: str, account_id: str, entry: dict[str, Any], ready_in_s: float,
    stream: dict[str, Any] | None = NEW_AND_OLD,
) -> Table:
    """A table in ``region`` like ``source`` (keys, indexes, capacity), empty, with ``stream``."""
    definition = {k: v for k, v in orjson.loads(orjson.dumps(source.definition)).items() if k not in _NOT_COPIED}
    now = round(time.time(), 3)  # milliseconds, as AWS writes them
    definition.update(
        TableArn=build_arn("dynamodb", region, account_id, f"table/{source.name}"),
        TableId=str(uuid.uuid4()),
        CreationDateTime=now,
    )
    definition.pop("StreamSpecification", None)
    definition.pop("LatestStreamLabel", None)
    if stream:
        definition.update(StreamSpecification=dict(stream), LatestStreamLabel=stream_label(now))
    read = (entry.get("ProvisionedThroughputOverride") or {}).get("ReadCapacityUnits")
    if read and definition["BillingMode"] == "PROVISIONED":
        definition["ProvisionedThroughput"] = {**definition["ProvisionedThroughput"], "ReadCapacityUnits": read}
    if entry.get("TableClassOverride"):
        definition["TableClass"] = entry["TableClassOverride"]
    if entry.get("KMSMasterKeyId") and definition.get("SSESpecification"):
        key = key_arn(entry["KMSMasterKeyId"], region, account_id)
        definition["SSESpecification"] = {**definition["SSESpecification"], "KMSMasterKeyId": key}
    return Table(region, definition, ready_in_s=ready_in_s)


def copy_items(store: Store, source: Table, replica: Table) -> None:
    """Fill a new replica with the source's items, journalled like any write."""
    item_key = replica.keys.item_key
    for text in source.all_items():
        item = orjson.loads(text)
        h, s = item_key(item)
        store.write(replica, h, s, None, item, text=text, local=True)


def ensure_stream(table: Table) -> None:
    """A replicated table streams NEW_AND_OLD_IMAGES: AWS enables it when the first replica is added."""
    if not table.stream:
        table.stream = dict(NEW_AND_OLD)
        table.stream_label = stream_label(time.time())


def share_settings(store: Store, table: Table) -> None:
    """What AWS keeps the same in every replica after a change to one: billing mode, provisioned
    capacity (changed in any region, for all), table class and TTL (ack-api-quirks DDB-TABLE-251)."""
    for replica in members(store, table)[1:]:
        if replica.billing_mode != table.billing_mode:
            replica.billing_mode = table.billing_mode
            replica.billing_changed_at = table.billing_changed_at
        replica.set_throughput(dict(table.throughput), time.time())
        replica.table_class = table.table_class
        replica.ttl = dict(table.ttl) if table.ttl else None
        store.table_changed(replica)
