"""UpdateTable's ReplicaUpdates (global tables version 2019.11.21), the replicas DescribeTable
shows, DeleteTable of a replica, and the replica auto scaling operations."""

from __future__ import annotations

import functools
import time
from typing import Any

from ...aws.errors import ValidationException
from ..errors import ResourceNotFoundException
from ..global_tables import (
    CURRENT,
    NEW_AND_OLD,
    copy_items,
    ensure_stream,
    members,
    new_replica,
    regroup,
)
from ..sse import key_arn
from ..store import Store
from ..table import Table
from . import mrsc
from .common import described_table

Params = dict[str, Any]

_ACTIONS = ("Create", "Update", "Delete")
#: How long a replica that was the source of a new one cannot be removed while that one exists.
SOURCE_HOLD_S = 24 * 3600
#: Members of a Create or Update action DescribeTable shows back on the replica.
_OVERRIDES = ("KMSMasterKeyId", "ProvisionedThroughputOverride", "OnDemandThroughputOverride", "GlobalSecondaryIndexes")


def check_updates(store: Store, ctx: Any, table: Table, updates: list[Params], billing: str, *, strong: bool = False) -> None:
    """Refuse what AWS refuses (its recorded words, ack-api-quirks DDB-TABLE-203/224/265/266/267)
    before anything changes. Setting up or dismantling an MRSC global table (``strong``) takes
    several Create or Delete actions at once."""
    changes: set[tuple[str, str]] = set()
    for update in updates:
        actions = [kind for kind in _ACTIONS if update.get(kind) is not None]
        if len(actions) > 1:
            raise ValidationException("Update table operation with more than one type of replica actions not allowed")
        if not actions or (actions[0] == "Update" and not set(update["Update"]) - {"RegionName"}):
            raise ValidationException("There are no actions specified in the Replica Update Action of the request.")
        if actions[0] != "Update":
            changes.add((actions[0], update[actions[0]]["RegionName"]))  # a repeated Create is one
    if len(changes) > 1 and not strong:
        raise ValidationException("Update table operation with more than one create or delete replica actions not allowed")
    for update in updates:
        kind = next(kind for kind in _ACTIONS if update.get(kind) is not None)
        region = update[kind]["RegionName"]
        if region == ctx.region:
            raise ValidationException(
                "Cannot add or delete the local region through ReplicaUpdates. "
                "Use CreateTable, DeleteTable, or UpdateTable as required."
            )
        if kind == "Create":
            _check_create(store, table, region, billing)
            continue
        if region not in table.replication_group or table.replication_group[region].get("Witness"):
            raise ValidationException(
                "Update global table operation failed because one or more replicas were not part of the global "
                f"table. Please retry the request without these replicas: [{region}]."
            )
        if kind == "Delete":
            replica = store.find(region, table.name)
            if replica is not None and replica.deletion_protection:
                raise ValidationException(
                    f"Cannot delete table {table.name} in region {region} because it has deletion protection "
                    "enabled. Disable deletion protection first."
                )
            check_removable(table, region)


@functools.cache
def _replica_regions() -> tuple[str, ...]:
    """Where a replica may be: the regions of AWS's commercial partition (botocore's endpoint data)."""
    import botocore.loaders  # on first use: importing botocore is a tenth of the server's start-up

    data = botocore.loaders.create_loader().load_data("endpoints")
    partition = next(p for p in data["partitions"] if p["partition"] == "aws")
    return tuple(sorted(partition["regions"]))


def _check_create(store: Store, table: Table, region: str, billing: str) -> None:
    if region not in _replica_regions():
        raise ValidationException(
            f"Region {region} is not supported. The latest version of global tables are only supported in the "
            f"following regions: [{', '.join(_replica_regions())}]"
        )
    if region in table.replication_group or store.find(region, table.name) is not None:
        raise ValidationException(
            f"Failed to create a the new replica of table with name: \u2018{table.name}\u2019 because one or more "
            "replicas already existed as tables."
        )
    if billing == "PROVISIONED" and table.write_autoscaling is None:
        raise ValidationException("Table write capacity should either be Pay-Per-Request or AutoScaled.")


def check_removable(table: Table, region: str) -> None:
    """A replica that was the source of another one in the last 24 hours stays while that one
    exists (AWS's rule for ReplicaUpdates' Delete and for DeleteTable alike)."""
    horizon = time.time() - SOURCE_HOLD_S
    for other, entry in table.replication_group.items():
        if other != region and entry.get("Source") == region and entry.get("AddedAt", 0) > horizon:
            raise ValidationException(
                "Replica cannot be deleted because it has acted as a source region for new replica(s) being added "
                "to the table in the last 24 hours."
            )


def apply_updates(
    provider: Any, ctx: Any, table: Table, updates: list[Params], witness_updates: list[Params], *, strong: bool = False
) -> None:
    """Create, update and delete replicas and witnesses (all done at once: the answer and DescribeTable
    show the new replica ACTIVE unless ``--table-delay-ms`` makes it CREATING for a while). An MRSC
    table's replicas keep the stream they have (MRSC does not replicate through streams)."""
    store: Store = provider.store
    delay_s = provider.settings.table_delay_ms / 1000
    group = {region: dict(entry) for region, entry in table.replication_group.items()} or {ctx.region: {}}
    tables = members(store, table)
    for update in updates:
        kind = next(kind for kind in _ACTIONS if update.get(kind) is not None)
        action = update[kind]
        region = action["RegionName"]
        if kind == "Delete":
            group.pop(region, None)
            replica = store.find(region, table.name)
            if replica is not None:
                tables = [t for t in tables if t is not replica]
                replica.set_replication({}, None, None)
                store.drop_table(replica, delay_s)
            continue
        if kind == "Create" and region in group:
            continue  # the same Create twice in one request makes one replica
        entry = group.setdefault(region, {})
        entry.update((member, action[member]) for member in _OVERRIDES if member in action)
        if action.get("TableClassOverride"):
            entry["TableClassOverride"] = action["TableClassOverride"]
        if kind == "Create":
            now = time.time()
            entry.update(ReadyAt=now + delay_s, Source=ctx.region, AddedAt=now)
            if not strong:
                ensure_stream(table)
            replica = new_replica(table, region, ctx.account_id, entry, delay_s, table.stream if strong else NEW_AND_OLD)
            store.add_table(replica)
            copy_items(store, table, replica)
            tables.append(replica)
    if strong:
        mrsc.mark(group, witness_updates, delay_s)
        if len(group) == 1:
            group = {}  # what is left of a dismantled MRSC table is a single-Region table
    regroup(store, tables, group, CURRENT)


def described(table: Table) -> list[Params]:
    """DescribeTable's Replicas: the other regions' replicas in the order they joined (a table
    never lists itself), with the overrides asked for (inherited values are not shown)."""
    now = time.time()
    out = []
    for region, entry in table.replication_group.items():
        if region == table.region or entry.get("Witness"):
            continue
        replica: Params = {
            "RegionName": region,
            "ReplicaStatus": "CREATING" if now < entry.get("ReadyAt", 0) else "ACTIVE",
        }
        replica.update((member, entry[member]) for member in _OVERRIDES if member in entry)
        if "KMSMasterKeyId" in replica:
            replica["KMSMasterKeyId"] = key_arn(replica["KMSMasterKeyId"], region, table.arn.split(":")[4])
        if entry.get("TableClassOverride"):
            replica["ReplicaTableClassSummary"] = {"TableClass": entry["TableClassOverride"]}
        out.append(replica)
    return out


def leave_group(store: Store, table: Table) -> None:
    """DeleteTable of a replica deletes that replica alone: the others stay, without it."""
    if not table.replicated_to:
        return
    rest = [t for t in members(store, table) if t is not table]
    group = {region: entry for region, entry in table.replication_group.items() if region != table.region}
    if table.strong and len(group) < 3:
        group = {}  # an MRSC table short of three Regions falls apart into single-Region tables
    version, created_at = table.global_version or CURRENT, table.global_created_at
    table.set_replication({}, None, None)
    regroup(store, rest, group, version, created_at)


# -- replica auto scaling -------------------------------------------------------


def _autoscaling(settings: Params | None) -> Params:
    if not settings:
        return {"AutoScalingDisabled": True}
    out = {k: settings[k] for k in ("MinimumUnits", "MaximumUnits", "AutoScalingRoleArn") if k in settings}
    out["AutoScalingDisabled"] = settings.get("AutoScalingDisabled", False)
    policy = settings.get("ScalingPolicyUpdate")
    if policy:
        out["ScalingPolicies"] = [policy]
    return out


def _global_table(store: Store, ctx: Any, name: str) -> Table:
    """Replica auto scaling exists only for a 2019.11.21 global table (ack-api-quirks DDB-TABLE-231)."""
    table = described_table(store, ctx, name)
    if table.global_version != CURRENT:
        raise ResourceNotFoundException(f"Global table with name: {table.name} does not exist.")
    return table


def describe_table_replica_auto_scaling(provider: Any, ctx: Any, params: Params) -> Params:
    table = _global_table(provider.store, ctx, params["TableName"])
    return {"TableAutoScalingDescription": _auto_scaling_description(provider.store, table)}


def _auto_scaling_description(store: Store, table: Table) -> Params:
    replicas = []
    for member in sorted(members(store, table), key=lambda t: t.region):
        replicas.append({
            "RegionName": member.region,
            "GlobalSecondaryIndexes": [
                {
                    "IndexName": index.name,
                    "IndexStatus": "ACTIVE",
                    "ProvisionedReadCapacityAutoScalingSettings": {"AutoScalingDisabled": True},
                    "ProvisionedWriteCapacityAutoScalingSettings": _autoscaling(member.write_autoscaling),
                }
                for index in member.gsis
            ],
            "ReplicaProvisionedReadCapacityAutoScalingSettings": {"AutoScalingDisabled": True},
            "ReplicaProvisionedWriteCapacityAutoScalingSettings": _autoscaling(member.write_autoscaling),
            "ReplicaStatus": "ACTIVE" if member.active else "CREATING",
        })
    return {"TableName": table.name, "TableStatus": table.status, "Replicas": replicas}


def update_table_replica_auto_scaling(provider: Any, ctx: Any, params: Params) -> Params:
    store: Store = provider.store
    table = _global_table(store, ctx, params["TableName"])
    update = params.get("ProvisionedWriteCapacityAutoScalingUpdate")
    if update is not None:
        if table.billing_mode == "PAY_PER_REQUEST" and not update.get("AutoScalingDisabled"):
            regions = ", ".join(f"'{region}'" for region, entry in table.replication_group.items() if not entry.get("Witness"))
            raise ValidationException(
                f"Failed to update global table with name \u2018{table.name}\u2018. Replicas {regions} BillingMode is "
                "PayPerRequest. You must convert table's BillingMode to PROVISIONED to set parameters: "
                "'ProvisionedWriteCapacityAutoScalingUpdate'."
            )
        for member in members(store, table):
            member.write_autoscaling = None if update.get("AutoScalingDisabled") else dict(update)
            store.table_changed(member)
    return {"TableAutoScalingDescription": _auto_scaling_description(store, table)}
