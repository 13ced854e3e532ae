"""Bulk operations over time: ClientToken idempotency, cancellation, listings, the tables a bulk
put refuses, and descriptions that survive a restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from bulk_helpers import BulkEmulator, item, lines
from ddb_helpers import create_table, error_of

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="module")
def bulk(data: Path) -> Iterator[BulkEmulator]:
    with EmulatorProcess("--data-dir", str(data)) as process:
        yield BulkEmulator(process, data)


@pytest.fixture(autouse=True)
def _fresh(bulk: BulkEmulator) -> None:
    bulk.process.reset()


def test_the_same_client_token_and_request_is_the_same_operation(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "once")
    bulk.put_object("once-in", "data.json", lines(item("a")))
    first = bulk.start("once", "once-in", ClientToken="same")
    again = bulk.start("once", "once-in", ClientToken="same")
    assert again["BulkOperationArn"] == first["BulkOperationArn"]
    assert len(bulk.dynamodb.list_bulk_operations()["BulkOperationsSummaryList"]) == 1
    with pytest.raises(ClientError) as caught:
        bulk.start("once", "once-in", ClientToken="same", PerformanceTier="ACCELERATED")
    assert error_of(caught) == (
        "IdempotentParameterMismatchException",
        "Request parameters do not match the parameters of a previously made request with the same idempotency token",
    )
    other = bulk.start("once", "once-in", ClientToken="other")
    assert other["BulkOperationArn"] != first["BulkOperationArn"]


def test_cancelling_stops_the_operation_between_items(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "slow")
    # At the slowest rate allowed (1,024 write units a second) this takes 20 seconds.
    bulk.put_object("slow-in", "data.json", lines(*(item(f"k{n}") for n in range(20_000))))
    started = bulk.start("slow", "slow-in", MaxWriteRequestUnits=1024)
    cancelled = bulk.dynamodb.cancel_bulk_operation(BulkOperationArn=started["BulkOperationArn"])
    assert (cancelled["BulkOperationArn"], cancelled["BulkOperationStatus"]) == (started["BulkOperationArn"], "CANCELLING")
    done = bulk.finished(started["BulkOperationArn"])
    assert done["BulkOperationStatus"] == "CANCELLED"
    assert done["FailureCode"] and done["FailureMessage"]
    assert done["ProcessedItemCount"] < 20_000
    assert len(bulk.keys("slow")) == done["ProcessedItemCount"]  # what was written stays
    with pytest.raises(ClientError) as again:
        bulk.dynamodb.cancel_bulk_operation(BulkOperationArn=started["BulkOperationArn"])
    assert error_of(again)[0] == "ValidationException"


def test_listings_are_the_regions_operations_most_recent_first_in_pages(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "listed")
    bulk.put_object("listed-in", "data.json", lines(item("a")))
    arns = [bulk.start("listed", "listed-in")["BulkOperationArn"] for _ in range(3)]
    for arn in arns:
        bulk.finished(arn)
    first = bulk.dynamodb.list_bulk_operations(MaxResults=2)
    assert [s["BulkOperationArn"] for s in first["BulkOperationsSummaryList"]] == arns[:0:-1]
    rest = bulk.dynamodb.list_bulk_operations(MaxResults=2, NextToken=first["NextToken"])
    assert [s["BulkOperationArn"] for s in rest["BulkOperationsSummaryList"]] == arns[:1]
    assert "NextToken" not in rest
    summary = rest["BulkOperationsSummaryList"][0]
    assert set(summary) == {"BulkOperationArn", "BulkOperationStatus", "StartTime", "EndTime"}
    assert summary["BulkOperationStatus"] == "COMPLETED"
    west = bulk.process.client("dynamodb", region_name="us-west-2")
    assert west.list_bulk_operations()["BulkOperationsSummaryList"] == []
    with pytest.raises(ClientError) as elsewhere:
        west.describe_bulk_operation(BulkOperationArn=arns[0])
    assert error_of(elsewhere)[0] == "ResourceNotFoundException"


def test_a_global_table_is_refused(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "worldwide", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    bulk.dynamodb.update_table(TableName="worldwide", ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1"}}])
    with pytest.raises(ClientError) as caught:
        bulk.start("worldwide", "in")
    assert error_of(caught) == ("ValidationException", "Bulk put items is not supported on tables that are part of a global table")


def test_a_deleted_table_fails_the_operation(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "doomed")
    bulk.put_object("doomed-in", "data.json", lines(*(item(f"k{n}") for n in range(20_000))))
    started = bulk.start("doomed", "doomed-in", MaxWriteRequestUnits=1024)
    bulk.dynamodb.delete_table(TableName="doomed")
    done = bulk.finished(started["BulkOperationArn"])
    assert (done["BulkOperationStatus"], done["FailureCode"]) == ("FAILED", "TableNotFound")


def test_operations_and_their_items_survive_a_restart(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as process:
        bulk = BulkEmulator(process, tmp_path)
        create_table(bulk.dynamodb, "kept")
        bulk.put_object("kept-in", "data.json", lines(item("a"), item("b")))
        arn = bulk.start("kept", "kept-in")["BulkOperationArn"]
        done = bulk.finished(arn)
    with EmulatorProcess("--data-dir", str(tmp_path)) as process:
        bulk = BulkEmulator(process, tmp_path)
        assert bulk.describe(arn) == done
        assert bulk.keys("kept") == ["a", "b"]


def test_an_export_folder_loads_into_another_table(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "source")
    create_table(bulk.dynamodb, "copy")
    for key in ("a", "b", "c"):
        bulk.dynamodb.put_item(TableName="source", Item={"pk": {"S": key}, "n": {"N": "1"}})
    bulk.dynamodb.update_continuous_backups(
        TableName="source", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )
    table_arn = bulk.dynamodb.describe_table(TableName="source")["Table"]["TableArn"]
    export = bulk.dynamodb.export_table_to_point_in_time(TableArn=table_arn, S3Bucket="exports", S3Prefix="nightly")
    export_arn = export["ExportDescription"]["ExportArn"]
    wait_until(lambda: bulk.dynamodb.describe_export(ExportArn=export_arn)["ExportDescription"]["ExportStatus"] == "COMPLETED")
    source = {"S3KeyPrefix": "nightly/", "InputCompressionType": "GZIP"}
    done = bulk.finished(bulk.start("copy", "exports", source=source)["BulkOperationArn"])
    assert (done["BulkOperationStatus"], done["ProcessedItemCount"]) == ("COMPLETED", 3)
    assert bulk.keys("copy") == ["a", "b", "c"]
