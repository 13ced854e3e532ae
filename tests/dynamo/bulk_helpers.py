"""Helpers for the bulk put tests: an emulator whose S3 is a folder the test can write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

TERMINAL = {"COMPLETED", "COMPLETED_WITH_ERRORS", "CANCELLED", "FAILED"}
OUTPUT = {"S3Bucket": "reports", "OutputType": ["ERROR", "CONDITION_CHECK_FAILURE"]}


class BulkEmulator:
    """An emulator with a data directory, whose ``s3`` folder holds the buckets."""

    def __init__(self, process: EmulatorProcess, data: Path) -> None:
        self.process = process
        self.data = data
        self.dynamodb = process.client("dynamodb")

    @property
    def s3(self) -> Path:
        return self.data / "s3"

    def put_object(self, bucket: str, key: str, body: bytes) -> None:
        path = self.s3 / bucket / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)

    def start(self, table: str, bucket: str, **extra: Any) -> dict[str, Any]:
        source = {"S3Bucket": bucket, "InputFormat": "DYNAMODB_JSON", **extra.pop("source", {})}
        return dict(self.dynamodb.start_bulk_put_items(
            TableName=table, InputS3Configuration=source, OutputS3Configuration=extra.pop("output", OUTPUT), **extra,
        )["BulkOperationDescription"])

    def describe(self, arn: str) -> dict[str, Any]:
        return dict(self.dynamodb.describe_bulk_operation(BulkOperationArn=arn)["BulkOperationDescription"])

    def finished(self, arn: str) -> dict[str, Any]:
        """The description once the operation reached a terminal status."""
        return wait_until(lambda: (d := self.describe(arn))["BulkOperationStatus"] in TERMINAL and d, timeout=60)  # type: ignore[no-any-return]

    def report(self, description: dict[str, Any], name: str) -> list[dict[str, Any]]:
        operation_id = description["BulkOperationArn"].rsplit("/", 1)[-1]
        path = self.s3 / "reports" / "AWSDynamoDB" / operation_id / name
        return [json.loads(line) for line in path.read_text().splitlines()]

    def keys(self, table: str) -> list[str]:
        return sorted(i["pk"]["S"] for i in self.dynamodb.scan(TableName=table)["Items"])


def lines(*records: Any) -> bytes:
    """JSON Lines of the records (text as is)."""
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode()


def item(pk: str, **attributes: Any) -> dict[str, Any]:
    return {"Item": {"pk": {"S": pk}, **attributes}}
