"""ExportTableToPointInTime, DescribeExport, ListExports (ImportTable reads such files: ``imports.py``).

"S3" is a local folder: ``<root>/<bucket>/<prefix>/AWSDynamoDB/<export id>/``
holding what AWS writes there: ``_started``, ``data/<name>.json.gz`` (one
``{"Item": ...}`` per line, DynamoDB JSON), ``manifest-files.json``,
``manifest-summary.json`` and their ``.md5`` files. The root is ``s3/`` in
the data directory (a temporary folder with ``--in-memory``). Exports are
written by a worker thread; an export creates its bucket's folder.
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
from ..values import item_size
from .catalog import BackupCatalog, catalog_of
from .errors import ExportNotFoundException, InvalidExportTimeException
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
        "startTime": iso_time(description["StartTime"]),
        "endTime": iso_time(end),
        "tableArn": description["TableArn"],
        "tableId": description["TableId"],
        "exportTime": iso_time(description["ExportTime"]),
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


def iso_time(at: float) -> str:
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
