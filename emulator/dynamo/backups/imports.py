"""ImportTable, DescribeImport, ListImports: a new table from the DynamoDB JSON files of a bucket.

Buckets are the folders of ``exports.s3_root``. As AWS does (moto's aws_verified
test_dynamodb_import_table.py): every object under the key prefix is read, whatever its name,
as a stream of ``{"Item": ...}`` objects (one per line or run together); a missing bucket fails
the import without creating the table; any bad object or item fails it after the good items
are written. An export's own bookkeeping files (``_started``, manifests, ``.md5``) are skipped,
so an export folder imports as it is.
"""

from __future__ import annotations

import gzip
import json
import time
import uuid
from pathlib import Path
from typing import Any

from ...aws.arns import build_arn
from ...aws.errors import ValidationException
from ..changes import Item
from ..operations.common import check_name
from ..operations.table_checks import check_create_table
from ..operations.tables import create_table
from .catalog import catalog_of
from .errors import ImportNotFoundException
from .exports import s3_root

Params = dict[str, Any]
NO_SUCH_BUCKET = "The specified bucket does not exist"
_BOOKKEEPING = ("_started", "manifest-files.json", "manifest-summary.json")
#: Reads one value of a stream (orjson reads whole documents only).
_DECODER = json.JSONDecoder()


def import_table(provider: Any, ctx: Any, params: Params) -> Params:
    if params["InputFormat"] != "DYNAMODB_JSON":
        raise ValidationException("The emulator imports DYNAMODB_JSON only")
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
    items, errors, processed_bytes = _read_items(bucket, source.get("S3KeyPrefix", ""), compression)
    description = create_table(provider, ctx, creation)["TableDescription"]
    table = provider.store.find(ctx.region, creation["TableName"])
    imported = 0
    for item in items:
        try:
            h, s = table.keys.item_key(item)
        except ValidationException:
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
        "InputFormat": "DYNAMODB_JSON",
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


def _read_items(bucket: Path, prefix: str, compression: str) -> tuple[list[Item], int, int]:
    """The items of every object under the prefix, the count of bad objects and items, and
    the bytes read."""
    items: list[Item] = []
    errors = processed = 0
    for path in sorted(bucket.rglob("*")):
        key = path.relative_to(bucket).as_posix()
        if not path.is_file() or not key.startswith(prefix) or _is_bookkeeping(path.name):
            continue
        raw = path.read_bytes()
        processed += len(raw)
        try:
            text = (gzip.decompress(raw) if compression == "GZIP" else raw).decode()
        except (OSError, EOFError, UnicodeDecodeError):
            errors += 1
            continue
        found, bad = _objects(text)
        items += found
        errors += bad
    return items, errors, processed


def _is_bookkeeping(name: str) -> bool:
    return name in _BOOKKEEPING or name.endswith(".md5")


def _objects(text: str) -> tuple[list[Item], int]:
    """The items of a stream of ``{"Item": ...}`` JSON objects, and how many were bad (the
    rest of the text counts as one bad object once it stops parsing)."""
    items: list[Item] = []
    bad = 0
    position, end = 0, len(text)
    while True:
        while position < end and text[position].isspace():
            position += 1
        if position == end:
            return items, bad
        found, position = _next_object(text, position)
        if found is None:
            return items, bad + 1
        item = found.get("Item") if isinstance(found, dict) else None
        if isinstance(item, dict) and item:
            items.append(item)
        else:
            bad += 1


def _next_object(text: str, start: int) -> tuple[Any, int]:
    """The JSON value at ``start`` and the position after it; (None, end) if there is none."""
    try:
        return _DECODER.raw_decode(text, start)
    except ValueError:
        return None, len(text)


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
