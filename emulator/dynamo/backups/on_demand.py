"""CreateBackup, DescribeBackup, ListBackups, DeleteBackup, RestoreTableFromBackup."""

from __future__ import annotations

import time
import uuid
from typing import Any

from ..table import Table
from .catalog import Backup, BackupCatalog, catalog_of
from .errors import BackupNotFoundException
from .restoring import (
    check_target_free,
    items_size,
    restore_into_new_table,
    restored_description,
    source_table,
)

Params = dict[str, Any]


def create_backup(provider: Any, ctx: Any, params: Params) -> Params:
    table = source_table(provider, ctx.region, params["TableName"])
    catalog = catalog_of(provider)
    # Milliseconds, as AWS writes its times; one later than the newest backup's, so that backups made
    # in the same millisecond still list (and resume, by ARN) in the order they were made.
    newest = max((_stamp(arn) for arn in catalog.backups), default=0)
    stamp = max(int(time.time() * 1000), newest + 1)
    at = stamp / 1000
    arn = f"{table.arn}/backup/{stamp:017d}-{uuid.uuid4().hex[:8]}"
    backup = take_backup(catalog, table, arn, params["BackupName"], at)
    catalog.journal(["backups", "backup", table.region, table.name, arn, backup.name, at])
    return {"BackupDetails": _details(backup)}


def take_backup(catalog: BackupCatalog, table: Table, arn: str, name: str, at: float) -> Backup:
    items = list(table.iter_items())
    backup = Backup(arn, name, table.region, at, table.definition, items, items_size(items))
    catalog.backups[arn] = backup
    return backup


def describe_backup(provider: Any, ctx: Any, params: Params) -> Params:
    return {"BackupDescription": _description(_backup(provider, ctx, params["BackupArn"]))}


def delete_backup(provider: Any, ctx: Any, params: Params) -> Params:
    backup = _backup(provider, ctx, params["BackupArn"])
    catalog = catalog_of(provider)
    del catalog.backups[backup.arn]
    catalog.journal(["backups", "delete", backup.arn])
    description = _description(backup)
    description["BackupDetails"]["BackupStatus"] = "DELETED"
    return {"BackupDescription": description}


def list_backups(provider: Any, ctx: Any, params: Params) -> Params:
    if params.get("BackupType") in ("SYSTEM", "AWS_BACKUP"):
        return {"BackupSummaries": []}
    backups = sorted(
        (b for b in catalog_of(provider).backups.values() if b.region == ctx.region),
        key=lambda b: _listing_order(b.arn),
    )
    name = params.get("TableName")
    lower, upper = params.get("TimeRangeLowerBound"), params.get("TimeRangeUpperBound")
    backups = [
        b for b in backups
        if (name is None or b.definition["TableName"] == name)
        and (lower is None or b.created_at >= float(lower))
        and (upper is None or b.created_at < float(upper))
    ]
    start = params.get("ExclusiveStartBackupArn")
    if start is not None:  # resumes after it even once deleted: the cleanup loop deletes each page
        after = _listing_order(start)
        backups = [b for b in backups if _listing_order(b.arn) > after]
    limit = params.get("Limit", 100)
    result: Params = {"BackupSummaries": [_summary(b) for b in backups[:limit]]}
    if len(backups) > limit:
        result["LastEvaluatedBackupArn"] = backups[limit - 1].arn
    return result


def restore_table_from_backup(provider: Any, ctx: Any, params: Params) -> Params:
    backup = _backup(provider, ctx, params["BackupArn"])
    check_target_free(provider, ctx.region, params["TargetTableName"])
    table = restore_into_new_table(provider, ctx, backup.definition, params["TargetTableName"], backup.items, params)
    summary = {"SourceBackupArn": backup.arn, "SourceTableArn": backup.definition["TableArn"]}
    return {"TableDescription": restored_description(table, summary)}


def _stamp(arn: str) -> int:
    return int(arn.rpartition("/backup/")[2].partition("-")[0])


def _listing_order(arn: str) -> tuple[str, str]:
    """A backup's place in ListBackups: the creation stamp its ARN carries (``.../backup/{ms}-{id}``)."""
    return arn.rpartition("/backup/")[2], arn


def _backup(provider: Any, ctx: Any, arn: str) -> Backup:
    backup = catalog_of(provider).backups.get(arn)
    if backup is None or backup.region != ctx.region:
        raise BackupNotFoundException(f"Backup not found: {arn}")
    return backup


def _details(backup: Backup) -> Params:
    return {
        "BackupArn": backup.arn,
        "BackupName": backup.name,
        "BackupSizeBytes": backup.size_bytes,
        "BackupStatus": "AVAILABLE",
        "BackupType": "USER",
        "BackupCreationDateTime": backup.created_at,
    }


def _summary(backup: Backup) -> Params:
    definition = backup.definition
    return {
        "TableName": definition["TableName"],
        "TableId": definition["TableId"],
        "TableArn": definition["TableArn"],
        "BackupArn": backup.arn,
        "BackupName": backup.name,
        "BackupCreationDateTime": backup.created_at,
        "BackupStatus": "AVAILABLE",
        "BackupType": "USER",
        "BackupSizeBytes": backup.size_bytes,
    }


def _description(backup: Backup) -> Params:
    definition = backup.definition
    source = {
        "TableName": definition["TableName"],
        "TableId": definition["TableId"],
        "TableArn": definition["TableArn"],
        "TableSizeBytes": backup.size_bytes,
        "KeySchema": definition["KeySchema"],
        "TableCreationDateTime": definition["CreationDateTime"],
        "ProvisionedThroughput": definition["ProvisionedThroughput"],
        "ItemCount": len(backup.items),
        "BillingMode": definition["BillingMode"],
    }
    features: Params = {}
    for member in ("LocalSecondaryIndexes", "GlobalSecondaryIndexes"):
        if definition.get(member):
            features[member] = [
                {key: index[key] for key in ("IndexName", "KeySchema", "Projection", "ProvisionedThroughput") if key in index}
                for index in definition[member]
            ]
    if definition.get("VectorIndexes"):
        shown = ("IndexName", "VectorAttribute", "SearchSchema", "Projection", "Dimensions", "DistanceFunction")
        features["VectorIndexes"] = [{key: index[key] for key in shown if key in index} for index in definition["VectorIndexes"]]
    stream = definition.get("StreamSpecification")
    if stream:
        features["StreamDescription"] = stream
    ttl = definition.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled"):
        features["TimeToLiveDescription"] = {"TimeToLiveStatus": "ENABLED", "AttributeName": ttl["AttributeName"]}
    return {"BackupDetails": _details(backup), "SourceTableDetails": source, "SourceTableFeatureDetails": features}
