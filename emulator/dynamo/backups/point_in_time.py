"""UpdateContinuousBackups, DescribeContinuousBackups, RestoreTableToPointInTime."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import orjson

from ...aws.errors import AwsError, ValidationException
from ..table import Table
from .catalog import BackupCatalog, PitrLog, catalog_of
from .errors import InvalidRestoreTimeException, PointInTimeRecoveryUnavailableException
from .restoring import check_target_free, restore_into_new_table, restored_description, source_table

Params = dict[str, Any]


def update_continuous_backups(provider: Any, ctx: Any, params: Params) -> Params:
    table = source_table(provider, ctx.region, params["TableName"])
    spec = params["PointInTimeRecoverySpecification"]
    enabled = spec["PointInTimeRecoveryEnabled"]
    if not enabled and "RecoveryPeriodInDays" in spec:
        # ack-api-quirks DDB-TABLE-084: a period is refused with a disable, whatever its value.
        raise ValidationException("Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.")
    days = spec.get("RecoveryPeriodInDays", provider.settings.pitr_window_days)
    catalog = catalog_of(provider)
    at = round(time.time(), 3)  # milliseconds, as AWS writes its times
    set_pitr(catalog, table, enabled, days, at)
    catalog.journal(["backups", "pitr", table.region, table.name, enabled, days, at])
    return {"ContinuousBackupsDescription": _description(catalog, table)}


def set_pitr(catalog: BackupCatalog, table: Table, enabled: bool, days: int, at: float) -> None:
    key = (table.region, table.name)
    log = catalog.pitr.get(key)
    if not enabled:
        catalog.pitr.pop(key, None)
    elif log is None:
        base = {orjson.dumps(table.keys.key_attributes(item)): item for item in table.iter_items()}
        catalog.pitr[key] = PitrLog(at, base, at, days)
    else:
        log.days = days


def describe_continuous_backups(provider: Any, ctx: Any, params: Params) -> Params:
    table = source_table(provider, ctx.region, params["TableName"])
    return {"ContinuousBackupsDescription": _description(catalog_of(provider), table)}


def _description(catalog: BackupCatalog, table: Table) -> Params:
    window = catalog.restorable(table.region, table.name)
    if window is None:
        recovery: Params = {"PointInTimeRecoveryStatus": "DISABLED"}
    else:
        recovery = {
            "PointInTimeRecoveryStatus": "ENABLED",
            "RecoveryPeriodInDays": catalog.pitr[(table.region, table.name)].days,
            "EarliestRestorableDateTime": window[0],
            "LatestRestorableDateTime": window[1],
        }
    return {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": recovery}


def restore_table_to_point_in_time(provider: Any, ctx: Any, params: Params) -> Params:
    source = source_table(provider, ctx.region, params.get("SourceTableArn") or params.get("SourceTableName") or "")
    catalog = catalog_of(provider)
    moment = restore_moment(catalog, source, params.get("RestoreDateTime"), params.get("UseLatestRestorableTime"))
    check_target_free(provider, ctx.region, params["TargetTableName"])
    items = catalog.pitr[(source.region, source.name)].items_at(moment)
    table = restore_into_new_table(provider, ctx, source.definition, params["TargetTableName"], items, params)
    return {"TableDescription": restored_description(table, {"SourceTableArn": source.arn})}


def restore_moment(
    catalog: BackupCatalog,
    table: Table,
    requested: Any,
    latest: bool | None,
    invalid: type[AwsError] = InvalidRestoreTimeException,
    what: str = "restore",
) -> float:
    """The moment to restore (or export): checked against the table's restorable window."""
    window = catalog.restorable(table.region, table.name)
    if window is None:
        raise PointInTimeRecoveryUnavailableException(f"Point in time recovery is not enabled for table '{table.name}'")
    earliest, newest = window
    if latest or requested is None:
        return newest
    moment = float(requested)
    if not earliest <= moment <= newest:
        raise invalid(
            f"Invalid {what} time: {_iso(moment)}. The {what} time must be between "
            f"{_iso(earliest)} and {_iso(newest)} (EarliestRestorableDateTime and LatestRestorableDateTime)."
        )
    return moment


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
