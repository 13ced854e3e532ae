"""UpdateTable's ReplicaUpdates (global tables version 2019.11.21), the replicas DescribeTable
shows, DeleteTable of a replica, and the replica auto scaling operations."""

from __future__ import annotations

import time
from typing import Any

from ...aws.errors import ValidationException
from ..global_tables import CURRENT, LEGACY, copy_items, ensure_stream, members, new_replica, regroup
from ..store import Store
from ..table import Table
from .common import INVALID, described_table

Params = dict[str, Any]

_ACTIONS = ("Create", "Update", "Delete")
#: Members of a Create or Update action DescribeTable shows back on the replica.
_OVERRIDES = ("KMSMasterKeyId", "ProvisionedThroughputOverride", "OnDemandThroughputOverride", "GlobalSecondaryIndexes")


def check_updates(store: Store, ctx: Any, table: Table, updates: list[Params] | None, billing: str) -> None:
    """Refuse what AWS refuses before anything changes."""
    for update in updates or ():
        actions = [kind for kind in _ACTIONS if update.get(kind) is not None]
        if len(actions) != 1:
            # Emulator's wording (no AWS recording found), in the style of AWS's GSI update message.
            raise ValidationException(
                INVALID + "One of ReplicationGroupUpdate.Create, ReplicationGroupUpdate.Update, "
                "ReplicationGroupUpdate.Delete must be specified"
            )
        kind, region = actions[0], update[actions[0]]["RegionName"]
        if region == ctx.region:
            raise ValidationException(
                "Cannot add, delete, or update the local region through ReplicaUpdates. "
                "Use CreateTable, DeleteTable, or UpdateTable as required."
            )
        if table.global_version == LEGACY:
            raise ValidationException(
                INVALID + "ReplicaUpdates cannot be applied to a version 2017.11.29 global table; "
                "use UpdateGlobalTable"
            )
        if kind == "Create":
            _check_create(store, table, region, billing)
        elif region not in table.replication_group:
            raise ValidationException(
                INVALID + f"Cannot {kind.lower()} a replica in region {region}: "
                f"table {table.name} has no replica there"
            )


def _check_create(store: Store, table: Table, region: str, billing: str) -> None:
    if region in table.replication_group or store.find(region, table.name) is not None:
        raise ValidationException(
            f"Failed to create a the new replica of table with name: '{table.name}' because one or more "
            "replicas already existed as tables."
        )
    if billing == "PROVISIONED" and table.write_autoscaling is None:
        raise ValidationException("Table write capacity should either be Pay-Per-Request or AutoScaled.")
    if table.stream and table.stream.get("StreamViewType") != "NEW_AND_OLD_IMAGES":
        raise ValidationException(
            INVALID + "A Global Table replica requires a stream of StreamViewType NEW_AND_OLD_IMAGES"
        )


def apply_updates(provider: Any, ctx: Any, table: Table, updates: list[Params]) -> dict[str, str]:
    """Create, update and delete replicas; answers the status each changed region shows now."""
    store: Store = provider.store
    delay_s = provider.settings.table_delay_ms / 1000
    group = {region: dict(entry) for region, entry in table.replication_group.items()} or {ctx.region: {}}
    tables = members(store, table)
    shown: dict[str, str] = {}
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
            shown[region] = "DELETING"
            continue
        entry = group.setdefault(region, {})
        entry.update((member, action[member]) for member in _OVERRIDES if member in action)
        if action.get("TableClassOverride"):
            entry["TableClassOverride"] = action["TableClassOverride"]
        if kind == "Create":
            entry["ReadyAt"] = time.time() + delay_s
            ensure_stream(table)
            replica = new_replica(table, region, ctx.account_id, entry, delay_s)
            store.add_table(replica)
            copy_items(store, table, replica)
            tables.append(replica)
            shown[region] = "CREATING"
        else:
            shown[region] = "UPDATING"
    regroup(store, tables, group, CURRENT)
    return shown


def described(table: Table, shown: dict[str, str] | None = None) -> list[Params]:
    """DescribeTable's Replicas: the other regions' replicas (AWS lists them, not the table's own)."""
    now = time.time()
    out = []
    for region, entry in table.replication_group.items():
        if region == table.region:
            continue
        replica: Params = {
            "RegionName": region,
            "ReplicaStatus": "CREATING" if now < entry.get("ReadyAt", 0) else "ACTIVE",
        }
        replica.update((member, entry[member]) for member in _OVERRIDES if member in entry)
        if entry.get("TableClassOverride"):
            replica["ReplicaTableClassSummary"] = {"TableClass": entry["TableClassOverride"]}
        out.append(replica)
    for region, status in (shown or {}).items():
        listed = next((r for r in out if r["RegionName"] == region), None)
        if listed is None:
            out.append({"RegionName": region, "ReplicaStatus": status})
        else:
            listed["ReplicaStatus"] = status
    return out


def leave_group(store: Store, table: Table) -> None:
    """DeleteTable of a replica deletes that replica alone: the others stay, without it."""
    if not table.replicated_to:
        return
    rest = [t for t in members(store, table) if t is not table]
    group = {region: entry for region, entry in table.replication_group.items() if region != table.region}
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


def describe_table_replica_auto_scaling(provider: Any, ctx: Any, params: Params) -> Params:
    table = described_table(provider.store, ctx, params["TableName"])
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
    table = described_table(store, ctx, params["TableName"])
    update = params.get("ProvisionedWriteCapacityAutoScalingUpdate")
    if update is not None:
        if table.billing_mode == "PAY_PER_REQUEST":
            raise ValidationException(
                INVALID + "Auto scaling cannot be applied to a table whose BillingMode is PAY_PER_REQUEST"
            )
        for member in members(store, table):
            member.write_autoscaling = None if update.get("AutoScalingDisabled") else dict(update)
            store.table_changed(member)
    return {"TableAutoScalingDescription": _auto_scaling_description(store, table)}
