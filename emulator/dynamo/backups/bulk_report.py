"""The report a bulk put writes to its output bucket: the records it could not write.

AWS documents the report's two kinds (``OutputType``: ``ERROR`` for malformed or invalid
records and objects, ``CONDITION_CHECK_FAILURE`` for items whose condition failed, with the
existing item) and a manifest, not the objects' exact names and fields. The emulator writes,
as exports lay out theirs, under ``<bucket>/<prefix>/AWSDynamoDB/<operation id>/``:

- ``errors.json`` and ``condition-check-failures.json``: one JSON object a line, each naming
  the input object (``s3Key``) and line (``lineNumber``), with the error's ``errorCode`` and
  ``errorMessage`` and the record's text, or the ``attemptedItem`` and ``existingItem``;
- ``manifest-summary.json``: the operation's outcome and counters and the report files.

A kind the start request did not ask for is counted but not written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..changes import Item
from .exports import iso_time
from .s3_objects import Record

Params = dict[str, Any]
_FILES = {"ERROR": "errors.json", "CONDITION_CHECK_FAILURE": "condition-check-failures.json"}


@dataclass
class Report:
    wanted: set[str]
    lines: dict[str, list[bytes]] = field(default_factory=lambda: {kind: [] for kind in _FILES})
    condition_failures: int = 0

    def error(self, key: str, record: Record | None, code: str, message: str) -> None:
        if "ERROR" in self.wanted:
            entry: Params = {"s3Key": key, "errorCode": code, "errorMessage": message}
            if record is not None:
                entry |= {"lineNumber": record.line, "record": record.text}
            self.lines["ERROR"].append(orjson.dumps(entry))

    def condition_failed(self, key: str, record: Record, attempted: Item, existing: Item | None) -> None:
        self.condition_failures += 1
        if "CONDITION_CHECK_FAILURE" in self.wanted:
            entry: Params = {"s3Key": key, "lineNumber": record.line, "attemptedItem": attempted}
            if existing is not None:
                entry["existingItem"] = existing
            self.lines["CONDITION_CHECK_FAILURE"].append(orjson.dumps(entry))

    def write(self, root: Path, description: Params) -> None:
        output = description["OutputS3Configuration"]
        operation_id = description["BulkOperationArn"].rsplit("/", 1)[-1]
        prefix = output.get("S3KeyPrefix", "").strip("/")
        folder_key = "/".join(part for part in (prefix, "AWSDynamoDB", operation_id) if part)
        folder = root / output["S3Bucket"] / folder_key
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        for kind, lines in self.lines.items():
            if lines:
                (folder / _FILES[kind]).write_bytes(b"\n".join(lines) + b"\n")
                files.append({"outputType": kind, "s3Key": f"{folder_key}/{_FILES[kind]}", "recordCount": len(lines)})
        summary = {
            "bulkOperationArn": description["BulkOperationArn"],
            "tableName": description["TableDetails"][0]["TableName"],
            "status": description["BulkOperationStatus"],
            "startTime": iso_time(description["StartTime"]),
            "endTime": iso_time(description["EndTime"]),
            "processedItemCount": description["ProcessedItemCount"],
            "failedItemCount": description["FailedItemCount"],
            "conditionCheckFailureCount": self.condition_failures,
            "reportFiles": files,
        }
        (folder / "manifest-summary.json").write_bytes(orjson.dumps(summary, option=orjson.OPT_INDENT_2))
