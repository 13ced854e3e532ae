"""ImportTable as moto's aws_verified test_dynamodb_import_table.py records AWS: every object
under the prefix is read as a stream of {"Item": ...} objects, a bad object fails the import
after the good items are written, a missing bucket fails it without creating the table."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

from emulator.testing import EmulatorProcess

CREATION = {
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "BillingMode": "PAY_PER_REQUEST",
}


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Any:
    data = tmp_path_factory.mktemp("data")
    with EmulatorProcess("--data-dir", str(data)) as process:
        yield process, data / "s3"


def bucket(root: Path, name: str, objects: dict[str, bytes]) -> None:
    for key, body in objects.items():
        (root / name / key).parent.mkdir(parents=True, exist_ok=True)
        (root / name / key).write_bytes(body)


def item(pk: str) -> dict[str, Any]:
    return {"Item": {"pk": {"S": pk}, "data": {"S": f"data of {pk}"}}}


def run_import(dynamodb: Any, bucket_name: str, table: str, **source: Any) -> dict[str, Any]:
    compression = source.pop("compression", "NONE")
    return dict(dynamodb.import_table(
        S3BucketSource={"S3Bucket": bucket_name, **source}, InputFormat="DYNAMODB_JSON",
        InputCompressionType=compression, TableCreationParameters={"TableName": table, **CREATION},
    )["ImportTableDescription"])


def keys(dynamodb: Any, table: str) -> list[str]:
    return sorted(i["pk"]["S"] for i in dynamodb.scan(TableName=table)["Items"])


def test_missing_bucket_fails_without_creating_the_table(emulator: Any) -> None:
    process, _ = emulator
    dynamodb = process.client("dynamodb")
    started = run_import(dynamodb, "no-such-bucket", "never-made")
    done = dynamodb.describe_import(ImportArn=started["ImportArn"])["ImportTableDescription"]
    assert (done["ImportStatus"], done["FailureCode"]) == ("FAILED", "S3NoSuchBucket")
    assert "The specified bucket does not exist" in done["FailureMessage"]
    assert done["TableArn"].endswith(":table/never-made")
    assert "never-made" not in dynamodb.list_tables()["TableNames"]


def test_import_checks_the_table_as_create_table_does(emulator: Any) -> None:
    process, _ = emulator
    dynamodb = process.client("dynamodb")
    with pytest.raises(ClientError) as caught:
        dynamodb.import_table(
            S3BucketSource={"S3Bucket": "no-such-bucket"}, InputFormat="DYNAMODB_JSON", InputCompressionType="NONE",
            TableCreationParameters={"TableName": "provisioned", **CREATION, "BillingMode": "PROVISIONED"},
        )
    assert error_of(caught) == ("ValidationException", "One or more parameter values were invalid: ReadCapacityUnits and "
                                "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
    assert "provisioned" not in dynamodb.list_tables()["TableNames"]


def test_empty_bucket_imports_an_empty_table(emulator: Any) -> None:
    process, root = emulator
    (root / "empty-bucket").mkdir(parents=True)
    dynamodb = process.client("dynamodb")
    done = run_import(dynamodb, "empty-bucket", "empty")
    assert (done["ImportStatus"], done["ErrorCount"], done["ProcessedItemCount"], done["ImportedItemCount"]) == ("COMPLETED", 0, 0, 0)
    assert done["ProcessedSizeBytes"] == 0
    assert dynamodb.scan(TableName="empty")["Items"] == []


def test_objects_of_any_name_with_items_one_per_line_or_run_together(emulator: Any) -> None:
    process, root = emulator
    lines = "".join(json.dumps(item(f"msg{i}")) + "\n" for i in range(5))
    run_together = "".join(json.dumps(item(f"msg{i}")) for i in range(10, 15))
    bucket(root, "many", {"data.json": (lines + run_together).encode(), "no_extension": json.dumps(item("other")).encode()})
    dynamodb = process.client("dynamodb")
    done = run_import(dynamodb, "many", "many")
    assert (done["ImportStatus"], done["ErrorCount"], done["ProcessedItemCount"], done["ImportedItemCount"]) == ("COMPLETED", 0, 11, 11)
    assert done["ProcessedSizeBytes"] > 0
    assert keys(dynamodb, "many") == sorted([f"msg{i}" for i in (*range(5), *range(10, 15))] + ["other"])


def test_a_bad_object_fails_the_import_after_the_good_items(emulator: Any) -> None:
    process, root = emulator
    bucket(root, "mixed", {"data.json": json.dumps(item("msg1")).encode(), "invaliddata": json.dumps(item("msg2")["Item"]).encode()})
    dynamodb = process.client("dynamodb")
    done = run_import(dynamodb, "mixed", "mixed")
    assert (done["ImportStatus"], done["ErrorCount"], done["ProcessedItemCount"], done["ImportedItemCount"]) == ("FAILED", 1, 2, 1)
    assert keys(dynamodb, "mixed") == ["msg1"]


def test_prefix_and_gzip(emulator: Any) -> None:
    process, root = emulator
    bucket(root, "zipped", {
        "yesdata.json": gzip.compress(json.dumps(item("msg1")).encode()),
        "nodata.json": gzip.compress(json.dumps(item("msg2")).encode()),
    })
    dynamodb = process.client("dynamodb")
    done = run_import(dynamodb, "zipped", "zipped", S3KeyPrefix="yes", compression="GZIP")
    assert (done["ImportStatus"], done["ImportedItemCount"]) == ("COMPLETED", 1)
    assert keys(dynamodb, "zipped") == ["msg1"]
