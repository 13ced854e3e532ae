"""Backups, point-in-time recovery, export and import on a real provider, in process.

These drive the operation functions of ``emulator.dynamo.backups`` with the
DynamoDB provider they will be delegated from (the provider's one-line
delegations are pending), through the same params and results as the wire.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from emulator import config
from emulator.aws.context import RequestContext
from emulator.dynamo import backups
from emulator.dynamo.backups.errors import (
    BackupNotFoundException,
    InvalidRestoreTimeException,
    PointInTimeRecoveryUnavailableException,
    TableAlreadyExistsException,
    TableNotFoundException,
)
from emulator.dynamo.provider import DynamoDBProvider
from emulator.dynamo.streams_provider import DynamoDBStreamsProvider

CTX = RequestContext(region="us-east-1")


def run(scenario: Callable[[DynamoDBProvider], Awaitable[None]], crash: bool = False, **settings: Any) -> None:
    """Run a scenario on a started provider pair (as the app starts them), then stop them.

    ``crash`` leaves without the final snapshot, so the next start replays the log.
    """

    async def main() -> None:
        dynamodb = DynamoDBProvider(config.Settings(**{"in_memory": True, **settings}))
        streams = DynamoDBStreamsProvider(dynamodb)
        await streams.start()
        try:
            await scenario(dynamodb)
        finally:
            if crash and streams.persistence is not None:
                streams.persistence.close(final_snapshot=False)
                streams.persistence = None
            await streams.stop()

    asyncio.run(main())


def create_table(dynamodb: DynamoDBProvider, name: str = "music") -> dict[str, Any]:
    return dynamodb.create_table(CTX, {
        "TableName": name,
        "KeySchema": [{"AttributeName": "artist", "KeyType": "HASH"}, {"AttributeName": "song", "KeyType": "RANGE"}],
        "AttributeDefinitions": [
            {"AttributeName": "artist", "AttributeType": "S"},
            {"AttributeName": "song", "AttributeType": "S"},
            {"AttributeName": "year", "AttributeType": "N"},
        ],
        "GlobalSecondaryIndexes": [{
            "IndexName": "by-year",
            "KeySchema": [{"AttributeName": "year", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
        "BillingMode": "PAY_PER_REQUEST",
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
    })["TableDescription"]


def put(dynamodb: DynamoDBProvider, n: int, year: int = 2000, table: str = "music") -> None:
    item = {"artist": {"S": "band"}, "song": {"S": f"song-{n}"}, "year": {"N": str(year)}}
    dynamodb.put_item(CTX, {"TableName": table, "Item": item})


def songs(dynamodb: DynamoDBProvider, table: str) -> list[str]:
    return sorted(i["song"]["S"] for i in dynamodb.scan(CTX, {"TableName": table})["Items"])


def test_backup_lifecycle_and_restore_with_indexes() -> None:
    async def scenario(dynamodb: DynamoDBProvider) -> None:
        create_table(dynamodb)
        for n in range(3):
            put(dynamodb, n)
        details = backups.create_backup(dynamodb, CTX, {"TableName": "music", "BackupName": "nightly"})["BackupDetails"]
        assert details["BackupStatus"] == "AVAILABLE" and details["BackupType"] == "USER"
        assert details["BackupArn"].startswith("arn:aws:dynamodb:us-east-1:000000000000:table/music/backup/")
        put(dynamodb, 9)

        arn = {"BackupArn": details["BackupArn"]}
        description = backups.describe_backup(dynamodb, CTX, arn)["BackupDescription"]
        assert description["SourceTableDetails"]["ItemCount"] == 3
        indexes = description["SourceTableFeatureDetails"]["GlobalSecondaryIndexes"]
        assert [i["IndexName"] for i in indexes] == ["by-year"]
        (summary,) = backups.list_backups(dynamodb, CTX, {"TableName": "music"})["BackupSummaries"]
        assert summary["BackupArn"] == details["BackupArn"] and summary["BackupName"] == "nightly"

        restored = backups.restore_table_from_backup(dynamodb, CTX, {"TargetTableName": "music-copy", **arn})
        table = restored["TableDescription"]
        assert table["TableName"] == "music-copy"
        assert table["RestoreSummary"]["SourceBackupArn"] == details["BackupArn"]
        assert "StreamSpecification" not in table  # stream settings are not restored, as on AWS
        assert songs(dynamodb, "music-copy") == ["song-0", "song-1", "song-2"]
        by_year = dynamodb.query(CTX, {
            "TableName": "music-copy", "IndexName": "by-year", "KeyConditionExpression": "#y = :y",
            "ExpressionAttributeNames": {"#y": "year"}, "ExpressionAttributeValues": {":y": {"N": "2000"}},
        })
        assert by_year["Count"] == 3

        with pytest.raises(TableAlreadyExistsException, match="Table already exists: music"):
            backups.restore_table_from_backup(dynamodb, CTX, {"TargetTableName": "music", **arn})
        deleted = backups.delete_backup(dynamodb, CTX, arn)["BackupDescription"]
        assert deleted["BackupDetails"]["BackupStatus"] == "DELETED"
        assert backups.list_backups(dynamodb, CTX, {})["BackupSummaries"] == []
        with pytest.raises(BackupNotFoundException):
            backups.describe_backup(dynamodb, CTX, arn)
        with pytest.raises(TableNotFoundException, match="^Table not found: absent$"):
            backups.create_backup(dynamodb, CTX, {"TableName": "absent", "BackupName": "nightly"})

    run(scenario)


def test_point_in_time_restore() -> None:
    async def scenario(dynamodb: DynamoDBProvider) -> None:
        create_table(dynamodb)
        described = backups.describe_continuous_backups(dynamodb, CTX, {"TableName": "music"})
        assert described["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"] == {
            "PointInTimeRecoveryStatus": "DISABLED"
        }
        latest = {"SourceTableName": "music", "TargetTableName": "then", "UseLatestRestorableTime": True}
        with pytest.raises(PointInTimeRecoveryUnavailableException):
            backups.restore_table_to_point_in_time(dynamodb, CTX, latest)

        put(dynamodb, 0)
        enabled = backups.update_continuous_backups(dynamodb, CTX, {
            "TableName": "music", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        })["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        assert enabled["PointInTimeRecoveryStatus"] == "ENABLED" and enabled["RecoveryPeriodInDays"] == 35
        put(dynamodb, 1)
        await asyncio.sleep(0.02)
        moment = time.time()
        await asyncio.sleep(0.02)
        dynamodb.delete_item(CTX, {"TableName": "music", "Key": {"artist": {"S": "band"}, "song": {"S": "song-0"}}})
        put(dynamodb, 2)

        window = backups.describe_continuous_backups(dynamodb, CTX, {"TableName": "music"})
        recovery = window["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        assert recovery["EarliestRestorableDateTime"] <= moment <= recovery["LatestRestorableDateTime"]

        restore = {"SourceTableName": "music", "TargetTableName": "then", "RestoreDateTime": moment}
        backups.restore_table_to_point_in_time(dynamodb, CTX, restore)
        assert songs(dynamodb, "then") == ["song-0", "song-1"]
        backups.restore_table_to_point_in_time(dynamodb, CTX, {**latest, "TargetTableName": "now"})
        assert songs(dynamodb, "now") == ["song-1", "song-2"]
        with pytest.raises(InvalidRestoreTimeException):
            backups.restore_table_to_point_in_time(dynamodb, CTX, {**restore, "RestoreDateTime": moment - 3600})

    run(scenario)


def test_export_layout_import_and_restarts(tmp_path: Path) -> None:
    found: dict[str, Any] = {}

    async def before(dynamodb: DynamoDBProvider) -> None:
        table = create_table(dynamodb)
        for n in range(4):
            put(dynamodb, n, 1990 + n)
        backups.update_continuous_backups(dynamodb, CTX, {
            "TableName": "music", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        })
        export = backups.export_table_to_point_in_time(dynamodb, CTX, {
            "TableArn": table["TableArn"], "S3Bucket": "exports", "S3Prefix": "daily",
        })["ExportDescription"]
        assert export["ExportStatus"] == "IN_PROGRESS"
        arn = found["export"] = export["ExportArn"]
        for _ in range(200):
            done = backups.describe_export(dynamodb, CTX, {"ExportArn": arn})["ExportDescription"]
            if done["ExportStatus"] == "COMPLETED":
                break
            await asyncio.sleep(0.02)
        assert done["ExportStatus"] == "COMPLETED" and done["ItemCount"] == 4
        listed = backups.list_exports(dynamodb, CTX, {"TableArn": table["TableArn"]})["ExportSummaries"]
        assert [e["ExportArn"] for e in listed] == [arn]

        folder = tmp_path / "s3" / "exports" / "daily" / "AWSDynamoDB" / arn.rsplit("/", 1)[1]
        assert {p.name for p in folder.iterdir()} == {
            "_started", "data", "manifest-files.json", "manifest-files.md5",
            "manifest-summary.json", "manifest-summary.md5",
        }
        summary = json.loads((folder / "manifest-summary.json").read_text())
        assert summary["itemCount"] == 4 and summary["outputFormat"] == "DYNAMODB_JSON"
        assert done["ExportManifest"] == f"daily/AWSDynamoDB/{folder.name}/manifest-summary.json"
        (data_file,) = (folder / "data").iterdir()
        lines = gzip.decompress(data_file.read_bytes()).splitlines()
        assert sorted(json.loads(line)["Item"]["song"]["S"] for line in lines) == [f"song-{n}" for n in range(4)]

        imported = backups.import_table(dynamodb, CTX, {
            "S3BucketSource": {"S3Bucket": "exports", "S3KeyPrefix": f"daily/AWSDynamoDB/{folder.name}/data/"},
            "InputFormat": "DYNAMODB_JSON",
            "InputCompressionType": "GZIP",
            "TableCreationParameters": {
                "TableName": "music-imported",
                "KeySchema": table["KeySchema"],
                "AttributeDefinitions": [{"AttributeName": "artist", "AttributeType": "S"},
                                         {"AttributeName": "song", "AttributeType": "S"}],
                "BillingMode": "PAY_PER_REQUEST",
            },
        })["ImportTableDescription"]
        assert imported["ImportStatus"] == "COMPLETED" and imported["ImportedItemCount"] == 4
        described = backups.describe_import(dynamodb, CTX, {"ImportArn": imported["ImportArn"]})
        assert described["ImportTableDescription"]["ImportedItemCount"] == 4
        assert songs(dynamodb, "music-imported") == [f"song-{n}" for n in range(4)]
        backup = backups.create_backup(dynamodb, CTX, {"TableName": "music", "BackupName": "kept"})
        found["backup"] = backup["BackupDetails"]["BackupArn"]

    async def after(dynamodb: DynamoDBProvider) -> None:
        export = backups.describe_export(dynamodb, CTX, {"ExportArn": found["export"]})["ExportDescription"]
        assert export["ExportStatus"] == "COMPLETED"
        backup = backups.describe_backup(dynamodb, CTX, {"BackupArn": found["backup"]})["BackupDescription"]
        assert backup["SourceTableDetails"]["ItemCount"] == 4
        recovery = backups.describe_continuous_backups(dynamodb, CTX, {"TableName": "music"})
        assert recovery["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
        target = f"again-{found.setdefault('restarts', 0)}"
        found["restarts"] += 1
        backups.restore_table_from_backup(dynamodb, CTX, {"TargetTableName": target, "BackupArn": found["backup"]})
        assert songs(dynamodb, target) == [f"song-{n}" for n in range(4)]
        assert songs(dynamodb, "music-imported") == [f"song-{n}" for n in range(4)]

    run(before, crash=True, in_memory=False, data_dir=tmp_path)
    run(after, in_memory=False, data_dir=tmp_path)  # from the log
    run(after, in_memory=False, data_dir=tmp_path)  # from the final snapshot
