"""DynamoDB stream event source mappings: the control plane, and functions triggered by table writes."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import ROLE, make_zip

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

#: Copies each inserted item into the "copies" table, through boto3 with no configuration.
COPIER = """
import boto3

table = boto3.resource("dynamodb").Table("copies")

def handler(event, context):
    for record in event["Records"]:
        assert record["eventSource"] == "aws:dynamodb"
        assert record["eventSourceARN"].endswith(record["eventSourceARN"].split("/stream/")[1])
        image = record["dynamodb"]["NewImage"]
        table.put_item(Item={"id": image["id"]["S"], "event": record["eventName"], "n": len(event["Records"])})
"""

#: Records each batch's ids in "copies"; fails while any id in the batch starts with "bad".
RECORDER = """
import boto3

table = boto3.resource("dynamodb").Table("copies")
calls = 0

def handler(event, context):
    global calls
    calls += 1
    ids = [r["dynamodb"]["Keys"]["id"]["S"] for r in event["Records"]]
    table.put_item(Item={"id": f"call-{calls}", "ids": ",".join(ids)})
    if any(i.startswith("bad") for i in ids):
        raise RuntimeError("poison")
"""


def make_table(dynamodb: Any, name: str, stream: bool) -> str | None:
    options: dict[str, Any] = {}
    if stream:
        options["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    answer = dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        **options,
    )
    return answer["TableDescription"].get("LatestStreamArn")


def copies(dynamodb: Any) -> dict[str, dict[str, Any]]:
    items = dynamodb.scan(TableName="copies", ConsistentRead=True)["Items"]
    return {item["id"]["S"]: item for item in items}


def put(dynamodb: Any, table: str, key: str) -> None:
    dynamodb.put_item(TableName=table, Item={"id": {"S": key}})


def test_stream_triggers_a_function_that_writes_another_table(
    create_function: Any, lambda_client: Any, dynamodb: Any
) -> None:
    stream_arn = make_table(dynamodb, "orders", stream=True)
    make_table(dynamodb, "copies", stream=False)
    create_function("copier", COPIER, Timeout=30)
    mapping = lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName="copier", StartingPosition="LATEST", BatchSize=10
    )
    assert mapping["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert (mapping["State"], mapping["BatchSize"], mapping["StartingPosition"]) == ("Creating", 10, "LATEST")
    assert mapping["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:copier"
    assert lambda_client.get_event_source_mapping(UUID=mapping["UUID"])["State"] == "Enabled"
    for key in ("a", "b", "c"):
        put(dynamodb, "orders", key)
    found = wait_until(lambda: len(c := copies(dynamodb)) == 3 and c, timeout=20)
    assert {item["event"]["S"] for item in found.values()} == {"INSERT"}


def test_filter_criteria_and_disable(create_function: Any, lambda_client: Any, dynamodb: Any) -> None:
    stream_arn = make_table(dynamodb, "filtered", stream=True)
    make_table(dynamodb, "copies", stream=False)
    create_function("copier", COPIER, Timeout=30)
    pattern = {"dynamodb": {"NewImage": {"id": {"S": [{"prefix": "keep"}]}}}}
    mapping = lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn,
        FunctionName="copier",
        StartingPosition="TRIM_HORIZON",
        FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]},
    )
    assert mapping["FilterCriteria"] == {"Filters": [{"Pattern": json.dumps(pattern)}]}
    for key in ("keep-1", "drop-1", "keep-2"):
        put(dynamodb, "filtered", key)
    wait_until(lambda: set(copies(dynamodb)) == {"keep-1", "keep-2"}, timeout=20)
    disabled = lambda_client.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    assert disabled["State"] == "Disabling"  # as AWS answers (LocalStack snapshot, recorded on AWS)
    assert lambda_client.get_event_source_mapping(UUID=mapping["UUID"])["State"] == "Disabled"
    put(dynamodb, "filtered", "keep-3")
    lambda_client.update_event_source_mapping(UUID=mapping["UUID"], Enabled=True)
    wait_until(lambda: "keep-3" in copies(dynamodb), timeout=20)
    assert "drop-1" not in copies(dynamodb)


def test_failing_batch_is_retried_in_order_then_bisected(create_function: Any, lambda_client: Any, dynamodb: Any) -> None:
    stream_arn = make_table(dynamodb, "poisoned", stream=True)
    make_table(dynamodb, "copies", stream=False)
    create_function("recorder", RECORDER, Timeout=30)
    for key in ("ok-1", "bad-1", "ok-2", "ok-3"):
        put(dynamodb, "poisoned", key)
    lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn,
        FunctionName="recorder",
        StartingPosition="TRIM_HORIZON",
        BatchSize=4,
        MaximumRetryAttempts=1,
        BisectBatchOnFunctionError=True,
    )
    calls = wait_until(lambda: len(c := copies(dynamodb)) >= 6 and c, timeout=30)
    batches = [calls[f"call-{n}"]["ids"]["S"] for n in range(1, len(calls) + 1)]
    # Halves in order; the poison record alone is tried once and retried once, then discarded.
    assert batches == ["ok-1,bad-1,ok-2,ok-3", "ok-1,bad-1", "ok-1", "bad-1", "bad-1", "ok-2,ok-3"]


def test_mapping_control_plane_errors(create_function: Any, lambda_client: Any, dynamodb: Any) -> None:
    stream_arn = make_table(dynamodb, "ctl", stream=True)
    create_function("target")
    with pytest.raises(ClientError) as info:
        lambda_client.get_event_source_mapping(UUID="00000000-0000-0000-0000-000000000000")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as info:
        lambda_client.create_event_source_mapping(EventSourceArn=stream_arn, FunctionName="absent", StartingPosition="LATEST")
    assert (info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]) == (
        "InvalidParameterValueException",
        "Function does not exist",
    )
    with pytest.raises(ClientError) as info:
        lambda_client.create_event_source_mapping(FunctionName="target", StartingPosition="LATEST")
    assert info.value.response["Error"]["Message"] == "Unrecognized event source."
    with pytest.raises(ClientError) as info:
        lambda_client.create_event_source_mapping(
            EventSourceArn=stream_arn,
            FunctionName="target",
            StartingPosition="LATEST",
            FilterCriteria={"Filters": [{"Pattern": "not json"}]},
        )
    assert info.value.response["Error"]["Message"] == "Invalid filter pattern definition."
    with pytest.raises(ClientError) as info:
        lambda_client.create_event_source_mapping(EventSourceArn=stream_arn, FunctionName="target")
    assert (info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]) == (
        "InvalidParameterValueException",
        "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
    )
    created = lambda_client.create_event_source_mapping(EventSourceArn=stream_arn, FunctionName="target", StartingPosition="LATEST")
    with pytest.raises(ClientError) as info:
        lambda_client.create_event_source_mapping(EventSourceArn=stream_arn, FunctionName="target", StartingPosition="LATEST")
    assert info.value.response["Error"]["Code"] == "ResourceConflictException"
    assert info.value.response["Error"]["Message"] == (
        f'The event source arn (" {stream_arn} ") and function (" target ") provided mapping already exists. '
        f"Please update or delete the existing mapping with UUID {created['UUID']}"
    )
    listed = lambda_client.list_event_source_mappings(FunctionName="target")["EventSourceMappings"]
    assert [m["UUID"] for m in listed] == [created["UUID"]]
    updated = lambda_client.update_event_source_mapping(UUID=created["UUID"], BatchSize=50, MaximumRetryAttempts=3)
    assert (updated["BatchSize"], updated["MaximumRetryAttempts"]) == (50, 3)
    assert lambda_client.delete_event_source_mapping(UUID=created["UUID"])["State"] == "Deleting"
    assert lambda_client.list_event_source_mappings()["EventSourceMappings"] == []




def test_mapping_resumes_after_its_checkpoint_across_a_restart(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as first:
        dynamodb, lambda_client = first.client("dynamodb"), first.client("lambda")
        stream_arn = make_table(dynamodb, "journal", stream=True)
        make_table(dynamodb, "copies", stream=False)
        lambda_client.create_function(
            FunctionName="copier", Runtime="python3.12", Role=ROLE, Handler="app.handler",
            Code={"ZipFile": make_zip({"app.py": COPIER})}, Timeout=30,
        )  # fmt: skip
        uuid = lambda_client.create_event_source_mapping(
            EventSourceArn=stream_arn, FunctionName="copier", StartingPosition="TRIM_HORIZON"
        )["UUID"]
        put(dynamodb, "journal", "before")
        # "OK" once the batch returned; its checkpoint is taken then and saved at the latest on stop.
        wait_until(lambda: lambda_client.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "OK", timeout=20)
        dynamodb.delete_item(TableName="copies", Key={"id": {"S": "before"}})
    with EmulatorProcess("--data-dir", str(tmp_path)) as second:
        dynamodb = second.client("dynamodb")
        put(dynamodb, "journal", "after")
        wait_until(lambda: "after" in copies(dynamodb), timeout=20)
        assert "before" not in copies(dynamodb)  # not delivered again


#: Reports the first "bad" record as failed on its first delivery only.
PARTIAL = """
import boto3

table = boto3.resource("dynamodb").Table("copies")
calls = 0
reported = False

def handler(event, context):
    global calls, reported
    calls += 1
    ids = [r["dynamodb"]["Keys"]["id"]["S"] for r in event["Records"]]
    table.put_item(Item={"id": f"call-{calls}", "ids": ",".join(ids)})
    for record in event["Records"]:
        if record["dynamodb"]["Keys"]["id"]["S"].startswith("bad") and not reported:
            reported = True
            return {"batchItemFailures": [{"itemIdentifier": record["dynamodb"]["SequenceNumber"]}]}
    return {"batchItemFailures": []}
"""


def test_reported_batch_item_failures_are_retried_from_the_failed_record(
    create_function: Any, lambda_client: Any, dynamodb: Any
) -> None:
    stream_arn = make_table(dynamodb, "partial", stream=True)
    make_table(dynamodb, "copies", stream=False)
    create_function("partial", PARTIAL, Timeout=30)
    for key in ("ok-1", "bad-1", "ok-2"):
        put(dynamodb, "partial", key)
    lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn,
        FunctionName="partial",
        StartingPosition="TRIM_HORIZON",
        FunctionResponseTypes=["ReportBatchItemFailures"],
    )
    calls = wait_until(lambda: len(c := copies(dynamodb)) >= 2 and c, timeout=20)
    assert [calls[f"call-{n}"]["ids"]["S"] for n in (1, 2)] == ["ok-1,bad-1,ok-2", "bad-1,ok-2"]


def test_batching_window_gathers_records_into_one_batch(create_function: Any, lambda_client: Any, dynamodb: Any) -> None:
    stream_arn = make_table(dynamodb, "windowed", stream=True)
    make_table(dynamodb, "copies", stream=False)
    create_function("copier", COPIER, Timeout=30)
    lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName="copier", StartingPosition="LATEST", MaximumBatchingWindowInSeconds=1
    )
    for key in ("w1", "w2", "w3"):
        put(dynamodb, "windowed", key)
        time.sleep(0.1)
    found = wait_until(lambda: len(c := copies(dynamodb)) == 3 and c, timeout=20)
    assert {item["n"]["N"] for item in found.values()} == {"3"}
