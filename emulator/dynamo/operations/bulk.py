"""StartBulkPutItems, DescribeBulkOperation, ListBulkOperations, CancelBulkOperation.

A bulk put loads the DynamoDB JSON records of an S3-style folder (``backups/s3_objects.py``,
as ImportTable reads them) into an existing table; the work runs off the request path
(``backups/bulk_put.py``) and its description, kept in the backup catalog (so persisted and
journalled with exports and imports), shows its progress. As AWS documents: the table must be
ACTIVE and in no global table; a ClientToken returns the same operation for 8 hours when the
request is the same, and ``IdempotentParameterMismatchException`` when it is not; listings
are the region's operations of the last 90 days, most recent first, 10 a page unless
``MaxResults`` says.
ZSTD input is refused (there is no zstd codec here), as ImportTable refuses it.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from ...aws.errors import ValidationException
from ..backups.bulk_put import start_run
from ..backups.catalog import BackupCatalog, catalog_of
from ..errors import IdempotentParameterMismatchException, ResourceInUseException, ResourceNotFoundException
from ..table import Table
from .common import described_table

Params = dict[str, Any]
TOKEN_WINDOW_S = 8 * 3600
LISTED_FOR_S = 90 * 24 * 3600
PAGE = 10
RUNNING = ("IN_PROGRESS", "CANCELLING")
MISMATCH = "Request parameters do not match the parameters of a previously made request with the same idempotency token"
GLOBAL_TABLE = "Bulk put items is not supported on tables that are part of a global table"
INTERRUPTED = ("InternalServerError", "The bulk operation was interrupted when the emulator stopped")


def start_bulk_put_items(provider: Any, ctx: Any, params: Params) -> Params:
    if params["InputS3Configuration"].get("InputCompressionType") == "ZSTD":
        raise ValidationException("The emulator reads GZIP or uncompressed input only")
    table = described_table(provider.store, ctx, params["TableName"])
    if table.status != "ACTIVE":
        raise ResourceInUseException(f"Table {table.name} is not in ACTIVE state (it is {table.status})")
    if any(index.backfilling for index in table.vector_indexes.values()):
        raise ResourceInUseException(f"Table {table.name} is creating a secondary index")
    if table.replication_group:
        raise ValidationException(GLOBAL_TABLE)
    catalog = catalog_of(provider)
    requested = _requested(params, table)
    token = params.get("ClientToken") or str(uuid.uuid4())
    earlier = _started_with(catalog, token, ctx.region)
    if earlier is not None:
        if _requested_by(earlier) != requested:
            raise IdempotentParameterMismatchException(MISMATCH)
        return {"BulkOperationDescription": _settled(catalog, earlier)}
    now = time.time()
    operation_id = f"{int(now * 1000):014d}-{uuid.uuid4().hex[:8]}"
    description: Params = {
        "BulkOperationArn": f"{table.arn}/bulk-operation/{operation_id}",
        "BulkOperationStatus": "IN_PROGRESS",
        **requested,
        "ClientToken": token,
        "StartTime": now,
        "ProcessedItemCount": 0,
        "ProcessedInputBytes": 0,
        "FailedItemCount": 0,
    }
    catalog.bulk[description["BulkOperationArn"]] = description
    catalog.journal(["backups", "bulk", description])
    start_run(provider, ctx, catalog, description)
    return {"BulkOperationDescription": dict(description)}


def _requested(params: Params, table: Table) -> Params:
    """What a start request asks for, as the description shows it (defaults filled in)."""
    requested: Params = {
        "TableDetails": [{"TableName": table.name, "TableId": table.table_id}],
        "InputS3Configuration": {"InputCompressionType": "NONE", **params["InputS3Configuration"]},
        "OutputS3Configuration": params["OutputS3Configuration"],
        "PerformanceTier": params.get("PerformanceTier", "STANDARD"),
    }
    if "MaxWriteRequestUnits" in params:
        requested["MaxWriteRequestUnits"] = params["MaxWriteRequestUnits"]
    return requested


def _requested_by(description: Params) -> Params:
    keys = ("TableDetails", "InputS3Configuration", "OutputS3Configuration", "PerformanceTier", "MaxWriteRequestUnits")
    return {key: description[key] for key in keys if key in description}


def _started_with(catalog: BackupCatalog, token: str, region: str) -> Params | None:
    horizon = time.time() - TOKEN_WINDOW_S
    for description in catalog.bulk.values():
        if description["ClientToken"] == token and description["StartTime"] > horizon and _region(description) == region:
            return description
    return None


def _region(description: Params) -> str:
    return description["BulkOperationArn"].split(":")[3]  # type: ignore[no-any-return]


def _settled(catalog: BackupCatalog, description: Params) -> Params:
    """The description, an operation the emulator stopped in the middle of shown as failed."""
    arn = description["BulkOperationArn"]
    if description["BulkOperationStatus"] in RUNNING and arn not in catalog.bulk_runs:
        description["BulkOperationStatus"] = "FAILED"
        description["FailureCode"], description["FailureMessage"] = INTERRUPTED
        description["EndTime"] = time.time()
    return dict(description)


def _operation(provider: Any, ctx: Any, arn: str) -> Params:
    catalog = catalog_of(provider)
    description = catalog.bulk.get(arn)
    if description is None or _region(description) != ctx.region:
        raise ResourceNotFoundException(f"Requested resource not found: BulkOperation: {arn} not found")
    return description


def describe_bulk_operation(provider: Any, ctx: Any, params: Params) -> Params:
    description = _operation(provider, ctx, params["BulkOperationArn"])
    return {"BulkOperationDescription": _settled(catalog_of(provider), description)}


def list_bulk_operations(provider: Any, ctx: Any, params: Params) -> Params:
    catalog = catalog_of(provider)
    horizon = time.time() - LISTED_FOR_S
    listed = (d for d in catalog.bulk.values() if _region(d) == ctx.region and d["StartTime"] > horizon)
    operations = sorted(listed, key=lambda d: d["StartTime"], reverse=True)
    after = params.get("NextToken")
    if after is not None:
        operations = [d for d in operations if _marker(d) < int(after, 16)]
    page = operations[: params.get("MaxResults", PAGE)]
    summaries = []
    for description in page:
        settled = _settled(catalog, description)
        keys = ("BulkOperationArn", "BulkOperationStatus", "StartTime", "EndTime")
        summaries.append({key: settled[key] for key in keys if key in settled})
    out: Params = {"BulkOperationsSummaryList": summaries}
    if len(operations) > len(page):
        out["NextToken"] = f"{_marker(page[-1]):016x}"
    return out


def _marker(description: Params) -> int:
    """Where a listing resumes after this operation: its start, in microseconds."""
    return int(description["StartTime"] * 1_000_000)


def cancel_bulk_operation(provider: Any, ctx: Any, params: Params) -> Params:
    arn = params["BulkOperationArn"]
    description = _operation(provider, ctx, arn)
    run = catalog_of(provider).bulk_runs.get(arn)
    if run is None or description["BulkOperationStatus"] not in RUNNING:
        status = _settled(catalog_of(provider), description)["BulkOperationStatus"]
        raise ValidationException(f"Bulk operation {arn} cannot be cancelled in status {status}")
    run.cancel()
    description["BulkOperationStatus"] = "CANCELLING"
    return {"BulkOperationArn": arn, "BulkOperationStatus": "CANCELLING"}
