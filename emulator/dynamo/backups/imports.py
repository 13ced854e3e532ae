"""ImportTable, DescribeImport, ListImports: a new table from the DynamoDB JSON files of a bucket.

Buckets are the folders of ``exports.s3_root``, read by ``s3_objects``. As AWS does (moto's
aws_verified test_dynamodb_import_table.py): every object under the key prefix is read as a
stream of ``{"Item": ...}`` records (DynamoDB JSON or Ion); a missing bucket fails the import without creating the
table; any bad object or record fails it after the good items are written.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from ...aws.arns import build_arn
from ...aws.errors import AwsError, ValidationException
from ..changes import Item
from ..operations.common import check_name
from ..operations.table_checks import check_create_table
from ..operations.tables import create_table
from ..operations.writes import check_item, normalized
from .catalog import catalog_of
from .errors import ImportNotFoundException
from .exports import s3_root
from .s3_objects import item_of, object_text, objects_under, records

Params = dict[str, Any]
NO_SUCH_BUCKET = "The specified bucket does not exist"


def import_table(provider: Any, ctx: Any, params: Params) -> Params:
    if params["InputFormat"] == "CSV":
        raise ValidationException("The emulator imports DYNAMODB_JSON or ION only")
    compression = params.get("InputCompressionType", "NONE")
    if compression == "ZSTD":
        raise ValidationException("The emulator imports GZIP or uncompressed files only")
    source = params["S3BucketSource"]
    creation = params["TableCreationParameters"]
    started = time.time()
    bucket = s3_root(provider) / source["S3Bucket"]
    if not bucket.is_dir():
        _check_creation(creation)
        arn = build_arn("dynamodb", ctx.region, ctx.account_id, f"table/{creation['TableName']}")
        failed = {"ImportStatus": "FAILED", "FailureCode": "S3NoSuchBucket", "FailureMessage": NO_SUCH_BUCKET}
        return _record(provider, params, arn, None, started, failed, (0, 0, 0))
    items, errors, processed_bytes = _read_items(bucket, source.get("S3KeyPrefix", ""), compression, params["InputFormat"])
    description = create_table(provider, ctx, creation)["TableDescription"]
    table = provider.store.find(ctx.region, creation["TableName"])
    imported = 0
    for raw in items:
        try:  # an item is checked as PutItem checks it, numbers made canonical
            item = normalized(raw)
            h, s = table.keys.item_key(item)
            check_item(table, item)
        except AwsError:
            errors += 1
            continue
        provider.store.write(table, h, s, table.get(h, s), item)
        imported += 1
    status = {"ImportStatus": "FAILED" if errors else "COMPLETED"}
    counts = (errors, imported, processed_bytes)
    return _record(provider, params, description["TableArn"], description["TableId"], started, status, counts)


def _check_creation(creation: Params) -> None:
    """CreateTable's checks, for an import that fails before it creates the table."""
    check_name(creation["TableName"], arn_allowed=False)
    message = check_create_table(creation)
    if message:
        raise ValidationException(message)


def _record(
    provider: Any, params: Params, table_arn: str, table_id: str | None, started: float,
    status: Params, counts: tuple[int, int, int],
) -> Params:
    errors, imported, processed_bytes = counts
    import_id = f"{int(started * 1000):014d}-{uuid.uuid4().hex[:8]}"
    result: Params = {
        "ImportArn": f"{table_arn}/import/{import_id}",
        **status,
        "TableArn": table_arn,
        "ClientToken": params.get("ClientToken") or str(uuid.uuid4()),
        "S3BucketSource": params["S3BucketSource"],
        "ErrorCount": errors,
        "InputFormat": params["InputFormat"],
        "InputCompressionType": params.get("InputCompressionType", "NONE"),
        "TableCreationParameters": params["TableCreationParameters"],
        "StartTime": started,
        "EndTime": time.time(),
        "ProcessedSizeBytes": processed_bytes,
        "ProcessedItemCount": imported + errors,
        "ImportedItemCount": imported,
    }
    if table_id is not None:
        result["TableId"] = table_id
    catalog = catalog_of(provider)
    catalog.imports[result["ImportArn"]] = result
    catalog.journal(["backups", "import", result])
    return {"ImportTableDescription": result}


def _read_items(bucket: Path, prefix: str, compression: str, input_format: str) -> tuple[list[Item], int, int]:
    """The items of every object under the prefix, the count of bad objects and records, and
    the bytes read."""
    items: list[Item] = []
    errors = processed = 0
    for found in objects_under(bucket, prefix):
        raw = found.path.read_bytes()
        processed += len(raw)
        text = object_text(raw, compression)
        if text is None:
            errors += 1
            continue
        for record in records(text, input_format):
            item = item_of(record)
            if item is None:
                errors += 1
            else:
                items.append(item)
    return items, errors, processed


def describe_import(provider: Any, ctx: Any, params: Params) -> Params:
    description = catalog_of(provider).imports.get(params["ImportArn"])
    if description is None:
        raise ImportNotFoundException(f"Import not found: {params['ImportArn']}")
    return {"ImportTableDescription": description}


def list_imports(provider: Any, ctx: Any, params: Params) -> Params:
    wanted = params.get("TableArn")
    keys = ("ImportArn", "ImportStatus", "TableArn", "S3BucketSource", "InputFormat", "StartTime", "EndTime")
    return {
        "ImportSummaryList": [
            {key: i[key] for key in keys}
            for i in catalog_of(provider).imports.values()
            if wanted is None or i["TableArn"] == wanted
        ]
    }
