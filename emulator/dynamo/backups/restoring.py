"""Creating a table from saved items (restores and imports), and describing sources."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from typing import Any

from ...aws.arns import build_arn
from ..changes import Item
from ..operations.tables import describe
from ..table import Table
from ..values import item_size
from .errors import TableAlreadyExistsException, TableNotFoundException

#: What a restore does not carry over, as on AWS (streams, TTL, tags, deletion protection; a
#: restored table is in no global table, and has neither Contributor Insights nor auto scaling).
NOT_RESTORED = (
    "StreamSpecification", "LatestStreamLabel", "TimeToLiveSpecification", "Tags", "DeletionProtectionEnabled",
    "ResourcePolicies", "ReplicationGroup", "GlobalTableVersion", "GlobalTableCreatedAt", "ContributorInsights",
    "WriteAutoScaling",
)


def source_table(provider: Any, region: str, name_or_arn: str, *, named_by_arn: bool = False) -> Table:
    """``named_by_arn``: the refusal names the ARN as given (ExportTableToPointInTime: moto's
    aws_verified test_export_from_missing_table), else the table's name."""
    table = provider.store.find(region, name_or_arn)
    if table is None:
        name = name_or_arn.rsplit("table/", 1)[-1] if name_or_arn.startswith("arn:") and not named_by_arn else name_or_arn
        raise TableNotFoundException(f"Table not found: {name}")
    return table


def check_target_free(provider: Any, region: str, name: str) -> None:
    if provider.store.find(region, name) is not None:
        raise TableAlreadyExistsException(f"Table already exists: {name}")


def restore_into_new_table(
    provider: Any, ctx: Any, source: dict[str, Any], target: str, items: Iterable[Item], params: dict[str, Any]
) -> Table:
    """Create ``target`` like ``source`` (with the request's overrides) and write ``items`` into it."""
    definition = {key: value for key, value in source.items() if key not in NOT_RESTORED}
    definition.update(
        TableName=target,
        TableArn=build_arn("dynamodb", ctx.region, ctx.account_id, f"table/{target}"),
        TableId=str(uuid.uuid4()),
        CreationDateTime=round(time.time(), 3),  # milliseconds, as AWS writes them
    )
    if "BillingModeOverride" in params:
        definition["BillingMode"] = params["BillingModeOverride"]
    if "ProvisionedThroughputOverride" in params:
        definition["ProvisionedThroughput"] = params["ProvisionedThroughputOverride"]
    for override, member in (
        ("GlobalSecondaryIndexOverride", "GlobalSecondaryIndexes"),
        ("LocalSecondaryIndexOverride", "LocalSecondaryIndexes"),
        ("VectorIndexOverride", "VectorIndexes"),
    ):
        if override in params:
            definition[member] = params[override]
    if "SSESpecificationOverride" in params:
        definition["SSESpecification"] = params["SSESpecificationOverride"]
    table = Table(ctx.region, definition, ready_in_s=provider.settings.table_delay_ms / 1000)
    store = provider.store
    store.add_table(table)
    for item in items:
        h, s = table.keys.item_key(item)
        store.write(table, h, s, None, item)
    return table


def restored_description(table: Table, summary: dict[str, Any]) -> dict[str, Any]:
    description = describe(table)
    description["RestoreSummary"] = {**summary, "RestoreDateTime": table.created_at, "RestoreInProgress": False}
    return description


def items_size(items: Iterable[Item]) -> int:
    return sum(item_size(item) for item in items)
