"""Backups, point-in-time recovery, export and import through boto3."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until


def create_table(dynamodb: Any, name: str = "music") -> dict[str, Any]:
    return dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "artist", "KeyType": "HASH"}, {"AttributeName": "song", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "artist", "AttributeType": "S"},
            {"AttributeName": "song", "AttributeType": "S"},
            {"AttributeName": "year", "AttributeType": "N"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-year",
                "KeySchema": [{"AttributeName": "year", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
    )["TableDescription"]


def song(n: int, year: int = 2000) -> dict[str, Any]:
    return {"artist": {"S": "band"}, "song": {"S": f"song-{n}"}, "year": {"N": str(year)}}


def songs(dynamodb: Any, table: str) -> list[str]:
    return sorted(i["song"]["S"] for i in dynamodb.scan(TableName=table)["Items"])


def test_backup_lifecycle_and_restore_with_indexes(dynamodb: Any) -> None:
    create_table(dynamodb)
    for n in range(3):
        dynamodb.put_item(TableName="music", Item=song(n))
    details = dynamodb.create_backup(TableName="music", BackupName="nightly")["BackupDetails"]
    assert details["BackupStatus"] == "AVAILABLE" and details["BackupType"] == "USER"
    assert details["BackupArn"].startswith("arn:aws:dynamodb:us-east-1:000000000000:table/music/backup/")
    dynamodb.put_item(TableName="music", Item=song(9))

    description = dynamodb.describe_backup(BackupArn=details["BackupArn"])["BackupDescription"]
    assert description["SourceTableDetails"]["ItemCount"] == 3
    assert description["SourceTableDetails"]["TableName"] == "music"
    assert [i["IndexName"] for i in description["SourceTableFeatureDetails"]["GlobalSecondaryIndexes"]] == ["by-year"]
    (summary,) = dynamodb.list_backups(TableName="music")["BackupSummaries"]
    assert summary["BackupArn"] == details["BackupArn"] and summary["BackupName"] == "nightly"

    restored = dynamodb.restore_table_from_backup(TargetTableName="music-copy", BackupArn=details["BackupArn"])
    table = restored["TableDescription"]
    assert table["TableName"] == "music-copy"
    assert table["RestoreSummary"]["SourceBackupArn"] == details["BackupArn"]
    assert "StreamSpecification" not in table  # stream settings are not restored, as on AWS
    assert songs(dynamodb, "music-copy") == ["song-0", "song-1", "song-2"]
    by_year = dynamodb.query(
        TableName="music-copy", IndexName="by-year",
        KeyConditionExpression="#y = :y", ExpressionAttributeNames={"#y": "year"},
        ExpressionAttributeValues={":y": {"N": "2000"}},
    )
    assert by_year["Count"] == 3

    with pytest.raises(ClientError) as exists:
        dynamodb.restore_table_from_backup(TargetTableName="music", BackupArn=details["BackupArn"])
    assert exists.value.response["Error"]["Code"] == "TableAlreadyExistsException"

    deleted = dynamodb.delete_backup(BackupArn=details["BackupArn"])["BackupDescription"]
    assert deleted["BackupDetails"]["BackupStatus"] == "DELETED"
    assert dynamodb.list_backups()["BackupSummaries"] == []
    with pytest.raises(ClientError) as missing:
        dynamodb.describe_backup(BackupArn=details["BackupArn"])
    assert missing.value.response["Error"]["Code"] == "BackupNotFoundException"


def test_backup_of_a_missing_table(dynamodb: Any) -> None:
    with pytest.raises(ClientError) as missing:
        dynamodb.create_backup(TableName="absent", BackupName="nightly")
    assert missing.value.response["Error"] == {"Code": "TableNotFoundException", "Message": "Table not found: absent"}


def test_point_in_time_restore(dynamodb: Any) -> None:
    create_table(dynamodb)
    described = dynamodb.describe_continuous_backups(TableName="music")["ContinuousBackupsDescription"]
    assert described["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    with pytest.raises(ClientError) as unavailable:
        dynamodb.restore_table_to_point_in_time(SourceTableName="music", TargetTableName="then", UseLatestRestorableTime=True)
    assert unavailable.value.response["Error"]["Code"] == "PointInTimeRecoveryUnavailableException"

    dynamodb.put_item(TableName="music", Item=song(0))
    enabled = dynamodb.update_continuous_backups(
        TableName="music", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert enabled["PointInTimeRecoveryStatus"] == "ENABLED"
    dynamodb.put_item(TableName="music", Item=song(1))
    time.sleep(0.05)
    moment = time.time()
    time.sleep(0.05)
    dynamodb.delete_item(TableName="music", Key={"artist": {"S": "band"}, "song": {"S": "song-0"}})
    dynamodb.put_item(TableName="music", Item=song(2))

    window = dynamodb.describe_continuous_backups(TableName="music")["ContinuousBackupsDescription"]
    recovery = window["PointInTimeRecoveryDescription"]
    assert recovery["EarliestRestorableDateTime"].timestamp() <= moment <= recovery["LatestRestorableDateTime"].timestamp()
    assert recovery["RecoveryPeriodInDays"] == 35

    dynamodb.restore_table_to_point_in_time(SourceTableName="music", TargetTableName="then", RestoreDateTime=moment)
    assert songs(dynamodb, "then") == ["song-0", "song-1"]
    dynamodb.restore_table_to_point_in_time(SourceTableName="music", TargetTableName="now", UseLatestRestorableTime=True)
    assert songs(dynamodb, "now") == ["song-1", "song-2"]
    with pytest.raises(ClientError) as too_early:
        dynamodb.restore_table_to_point_in_time(
            SourceTableName="music", TargetTableName="never", RestoreDateTime=moment - 3600
        )
    assert too_early.value.response["Error"]["Code"] == "InvalidRestoreTimeException"


def test_export_writes_aws_layout_and_import_reads_it(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        dynamodb = emulator.client("dynamodb")
        table = create_table(dynamodb)
        for n in range(4):
            dynamodb.put_item(TableName="music", Item=song(n, 1990 + n))
        dynamodb.update_continuous_backups(
            TableName="music", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        )
        export = dynamodb.export_table_to_point_in_time(
            TableArn=table["TableArn"], S3Bucket="exports", S3Prefix="daily"
        )["ExportDescription"]
        arn = export["ExportArn"]
        done = wait_until(
            lambda: (d := dynamodb.describe_export(ExportArn=arn)["ExportDescription"])["ExportStatus"] == "COMPLETED"
            and d
        )
        assert done["ItemCount"] == 4
        assert [e["ExportArn"] for e in dynamodb.list_exports(TableArn=table["TableArn"])["ExportSummaries"]] == [arn]

        folder = tmp_path / "s3" / "exports" / "daily" / "AWSDynamoDB" / arn.rsplit("/", 1)[1]
        names = {p.name for p in folder.iterdir()}
        assert {"_started", "data", "manifest-files.json", "manifest-files.md5", "manifest-summary.json",
                "manifest-summary.md5"} <= names
        summary = json.loads((folder / "manifest-summary.json").read_text())
        assert summary["itemCount"] == 4 and summary["outputFormat"] == "DYNAMODB_JSON"
        assert done["ExportManifest"] == f"daily/AWSDynamoDB/{folder.name}/manifest-summary.json"
        (data_file,) = (folder / "data").iterdir()
        lines = gzip.decompress(data_file.read_bytes()).splitlines()
        assert sorted(json.loads(line)["Item"]["song"]["S"] for line in lines) == [f"song-{n}" for n in range(4)]

        imported = dynamodb.import_table(
            S3BucketSource={"S3Bucket": "exports", "S3KeyPrefix": f"daily/AWSDynamoDB/{folder.name}/data/"},
            InputFormat="DYNAMODB_JSON",
            InputCompressionType="GZIP",
            TableCreationParameters={
                "TableName": "music-imported",
                "KeySchema": table["KeySchema"],
                "AttributeDefinitions": [{"AttributeName": "artist", "AttributeType": "S"},
                                         {"AttributeName": "song", "AttributeType": "S"}],
                "BillingMode": "PAY_PER_REQUEST",
            },
        )["ImportTableDescription"]
        assert imported["ImportStatus"] == "COMPLETED" and imported["ImportedItemCount"] == 4
        assert dynamodb.describe_import(ImportArn=imported["ImportArn"])["ImportTableDescription"]["ImportedItemCount"] == 4
        assert songs(dynamodb, "music-imported") == [f"song-{n}" for n in range(4)]
        backup = dynamodb.create_backup(TableName="music", BackupName="kept")["BackupDetails"]["BackupArn"]
        emulator.kill()

    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        dynamodb = emulator.client("dynamodb")
        assert dynamodb.describe_export(ExportArn=arn)["ExportDescription"]["ExportStatus"] == "COMPLETED"
        assert dynamodb.describe_backup(BackupArn=backup)["BackupDescription"]["SourceTableDetails"]["ItemCount"] == 4
        recovery = dynamodb.describe_continuous_backups(TableName="music")["ContinuousBackupsDescription"]
        assert recovery["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
        dynamodb.restore_table_from_backup(TargetTableName="music-again", BackupArn=backup)
        assert songs(dynamodb, "music-again") == [f"song-{n}" for n in range(4)]
