"""DynamoDB stream events delivered by an event source mapping, checked against AWS Lambda
Powertools' DynamoDBStreamModel and AWS's documented example, and consumed in the worker by
powertools' BatchProcessor with partial batch responses, as users deploy it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import DynamoDBStreamModel

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function


@pytest.fixture
def server(host_packages_server: EmulatorProcess) -> EmulatorProcess:
    """Functions here import Powertools, which AWS's Powertools layer provides: from this environment here."""
    return host_packages_server

#: Captures each batch, then hands it to powertools' BatchProcessor; the record of id "bad" fails
#: the first time it is seen, which the mapping must retry from (ReportBatchItemFailures).
CONSUMER = """
import json, os, time
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
failed_once = set()

def record_handler(record: DynamoDBRecord):
    image = record.dynamodb.new_image or record.dynamodb.old_image
    if image["my_partition_key"] == "bad" and "bad" not in failed_once:
        failed_once.add("bad")
        raise ValueError("first attempt fails")

def handler(event, context):
    # Written aside, then renamed: the test polls the directory and must never read a half-written file.
    path = os.path.join(os.environ["CAPTURE_DIR"], f"{time.time_ns()}")
    with open(path + ".part", "w") as out:
        json.dump(event, out)
    os.replace(path + ".part", path + ".json")
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
"""

#: A record of AWS's documented event ("Using AWS Lambda with Amazon DynamoDB", Lambda developer
#: guide) with the values real deliveries carry: eventVersion "1.1", ApproximateCreationDateTime in
#: seconds as a JSON number, an md5-like eventID.
AWS_RECORD: dict[str, Any] = {
    "eventID": "c4ca4238a0b923820dcc509a6f75849b",
    "eventName": "INSERT",
    "eventVersion": "1.1",
    "eventSource": "aws:dynamodb",
    "awsRegion": "us-east-1",
    "dynamodb": {
        "ApproximateCreationDateTime": 1428537600.0,
        "Keys": {"Id": {"N": "101"}},
        "NewImage": {"Message": {"S": "New item!"}, "Id": {"N": "101"}},
        "SequenceNumber": "4421584500000000017450439091",
        "SizeBytes": 26,
        "StreamViewType": "NEW_AND_OLD_IMAGES",
    },
    "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899",
}


def captured(directory: Path, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        files = sorted(directory.glob("*.json"))
        if len(files) >= count or time.monotonic() > deadline:
            return [json.loads(path.read_text()) for path in files]
        time.sleep(0.05)


def test_stream_records_fit_the_model_and_powertools_batch_processing(server: EmulatorProcess, tmp_path: Path) -> None:
    dynamodb = server.client("dynamodb")
    stream_arn = dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "my_partition_key", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "my_partition_key", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]["LatestStreamArn"]
    recorded_item = {"my_partition_key": {"S": "hello world"}, "binary_key": {"B": b"foobar"}}
    dynamodb.put_item(TableName="orders", Item=recorded_item)
    dynamodb.put_item(TableName="orders", Item={"my_partition_key": {"S": "hello world"}, "n": {"N": "2"}})
    dynamodb.put_item(TableName="orders", Item={"my_partition_key": {"S": "bad"}})
    dynamodb.delete_item(TableName="orders", Key={"my_partition_key": {"S": "hello world"}})
    lambda_client = server.client("lambda")
    create_python_function(
        lambda_client, "consumer", CONSUMER, Timeout=10, Environment={"Variables": {"CAPTURE_DIR": str(tmp_path)}}
    )
    lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName="consumer", StartingPosition="TRIM_HORIZON",
        BatchSize=10, FunctionResponseTypes=["ReportBatchItemFailures"],
    )  # fmt: skip
    first, retried = captured(tmp_path, 2)

    records = DynamoDBStreamModel.model_validate(first).Records
    assert [r.eventName for r in records] == ["INSERT", "MODIFY", "INSERT", "REMOVE"]
    assert records[1].dynamodb.NewImage == {"my_partition_key": "hello world", "n": 2}
    assert records[3].dynamodb.NewImage is None and records[3].dynamodb.Keys == {"my_partition_key": "hello world"}
    # The size AWS gave this very item (LocalStack's AWS-validated snapshot of
    # test_dynamodb_event_source_mapping, recorded on AWS 2025-02-22).
    assert first["Records"][0]["dynamodb"]["SizeBytes"] == 70
    assert first["Records"][0]["dynamodb"]["NewImage"]["binary_key"] == {"B": "Zm9vYmFy"}
    for record in first["Records"]:
        assert set(record) == set(AWS_RECORD)
        assert {k: type(v) for k, v in record.items()} == {k: type(v) for k, v in AWS_RECORD.items()}
        change = record["dynamodb"]
        images = {"NewImage", "OldImage"} & set(change)
        assert set(change) - images == set(AWS_RECORD["dynamodb"]) - {"NewImage"}
        assert isinstance(change["ApproximateCreationDateTime"], float)
        assert abs(change["ApproximateCreationDateTime"] - time.time()) < 60
        assert change["SequenceNumber"].isdigit() and isinstance(change["SizeBytes"], int)
        assert record["eventSourceARN"] == stream_arn and record["awsRegion"] == "us-east-1"
        assert len(record["eventID"]) == 32
    # BatchProcessor reported the "bad" record's SequenceNumber: the mapping retried from it on.
    assert [r["dynamodb"]["Keys"]["my_partition_key"]["S"] for r in retried["Records"]] == ["bad", "hello world"]
    assert retried["Records"] == first["Records"][2:]


#: Captures each batch it gets.
ARCHIVER = """
import json, os, time

def handler(event, context):
    # Written aside, then renamed: the test polls the directory and must never read a half-written file.
    path = os.path.join(os.environ["CAPTURE_DIR"], f"{time.time_ns()}")
    with open(path + ".part", "w") as out:
        json.dump(event, out)
    os.replace(path + ".part", path + ".json")
"""

#: The filter AWS's "DynamoDB Streams and Time to Live" page gives for archiving TTL deletions.
TTL_FILTER = {"userIdentity": {"type": ["Service"], "principalId": ["dynamodb.amazonaws.com"]}}


def test_ttl_deletions_reach_lambda_with_the_documented_user_identity(tmp_path: Path) -> None:
    with EmulatorProcess("--ttl-interval", "0.2") as emulator:
        dynamodb = emulator.client("dynamodb")
        stream_arn = dynamodb.create_table(
            TableName="sessions",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "OLD_IMAGE"},
        )["TableDescription"]["LatestStreamArn"]
        dynamodb.update_time_to_live(
            TableName="sessions", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"}
        )
        lambda_client = emulator.client("lambda")
        create_python_function(
            lambda_client, "archiver", ARCHIVER, Timeout=10, Environment={"Variables": {"CAPTURE_DIR": str(tmp_path)}}
        )
        lambda_client.create_event_source_mapping(
            EventSourceArn=stream_arn, FunctionName="archiver", StartingPosition="TRIM_HORIZON",
            FilterCriteria={"Filters": [{"Pattern": json.dumps(TTL_FILTER)}]},
        )  # fmt: skip
        now = int(time.time())
        dynamodb.put_item(TableName="sessions", Item={"id": {"S": "kept"}, "expires": {"N": str(now + 3600)}})
        dynamodb.put_item(TableName="sessions", Item={"id": {"S": "old"}, "expires": {"N": str(now - 10)}})
        dynamodb.delete_item(TableName="sessions", Key={"id": {"S": "kept"}})
        (batch,) = captured(tmp_path, 1)

    (record,) = DynamoDBStreamModel.model_validate(batch).Records
    assert record.eventName == "REMOVE" and record.dynamodb.OldImage == {"id": "old", "expires": now - 10}
    assert batch["Records"][0]["userIdentity"] == {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
