"""ImportTable reads its objects as bulk puts do: Ion as well as DynamoDB JSON, a malformed record
spoiling only its line, and each item checked as PutItem checks it (numbers made canonical)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bulk_helpers import BulkEmulator, item, lines

from emulator.testing import EmulatorProcess

CREATION = {
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "BillingMode": "PAY_PER_REQUEST",
}


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BulkEmulator]:
    data: Path = tmp_path_factory.mktemp("data")
    with EmulatorProcess("--data-dir", str(data)) as process:
        yield BulkEmulator(process, data)


def run_import(bulk: BulkEmulator, bucket: str, table: str, input_format: str) -> dict[str, Any]:
    return dict(bulk.dynamodb.import_table(
        S3BucketSource={"S3Bucket": bucket}, InputFormat=input_format, InputCompressionType="NONE",
        TableCreationParameters={"TableName": table, **CREATION},
    )["ImportTableDescription"])


def test_ion_objects_import(bulk: BulkEmulator) -> None:
    bulk.put_object("ion-import", "data.ion", b'$ion_1_0 {Item:{pk:"a",n:1.50,s:$dynamodb_SS::["x"]}}\n$ion_1_0 {Item:{pk:"b"}}\n')
    done = run_import(bulk, "ion-import", "from-ion", "ION")
    assert (done["ImportStatus"], done["InputFormat"], done["ImportedItemCount"]) == ("COMPLETED", "ION", 2)
    got = bulk.dynamodb.get_item(TableName="from-ion", Key={"pk": {"S": "a"}})["Item"]
    assert got == {"pk": {"S": "a"}, "n": {"N": "1.5"}, "s": {"SS": ["x"]}}


def test_a_malformed_line_and_an_invalid_item_are_errors_and_the_rest_imports(bulk: BulkEmulator) -> None:
    body = lines(item("a"), '{"Item": {"pk": ', item("b"), {"Item": {"pk": {"N": "1"}}}, {"Item": {"pk": {"S": "c"}, "n": {"N": "x"}}})
    bulk.put_object("json-import", "data.json", body)
    done = run_import(bulk, "json-import", "from-json", "DYNAMODB_JSON")
    assert (done["ImportStatus"], done["ErrorCount"], done["ImportedItemCount"]) == ("FAILED", 3, 2)
    assert (done["ProcessedItemCount"], bulk.keys("from-json")) == (5, ["a", "b"])
