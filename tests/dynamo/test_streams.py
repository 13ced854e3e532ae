"""DynamoDB Streams through boto3's 'dynamodbstreams' client."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.dynamo.streams.iterators import ShardPosition, encode
from emulator.testing import EmulatorProcess


def create_table(dynamodb: Any, name: str, view_type: str | None) -> str | None:
    spec = {"StreamEnabled": True, "StreamViewType": view_type} if view_type else {"StreamEnabled": False}
    table = dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification=spec,
    )["TableDescription"]
    return table.get("LatestStreamArn")


def write_insert_modify_remove(dynamodb: Any, name: str) -> None:
    key = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    dynamodb.put_item(TableName=name, Item={**key, "v": {"S": "one"}})
    dynamodb.update_item(
        TableName=name, Key=key, UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"S": "two"}}
    )
    dynamodb.delete_item(TableName=name, Key=key)


def read_all(streams: Any, arn: str, iterator_type: str = "TRIM_HORIZON", **kwargs: Any) -> list[dict[str, Any]]:
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard, ShardIteratorType=iterator_type, **kwargs
    )["ShardIterator"]
    return streams.get_records(ShardIterator=iterator)["Records"]


@pytest.fixture
def streams(server: EmulatorProcess) -> Any:
    return server.client("dynamodbstreams")


IMAGES = {
    "KEYS_ONLY": [set(), set(), set()],
    "NEW_IMAGE": [{"NewImage"}, {"NewImage"}, set()],
    "OLD_IMAGE": [set(), {"OldImage"}, {"OldImage"}],
    "NEW_AND_OLD_IMAGES": [{"NewImage"}, {"NewImage", "OldImage"}, {"OldImage"}],
}


@pytest.mark.parametrize("view_type", list(IMAGES))
def test_records_carry_the_images_of_their_view_type(dynamodb: Any, streams: Any, view_type: str) -> None:
    arn = create_table(dynamodb, "events", view_type)
    assert arn is not None
    write_insert_modify_remove(dynamodb, "events")
    records = read_all(streams, arn)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    for record, images in zip(records, IMAGES[view_type], strict=True):
        body = record["dynamodb"]
        assert {"NewImage", "OldImage"} & set(body) == images
        assert body["Keys"] == {"pk": {"S": "a"}, "sk": {"N": "1"}}
        assert body["StreamViewType"] == view_type
        assert body["SizeBytes"] > 0
        assert record["eventSource"] == "aws:dynamodb" and record["awsRegion"] == "us-east-1"
        assert record["eventVersion"] == "1.1" and len(record["eventID"]) == 32
    if view_type == "NEW_AND_OLD_IMAGES":
        assert records[1]["dynamodb"]["OldImage"]["v"] == {"S": "one"}
        assert records[1]["dynamodb"]["NewImage"]["v"] == {"S": "two"}
    sequences = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert sequences == sorted(sequences)


@pytest.mark.parametrize("view_type", ["KEYS_ONLY", "NEW_AND_OLD_IMAGES"])
def test_writes_that_change_nothing_leave_no_record(dynamodb: Any, streams: Any, view_type: str) -> None:
    arn = create_table(dynamodb, "events", view_type)
    key = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    dynamodb.put_item(TableName="events", Item={**key, "v": {"N": "1"}})
    dynamodb.put_item(TableName="events", Item={**key, "v": {"N": "1.0"}})
    dynamodb.update_item(TableName="events", Key=key, UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"N": "1"}})
    dynamodb.update_item(TableName="events", Key=key, UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"N": "2"}})
    assert [r["eventName"] for r in read_all(streams, arn)] == ["INSERT", "MODIFY"]


def test_list_and_describe_streams(dynamodb: Any, streams: Any) -> None:
    arn = create_table(dynamodb, "with-stream", "NEW_IMAGE")
    create_table(dynamodb, "without-stream", None)
    table = dynamodb.describe_table(TableName="with-stream")["Table"]
    assert table["LatestStreamArn"] == arn
    listed = streams.list_streams()["Streams"]
    assert listed == [{"StreamArn": arn, "TableName": "with-stream", "StreamLabel": table["LatestStreamLabel"]}]
    assert streams.list_streams(TableName="without-stream")["Streams"] == []
    description = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert description["StreamStatus"] == "ENABLED"
    assert description["StreamViewType"] == "NEW_IMAGE"
    assert description["TableName"] == "with-stream"
    assert description["KeySchema"] == table["KeySchema"]
    (shard,) = description["Shards"]
    assert shard["ShardId"].startswith("shardId-")
    assert "EndingSequenceNumber" not in shard["SequenceNumberRange"]

    dynamodb.update_table(TableName="with-stream", StreamSpecification={"StreamEnabled": False})
    description = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert description["StreamStatus"] == "DISABLED"
    assert "EndingSequenceNumber" in description["Shards"][0]["SequenceNumberRange"]


def test_iterator_types_position_reading(dynamodb: Any, streams: Any) -> None:
    arn = create_table(dynamodb, "events", "KEYS_ONLY")
    for n in range(5):
        dynamodb.put_item(TableName="events", Item={"pk": {"S": "a"}, "sk": {"N": str(n)}})
    records = read_all(streams, arn)
    sequences = [r["dynamodb"]["SequenceNumber"] for r in records]
    assert len(sequences) == 5
    at = read_all(streams, arn, "AT_SEQUENCE_NUMBER", SequenceNumber=sequences[2])
    assert [r["dynamodb"]["SequenceNumber"] for r in at] == sequences[2:]
    after = read_all(streams, arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=sequences[2])
    assert [r["dynamodb"]["SequenceNumber"] for r in after] == sequences[3:]

    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    latest = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
    first = streams.get_records(ShardIterator=latest)
    assert first["Records"] == []
    dynamodb.put_item(TableName="events", Item={"pk": {"S": "b"}, "sk": {"N": "9"}})
    second = streams.get_records(ShardIterator=first["NextShardIterator"])
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in second["Records"]] == ["b"]


def test_get_records_pages_with_limit(dynamodb: Any, streams: Any) -> None:
    arn = create_table(dynamodb, "events", "KEYS_ONLY")
    for n in range(7):
        dynamodb.put_item(TableName="events", Item={"pk": {"S": "a"}, "sk": {"N": str(n)}})
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    iterator = iterator["ShardIterator"]
    seen = []
    for _ in range(4):
        page = streams.get_records(ShardIterator=iterator, Limit=3)
        seen += [r["dynamodb"]["Keys"]["sk"]["N"] for r in page["Records"]]
        iterator = page["NextShardIterator"]
    assert seen == [str(n) for n in range(7)]


def test_expired_iterator_and_unknown_stream_are_rejected(dynamodb: Any, streams: Any) -> None:
    arn = create_table(dynamodb, "events", "KEYS_ONLY")
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    stale = encode(ShardPosition(arn, shard, 0, time.time() - 16 * 60))
    with pytest.raises(ClientError) as expired:
        streams.get_records(ShardIterator=stale)
    assert expired.value.response["Error"]["Code"] == "ExpiredIteratorException"
    assert expired.value.response["Error"]["Message"].startswith("Iterator expired.")

    missing = arn.replace("events", "absent")
    with pytest.raises(ClientError) as unknown:
        streams.describe_stream(StreamArn=missing)
    assert unknown.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert unknown.value.response["Error"]["Message"] == f"Requested resource not found: Stream: {missing} not found"
    with pytest.raises(ClientError) as bad_shard:
        streams.get_shard_iterator(StreamArn=arn, ShardId="shardId-00000000000000000000-00000000", ShardIteratorType="LATEST")
    assert bad_shard.value.response["Error"] == {
        "Code": "ResourceNotFoundException", "Message": "Requested resource not found: Shard does not exist"
    }


def test_stream_records_survive_a_restart(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        dynamodb = emulator.client("dynamodb")
        arn = create_table(dynamodb, "events", "NEW_AND_OLD_IMAGES")
        write_insert_modify_remove(dynamodb, "events")
        before = read_all(emulator.client("dynamodbstreams"), arn)
        emulator.kill()
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        streams = emulator.client("dynamodbstreams")
        assert read_all(streams, arn) == before
        emulator.client("dynamodb").put_item(TableName="events", Item={"pk": {"S": "z"}, "sk": {"N": "0"}})
        after = read_all(streams, arn)
        assert after[:3] == before and after[3]["eventName"] == "INSERT"
        assert int(after[3]["dynamodb"]["SequenceNumber"]) > int(before[-1]["dynamodb"]["SequenceNumber"])


def test_get_records_limit_is_at_most_1000(dynamodb: Any, streams: Any) -> None:
    """AWS's documented ceiling (botocore's model has no maximum)."""
    arn = create_table(dynamodb, "limited", "KEYS_ONLY")
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert streams.get_records(ShardIterator=iterator, Limit=1000)["Records"] == []
    with pytest.raises(ClientError) as excinfo:
        streams.get_records(ShardIterator=iterator, Limit=1001)
    assert excinfo.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "One or more parameter values were invalid: Limit should be less than or equal to 1000",
    }
