"""The work of a StartBulkPutItems operation: read the input objects, put each record's item.

Runs as a task on the event loop, off the request that started it: objects are read,
decompressed and split into records (DynamoDB JSON or Ion) in a worker thread by
``s3_objects``, as ImportTable reads them, and each record is put through the provider's own
PutItem, so an item is validated as PutItem validates it (with a record's
``ConditionExpression`` and its names and values) and written through the store (streams,
TTL, persistence and PITR see it).

The operation's description (a dict in the catalog) is updated as it goes, so
DescribeBulkOperation shows the counters climb: ``ProcessedItemCount`` counts every record,
``FailedItemCount`` the malformed and invalid ones (a condition that fails is neither), and
``BulkOperationUsage`` the bytes put in the table and its indexes.
``MaxWriteRequestUnits`` caps the write units spent per second (one per started KB of an
item, one for a failed condition), in slices of a tenth of a second; without it the task
still hands the loop back every few records, so requests are served meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass, field
from typing import Any

from ...aws.context import RequestContext
from ...aws.errors import AwsError
from ..changes import Item
from ..errors import ConditionalCheckFailedException
from ..table import Table
from ..values import item_size
from .bulk_report import Report
from .catalog import BackupCatalog
from .exports import s3_root
from .s3_objects import Record, S3Object, object_text, objects_under, records

Params = dict[str, Any]
log = logging.getLogger(__name__)

NO_SUCH_BUCKET = ("S3NoSuchBucket", "The specified bucket does not exist")
TABLE_GONE = ("TableNotFound", "The table was deleted while the bulk operation was in progress")
CANCELLED = ("OperationCancelled", "The bulk operation was cancelled at the caller's request")
INTERNAL = ("InternalServerError", "The bulk operation stopped on an internal error")
#: The members a record may have: a PutItem's item and its condition.
RECORD_MEMBERS: dict[str, type] = {
    "Item": dict,
    "ConditionExpression": str,
    "ExpressionAttributeNames": dict,
    "ExpressionAttributeValues": dict,
}
_SLICE_S = 0.1
_RECORDS_PER_TURN = 100


@dataclass
class BulkRun:
    """A running operation's controls (never persisted)."""

    cancelling: bool = False
    #: Held so the task lives on: the event loop keeps only weak references to tasks.
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self.cancelling = True


class Pacer:
    """Spends write units at most ``per_second`` a second, handing the loop back meanwhile."""

    def __init__(self, per_second: int | None) -> None:
        self.budget = per_second * _SLICE_S if per_second else None
        self.spent = 0.0
        self.turns = 0
        self.slice_started = time.monotonic()

    async def spend(self, units: int) -> None:
        self.turns += 1
        if self.budget is None:
            if self.turns % _RECORDS_PER_TURN == 0:
                await asyncio.sleep(0)
            return
        self.spent += units
        if self.spent >= self.budget:
            await asyncio.sleep(max(self.slice_started + _SLICE_S - time.monotonic(), 0))
            self.spent -= self.budget
            self.slice_started = time.monotonic()


class Usage:
    """BulkOperationUsage: the bytes put in the table and in each index the items reached (an
    index's share is the item as it projects it; a vector index's, the vector's float32s)."""

    def __init__(self) -> None:
        self.table = 0
        self.indexes: dict[str, dict[str, int]] = {"GlobalSecondaryIndexes": {}, "LocalSecondaryIndexes": {}}
        self.vectors: dict[str, int] = {}

    def count(self, table: Table, item: Item, size: int) -> None:
        self.table += size
        for index in table.indexes.values():
            if index.position(item) is not None:
                group = self.indexes["GlobalSecondaryIndexes" if index.is_global else "LocalSecondaryIndexes"]
                group[index.name] = group.get(index.name, 0) + item_size(index.project(item))
        for vector in table.vector_indexes.values():
            if vector.attribute in item:
                self.vectors[vector.name] = self.vectors.get(vector.name, 0) + 4 * vector.dimensions

    def described(self, table_name: str) -> Params:
        out: Params = {
            "TableName": table_name,
            "BulkPutBytes": self.table + sum(sum(group.values()) for group in self.indexes.values()),
            "Table": {"BulkPutBytes": self.table},
        }
        for key, group in self.indexes.items():
            if group:
                out[key] = {name: {"BulkPutBytes": n} for name, n in group.items()}
        if self.vectors:
            out["VectorIndexes"] = {name: {"BulkPutVectorBytes": n} for name, n in self.vectors.items()}
        return out


def start_run(provider: Any, ctx: Any, catalog: BackupCatalog, description: Params) -> None:
    run = BulkRun()
    catalog.bulk_runs[description["BulkOperationArn"]] = run
    worker = _Worker(provider, ctx, catalog, description, run)
    run.task = asyncio.get_running_loop().create_task(worker.run())


class _Worker:
    def __init__(self, provider: Any, ctx: Any, catalog: BackupCatalog, description: Params, run: BulkRun) -> None:
        self.provider = provider
        self.catalog = catalog
        self.description = description
        self.run_state = run
        self.table_name = description["TableDetails"][0]["TableName"]
        self.table_id = description["TableDetails"][0]["TableId"]
        self.put_context = RequestContext(ctx.region, "dynamodb", "PutItem", ctx.account_id)
        self.report = Report(set(description["OutputS3Configuration"]["OutputType"]))
        self.pacer = Pacer(description.get("MaxWriteRequestUnits"))
        self.usage = Usage()

    async def run(self) -> None:
        try:
            failure = await self._load()
        except Exception:  # the operation fails, the server goes on
            log.exception("bulk operation %s failed", self.description["BulkOperationArn"])
            failure = INTERNAL
        await self._finish(failure)

    async def _load(self) -> tuple[str, str] | None:
        source = self.description["InputS3Configuration"]
        bucket = s3_root(self.provider) / source["S3Bucket"]
        if not bucket.is_dir():
            return NO_SUCH_BUCKET
        objects = await asyncio.to_thread(objects_under, bucket, source.get("S3KeyPrefix", ""))
        self.description["TotalInputBytes"] = sum(found.size for found in objects)
        for found in objects:
            if self.run_state.cancelling:
                return CANCELLED
            size, found_records = await asyncio.to_thread(_read, found, source)
            self.description["ProcessedInputBytes"] += size
            if found_records is None:
                self._failed(found.key, None, "ValidationException", "The object is not valid for its compression type")
                continue
            for record in found_records:
                if self.run_state.cancelling:
                    return CANCELLED
                table = self._table()
                if table is None:
                    return TABLE_GONE
                await self.pacer.spend(self._put(table, found.key, record))
        return CANCELLED if self.run_state.cancelling else None

    def _table(self) -> Table | None:
        """The operation's table, unless it was deleted (or deleted and made again)."""
        table = self.provider.store.find(self.put_context.region, self.table_name)
        return table if table is not None and table.active and table.table_id == self.table_id else None

    def _put(self, table: Table, key: str, record: Record) -> int:
        """Put one record's item; the write units it cost."""
        problem = _record_problem(record)
        if problem is not None:
            self._failed(key, record, "ValidationException", problem)
            return 0
        params = {"TableName": self.table_name, **record.value, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}
        self.description["ProcessedItemCount"] += 1
        try:
            self.provider.put_item(self.put_context, params)
        except ConditionalCheckFailedException as error:
            self.report.condition_failed(key, record, record.value["Item"], error.fields.get("Item"))
            return 1
        except AwsError as error:
            self.description["FailedItemCount"] += 1
            self.report.error(key, record, error.error_code, error.message or "")
            return 0
        item = record.value["Item"]
        size = item_size(item)
        self.usage.count(table, item, size)
        self.description["BulkOperationUsage"] = [self.usage.described(self.table_name)]
        return max(1, math.ceil(size / 1024))

    def _failed(self, key: str, record: Record | None, code: str, message: str) -> None:
        self.description["ProcessedItemCount"] += 1
        self.description["FailedItemCount"] += 1
        self.report.error(key, record, code, message)

    async def _finish(self, failure: tuple[str, str] | None) -> None:
        description = self.description
        if failure is None:
            description["BulkOperationStatus"] = "COMPLETED_WITH_ERRORS" if description["FailedItemCount"] else "COMPLETED"
        else:
            description["BulkOperationStatus"] = "CANCELLED" if failure is CANCELLED else "FAILED"
            description["FailureCode"], description["FailureMessage"] = failure
        description["EndTime"] = time.time()
        output = description["OutputS3Configuration"]
        if output.get("S3Bucket"):
            root = s3_root(self.provider)
            await asyncio.to_thread(self.report.write, root, description)
        arn = description["BulkOperationArn"]
        self.catalog.bulk_runs.pop(arn, None)
        if self.catalog.bulk.get(arn) is description:  # not dropped by a reset meanwhile
            self.catalog.journal(["backups", "bulk", description])


def _read(found: S3Object, source: Params) -> tuple[int, list[Record] | None]:
    """The bytes of an object and its records (None if it does not decompress)."""
    raw = found.path.read_bytes()
    text = object_text(raw, source["InputCompressionType"])
    return len(raw), None if text is None else list(records(text, source["InputFormat"]))


def _record_problem(record: Record) -> str | None:
    """Why a record is not a ``{"Item": ...}`` object with an optional condition, if it is not."""
    if record.value is None:
        return "The record could not be parsed"
    if not isinstance(record.value, dict):
        return "The record is not a structure"
    if not record.value.get("Item"):
        return "The record has no Item"
    for member, value in record.value.items():
        expected = RECORD_MEMBERS.get(member)
        if expected is None:
            return f"The record has an unexpected member: {member}"
        if not isinstance(value, expected):
            return f"The record's {member} is not a {'structure' if expected is dict else 'string'}"
    names = record.value.get("ExpressionAttributeNames", {})
    if not all(isinstance(name, str) for name in names.values()):
        return "The record's ExpressionAttributeNames are not all strings"
    return None
