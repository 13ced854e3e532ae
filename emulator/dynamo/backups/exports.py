"""ExportTableToPointInTime, DescribeExport, ListExports, ImportTable, DescribeImport, ListImports.

"S3" is a local folder: ``<root>/<bucket>/<prefix>/AWSDynamoDB/<export id>/``
holding what AWS writes there: ``_started``, ``data/<name>.json.gz`` (one
``{"Item": ...}`` per line, DynamoDB JSON), ``manifest-files.json``,
``manifest-summary.json`` and their ``.md5`` files. The root is ``s3/`` in
the data directory (a temporary folder with ``--in-memory``). Exports are
written by a worker thread; ImportTable reads every data file under a prefix.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from ...aws.errors import ValidationException
from ..changes import Item
from ..operations.tables import create_table
from ..values import item_size
from .catalog import BackupCatalog, catalog_of
from .errors import ExportNotFoundException, ImportNotFoundException, InvalidExportTimeException
from .point_in_time import restore_moment
from .restoring import source_table

Params = dict[str, Any]
MANIFEST_VERSION = "2020-06-30"


def export_table_to_point_in_time(provider: Any, ctx: Any, params: Params) -> Params:
    table = source_table(provider, ctx.region, params["TableArn"], named_by_arn=True)
    if params.get("ExportFormat", "DYNAMODB_JSON") != "DYNAMODB_JSON":
        raise ValidationException("The emulator exports DYNAMODB_JSON only")
    if params.get("ExportType", "FULL_EXPORT") != "FULL_EXPORT":
        raise ValidationException("The emulator supports FULL_EXPORT only")
    catalog = catalog_of(provider)
    moment = restore_moment(catalog, table, params.get("ExportTime"), None, InvalidExportTimeException, "export")
    items = catalog.pitr[(table.region, table.name)].items_at(moment)
    now = time.time()
    export_id = f"{int(now * 1000):014d}-{uuid.uuid4().hex[:8]}"
    prefix = params.get("S3Prefix", "")
    folder_key = "/".join(part for part in (prefix.strip("/"), "AWSDynamoDB", export_id) if part)
    description: Params = {
        "ExportArn": f"{table.arn}/export/{export_id}",
        "ExportStatus": "IN_PROGRESS",
        "StartTime": now,
        "TableArn": table.arn,
        "TableId": table.table_id,
        "ExportTime": moment,
        "ClientToken": params.get("ClientToken") or str(uuid.uuid4()),
        "S3Bucket": params["S3Bucket"],
        "S3SseAlgorithm": params.get("S3SseAlgorithm", "AES256"),
        "ExportFormat": "DYNAMODB_JSON",
        "ExportType": "FULL_EXPORT",
        "ExportManifest": f"{folder_key}/manifest-summary.json",
    }
    if prefix:
        description["S3Prefix"] = prefix
    catalog.exports[description["ExportArn"]] = description
    loop = asyncio.get_running_loop()
    root = s3_root(provider)

    def write() -> None:
        finished = _write_export(root, folder_key, description, items)
        loop.call_soon_threadsafe(_export_finished, catalog, description, finished)

    threading.Thread(target=write, name=f"export-{export_id}", daemon=True).start()
    return {"ExportDescription": dict(description)}


def _export_finished(catalog: BackupCatalog, description: Params, finished: Params) -> None:
    description.update(finished)
    catalog.journal(["backups", "export", description])


def _write_export(root: Path, folder_key: str, description: Params, items: list[Item]) -> Params:
    bucket = root / description["S3Bucket"]
    folder = bucket / folder_key
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "_started").write_bytes(b"")
    data_key = f"{folder_key}/data/{uuid.uuid4().hex}.json.gz"
    lines = b"".join(orjson.dumps({"Item": item}) + b"\n" for item in items)
    compressed = gzip.compress(lines)
    (bucket / data_key).write_bytes(compressed)
    size = sum(item_size(item) for item in items)
    files_line = orjson.dumps({
        "itemCount": len(items),
        "md5Checksum": _md5_base64(compressed),
        "etag": hashlib.md5(compressed, usedforsecurity=False).hexdigest(),
        "dataFileS3Key": data_key,
    }) + b"\n"
    _write_with_md5(folder / "manifest-files.json", files_line)
    end = time.time()
    summary = {
        "version": MANIFEST_VERSION,
        "exportArn": description["ExportArn"],
        "startTime": _iso(description["StartTime"]),
        "endTime": _iso(end),
        "tableArn": description["TableArn"],
        "tableId": description["TableId"],
        "exportTime": _iso(description["ExportTime"]),
        "s3Bucket": description["S3Bucket"],
        "s3Prefix": description.get("S3Prefix"),
        "s3SseAlgorithm": description["S3SseAlgorithm"],
        "s3SseKmsKeyId": None,
        "manifestFilesS3Key": f"{folder_key}/manifest-files.json",
        "billedSizeBytes": size,
        "itemCount": len(items),
        "outputFormat": "DYNAMODB_JSON",
        "exportType": "FULL_EXPORT",
    }
    _write_with_md5(folder / "manifest-summary.json", orjson.dumps(summary))
    return {"ExportStatus": "COMPLETED", "EndTime": end, "BilledSizeBytes": size, "ItemCount": len(items)}


def _write_with_md5(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    path.with_suffix(".md5").write_text(_md5_base64(content))


def _md5_base64(content: bytes) -> str:
    return base64.b64encode(hashlib.md5(content, usedforsecurity=False).digest()).decode()


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def describe_export(provider: Any, ctx: Any, params: Params) -> Params:
    description = catalog_of(provider).exports.get(params["ExportArn"])
    if description is None:
        raise ExportNotFoundException(f"Export not found: {params['ExportArn']}")
    return {"ExportDescription": description}


def list_exports(provider: Any, ctx: Any, params: Params) -> Params:
    wanted = params.get("TableArn")
    exports = [
        e for e in catalog_of(provider).exports.values()
        if (wanted is None or e["TableArn"] == wanted) and e["TableArn"].split(":")[3] == ctx.region
    ]
    return {
        "ExportSummaries": [
            {"ExportArn": e["ExportArn"], "ExportStatus": e["ExportStatus"], "ExportType": e["ExportType"]}
            for e in exports
        ]
    }


def s3_root(provider: Any) -> Path:
    """Where buckets are folders: in the data directory, or a temporary one when in memory."""
    settings = provider.settings
    if not settings.in_memory:
        return Path(settings.data_dir) / "s3"
    catalog = catalog_of(provider)
    if catalog.scratch is None:
        catalog.scratch = Path(tempfile.mkdtemp(prefix="emulator-s3-"))
    return catalog.scratch


def import_table(provider: Any, ctx: Any, params: Params) -> Params:
    if params["InputFormat"] != "DYNAMODB_JSON":
        raise ValidationException("The emulator imports DYNAMODB_JSON only")
    compression = params.get("InputCompressionType", "NONE")
    if compression == "ZSTD":
        raise ValidationException("The emulator imports GZIP or uncompressed files only")
    source = params["S3BucketSource"]
    creation = params["TableCreationParameters"]
    started = time.time()
    items, errors, processed_bytes = _read_items(
        s3_root(provider) / source["S3Bucket"], source.get("S3KeyPrefix", ""), compression
    )
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
    import_id = f"{int(started * 1000):014d}-{uuid.uuid4().hex[:8]}"
    result: Params = {
        "ImportArn": f"{description['TableArn']}/import/{import_id}",
        "ImportStatus": "COMPLETED",
        "TableArn": description["TableArn"],
        "TableId": description["TableId"],
        "ClientToken": params.get("ClientToken") or str(uuid.uuid4()),
        "S3BucketSource": source,
        "ErrorCount": errors,
        "InputFormat": "DYNAMODB_JSON",
        "InputCompressionType": compression,
        "TableCreationParameters": creation,
        "StartTime": started,
        "EndTime": time.time(),
        "ProcessedSizeBytes": processed_bytes,
        "ProcessedItemCount": imported + errors,
        "ImportedItemCount": imported,
    }
    catalog = catalog_of(provider)
    catalog.imports[result["ImportArn"]] = result
    catalog.journal(["backups", "import", result])
    return {"ImportTableDescription": result}


def _read_items(bucket: Path, prefix: str, compression: str) -> tuple[list[Item], int, int]:
    """Every ``{"Item": ...}`` line of the data files under the prefix; bad lines are counted."""
    items: list[Item] = []
    errors = processed = 0
    suffix = ".gz" if compression == "GZIP" else ".json"
    for path in sorted(bucket.rglob("*")):
        key = path.relative_to(bucket).as_posix()
        if not path.is_file() or not key.startswith(prefix) or not path.name.endswith(suffix):
            continue
        if path.name.startswith("manifest-"):
            continue
        raw = path.read_bytes()
        processed += len(raw)
        text = gzip.decompress(raw) if compression == "GZIP" else raw
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                items.append(orjson.loads(line)["Item"])
            except (orjson.JSONDecodeError, KeyError, TypeError):
                errors += 1
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
