"""Global tables version 2017.11.29 (legacy): CreateGlobalTable, DescribeGlobalTable,
ListGlobalTables, UpdateGlobalTable, DescribeGlobalTableSettings, UpdateGlobalTableSettings.

AWS no longer creates them: in 2026 CreateGlobalTable (and UpdateGlobalTable's Create) answer
that version 2017.11.29 is not supported, from every region, so the other operations find no
global table and ListGlobalTables lists none (ack-api-quirks DDB-GLOBALTABLE-001/002). That is
what the emulator answers, unless the setting ``legacy_global_tables`` is on: then a legacy
global table joins same-named tables that already exist in each region (empty, same keys,
NEW_AND_OLD_IMAGES streams) and they replicate as 2019.11.21 replicas do. Messages AWS is
recorded to answer are AWS's; the other refusals' wording is this emulator's.
"""

from __future__ import annotations

import time
from typing import Any

from ...aws.arns import build_arn
from ...aws.errors import ValidationException
from ..errors import (
    GlobalTableAlreadyExistsException,
    GlobalTableNotFoundException,
    IndexNotFoundException,
    ReplicaAlreadyExistsException,
    ReplicaNotFoundException,
    TableNotFoundException,
)
from ..global_tables import LEGACY, members
from ..store import Store
from ..table import Table
from .common import INVALID

Params = dict[str, Any]

DEFAULT_LIMIT = 100
NOT_SUPPORTED = (
    INVALID + "DynamoDB global tables version 2017.11.29 is not supported. We recommend using DynamoDB global "
    "tables version 2019.11.21, instead of version 2017.11.29 (Legacy)."
)


def _check_supported(provider: Any) -> None:
    if not provider.settings.legacy_global_tables:
        raise ValidationException(NOT_SUPPORTED)


def _legacy_table(store: Store, ctx: Any, name: str) -> Table | None:
    """A member of the legacy global table ``name``: this region's, else any region's."""
    found = store.find(ctx.region, name)
    if found is not None and found.global_version == LEGACY:
        return found
    for region in store.regions():
        table = store.tables(region).get(name)
        if table is not None and table.global_version == LEGACY and table.gone_at is None:
            return table
    return None


def _global_table(store: Store, ctx: Any, name: str) -> Table:
    table = _legacy_table(store, ctx, name)
    if table is None:
        raise GlobalTableNotFoundException(f"Global table with name: '{name}' does not exist.")
    return table


def _replica_table(store: Store, name: str, region: str, like: Table | None) -> Table:
    """The table a new replica of the legacy global table is made of, checked as AWS requires."""
    table = store.find(region, name)
    if table is None or table.gone_at is not None:
        raise TableNotFoundException(f"Table not found: Table: '{name}' not found in region: '{region}'.")
    where = f"Table: {name} in region: {region}"
    if table.global_version is not None:
        raise ValidationException(INVALID + f"{where} is already a replica of a global table")
    if not table.stream or table.stream.get("StreamViewType") != "NEW_AND_OLD_IMAGES":
        raise ValidationException(INVALID + f"{where} must have a stream enabled with StreamViewType NEW_AND_OLD_IMAGES")
    if table.items.count:
        raise ValidationException(INVALID + f"{where} is not empty")
    if like is not None:
        if table.keys.elements != like.keys.elements or table.types != like.types:
            raise ValidationException(INVALID + f"{where} does not have the same key schema as the global table")
        if sorted(table.indexes) != sorted(like.indexes):
            raise ValidationException(INVALID + f"{where} does not have the same secondary indexes as the global table")
        if table.billing_mode != like.billing_mode or (
            table.billing_mode == "PROVISIONED"
            and table.throughput["WriteCapacityUnits"] != like.throughput["WriteCapacityUnits"]
        ):
            raise ValidationException(INVALID + f"{where} does not have the same write capacity as the global table")
    return table


def _description(table: Table, ctx: Any, status: str = "ACTIVE") -> Params:
    return {
        "ReplicationGroup": [{"RegionName": region} for region in table.replication_group],
        "GlobalTableArn": build_arn("dynamodb", "", ctx.account_id, f"global-table/{table.name}"),
        "CreationDateTime": table.global_created_at,
        "GlobalTableStatus": status,
        "GlobalTableName": table.name,
    }


def create_global_table(provider: Any, ctx: Any, params: Params) -> Params:
    store: Store = provider.store
    name = params["GlobalTableName"]
    _check_supported(provider)
    if _legacy_table(store, ctx, name) is not None:
        raise GlobalTableAlreadyExistsException("Global table with this name already exists")
    regions = list(dict.fromkeys(replica["RegionName"] for replica in params["ReplicationGroup"]))
    tables: list[Table] = []
    for region in regions:
        tables.append(_replica_table(store, name, region, tables[0] if tables else None))
    _join(store, tables, dict.fromkeys(regions), time.time())
    return {"GlobalTableDescription": _description(tables[0], ctx, "CREATING")}


def describe_global_table(provider: Any, ctx: Any, params: Params) -> Params:
    return {"GlobalTableDescription": _description(_global_table(provider.store, ctx, params["GlobalTableName"]), ctx)}


def list_global_tables(provider: Any, ctx: Any, params: Params) -> Params:
    store: Store = provider.store
    found: dict[str, Table] = {}
    for region in store.regions():
        for name, table in store.tables(region).items():
            if table.global_version == LEGACY and table.gone_at is None:
                found.setdefault(name, table)
    wanted = params.get("RegionName")
    names = sorted(n for n, t in found.items() if wanted is None or wanted in t.replication_group)
    start = params.get("ExclusiveStartGlobalTableName")
    if start is not None:
        names = [n for n in names if n > start]
    limit = params.get("Limit", DEFAULT_LIMIT)
    out: Params = {
        "GlobalTables": [
            {"GlobalTableName": n, "ReplicationGroup": [{"RegionName": r} for r in found[n].replication_group]}
            for n in names[:limit]
        ]
    }
    if len(names) > limit:
        out["LastEvaluatedGlobalTableName"] = names[limit - 1]
    return out


def update_global_table(provider: Any, ctx: Any, params: Params) -> Params:
    store: Store = provider.store
    name = params["GlobalTableName"]
    if not params["ReplicaUpdates"]:
        raise ValidationException(INVALID.rstrip(": "))
    if any(update.get("Create") for update in params["ReplicaUpdates"]):
        _check_supported(provider)
    table = _global_table(store, ctx, name)
    group: dict[str, Any] = dict.fromkeys(table.replication_group)
    tables = members(store, table)
    for update in params["ReplicaUpdates"]:
        if update.get("Create"):
            region = update["Create"]["RegionName"]
            if region in group:
                raise ReplicaAlreadyExistsException(f"Replica already exists in region: {region}")
            tables.append(_replica_table(store, name, region, table))
            group[region] = None
        elif update.get("Delete"):
            region = update["Delete"]["RegionName"]
            if region not in group:
                raise ReplicaNotFoundException(f"Replica not found in region: {region}")
            del group[region]
            left = next((t for t in tables if t.region == region), None)
            if left is not None:
                tables.remove(left)
                left.set_replication({}, None, None)
                store.table_changed(left)
        else:
            raise ValidationException(INVALID + "One of ReplicaUpdate.Create, ReplicaUpdate.Delete must be specified")
    _join(store, tables, group, table.global_created_at)
    survivor = tables[0] if tables else table
    return {"GlobalTableDescription": _description(survivor, ctx)}


def _join(store: Store, tables: list[Table], regions: dict[str, Any], created_at: float | None) -> None:
    """Make ``tables`` the legacy global table of ``regions`` (one region is still a global table)."""
    for member in tables:
        member.set_replication({region: {} for region in regions}, LEGACY, created_at)
        store.table_changed(member)


# -- settings -------------------------------------------------------------------


def _settings(store: Store, table: Table) -> Params:
    replicas = []
    for member in sorted(members(store, table), key=lambda t: t.region):
        provisioned = member.billing_mode == "PROVISIONED"
        setting: Params = {
            "RegionName": member.region,
            "ReplicaStatus": "ACTIVE" if member.active else "CREATING",
            "ReplicaBillingModeSummary": {"BillingMode": member.billing_mode},
            "ReplicaProvisionedReadCapacityUnits": member.throughput["ReadCapacityUnits"] if provisioned else 0,
            "ReplicaProvisionedWriteCapacityUnits": member.throughput["WriteCapacityUnits"] if provisioned else 0,
        }
        if member.gsis:
            setting["ReplicaGlobalSecondaryIndexSettings"] = [
                {
                    "IndexName": index.name,
                    "IndexStatus": "ACTIVE",
                    "ProvisionedReadCapacityUnits": (index.throughput or {}).get("ReadCapacityUnits", 0),
                    "ProvisionedWriteCapacityUnits": (index.throughput or {}).get("WriteCapacityUnits", 0),
                }
                for index in member.gsis
            ]
        if member.table_class:
            setting["ReplicaTableClassSummary"] = {"TableClass": member.table_class}
        replicas.append(setting)
    return {"GlobalTableName": table.name, "ReplicaSettings": replicas}


def describe_global_table_settings(provider: Any, ctx: Any, params: Params) -> Params:
    return _settings(provider.store, _global_table(provider.store, ctx, params["GlobalTableName"]))


def update_global_table_settings(provider: Any, ctx: Any, params: Params) -> Params:
    store: Store = provider.store
    table = _global_table(store, ctx, params["GlobalTableName"])
    tables = {member.region: member for member in members(store, table)}
    for update in params.get("ReplicaSettingsUpdate") or ():
        if update["RegionName"] not in tables:
            raise ReplicaNotFoundException(f"Replica not found in region: {update['RegionName']}")
    index_updates = list(params.get("GlobalTableGlobalSecondaryIndexSettingsUpdate") or ())
    index_updates += [u for r in params.get("ReplicaSettingsUpdate") or () for u in r.get("ReplicaGlobalSecondaryIndexSettingsUpdate") or ()]
    for update in index_updates:
        if update["IndexName"] not in table.indexes:
            raise IndexNotFoundException(f"Index not found: {update['IndexName']}")
    billing = params.get("GlobalTableBillingMode")
    write = params.get("GlobalTableProvisionedWriteCapacityUnits")
    for member in tables.values():
        if billing is not None and billing != member.billing_mode:
            member.billing_mode = billing
            member.billing_changed_at = time.time()
            if billing == "PAY_PER_REQUEST":
                member.set_throughput({"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}, time.time())
        if write is not None:
            member.set_throughput({**_units(member), "WriteCapacityUnits": write}, time.time())
        for update in params.get("GlobalTableGlobalSecondaryIndexSettingsUpdate") or ():
            _index_units(member, update["IndexName"], "WriteCapacityUnits", update.get("ProvisionedWriteCapacityUnits"))
    for update in params.get("ReplicaSettingsUpdate") or ():
        member = tables[update["RegionName"]]
        if update.get("ReplicaProvisionedReadCapacityUnits") is not None:
            member.set_throughput({**_units(member), "ReadCapacityUnits": update["ReplicaProvisionedReadCapacityUnits"]}, time.time())
        if update.get("ReplicaTableClass"):
            member.table_class = update["ReplicaTableClass"]
        for index_update in update.get("ReplicaGlobalSecondaryIndexSettingsUpdate") or ():
            _index_units(member, index_update["IndexName"], "ReadCapacityUnits", index_update.get("ProvisionedReadCapacityUnits"))
    for member in tables.values():
        store.table_changed(member)
    return _settings(store, table)


def _units(table: Table) -> dict[str, int]:
    return {"ReadCapacityUnits": table.throughput["ReadCapacityUnits"], "WriteCapacityUnits": table.throughput["WriteCapacityUnits"]}


def _index_units(table: Table, name: str, member: str, units: int | None) -> None:
    index = table.indexes.get(name)
    if index is not None and units is not None:
        index.throughput = {**(index.throughput or {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}), member: units}
