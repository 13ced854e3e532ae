"""Stream lifecycle through boto3: disabling, re-enabling, deleting the table, closed shards."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

#: AWS's iterators: the stream ARN, a version, then standard base64.
ITERATOR = re.compile(r"^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table/[^/]+/stream/[^|]+\|1\|[A-Za-z0-9+/]+=*$")


@pytest.fixture
def streams(server: EmulatorProcess) -> Any:
    return server.client("dynamodbstreams")


def create_table(dynamodb: Any, name: str, view_type: str = "NEW_AND_OLD_IMAGES") -> str:
    return dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type},
    )["TableDescription"]["LatestStreamArn"]


def only_shard(streams: Any, arn: str) -> dict[str, Any]:
    (shard,) = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
    return shard


def iterator(streams: Any, arn: str, kind: str = "TRIM_HORIZON") -> str:
    shard_id = only_shard(streams, arn)["ShardId"]
    return streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType=kind)["ShardIterator"]


def read_to_end(streams: Any, shard_iterator: str) -> list[str]:
    """Follows NextShardIterator until the closed shard says it is done (a bounded loop)."""
    keys: list[str] = []
    for _ in range(5):
        page = streams.get_records(ShardIterator=shard_iterator)
        keys += [record["dynamodb"]["Keys"]["id"]["S"] for record in page["Records"]]
        if "NextShardIterator" not in page:
            return keys
        shard_iterator = page["NextShardIterator"]
    raise AssertionError("a closed shard kept answering NextShardIterator")


def test_iterators_look_like_aws_ones(dynamodb: Any, streams: Any) -> None:
    arn = create_table(dynamodb, "shaped")
    dynamodb.put_item(TableName="shaped", Item={"id": {"S": "a"}})
    for kind in ("TRIM_HORIZON", "LATEST"):
        first = iterator(streams, arn, kind)
        assert ITERATOR.match(first) and first.startswith(arn + "|1|")
        assert ITERATOR.match(streams.get_records(ShardIterator=first)["NextShardIterator"])


def test_disabling_closes_the_shard_and_reenabling_makes_a_new_stream(dynamodb: Any, streams: Any) -> None:
    old = create_table(dynamodb, "cycled", "KEYS_ONLY")
    dynamodb.put_item(TableName="cycled", Item={"id": {"S": "before"}})
    open_iterator = iterator(streams, old)
    dynamodb.update_table(TableName="cycled", StreamSpecification={"StreamEnabled": False})
    dynamodb.put_item(TableName="cycled", Item={"id": {"S": "while-off"}})

    closed = only_shard(streams, old)["SequenceNumberRange"]
    assert int(closed["EndingSequenceNumber"]) >= int(closed["StartingSequenceNumber"])
    assert read_to_end(streams, open_iterator) == ["before"]
    assert read_to_end(streams, iterator(streams, old, "LATEST")) == []

    new = dynamodb.update_table(
        TableName="cycled", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    )["TableDescription"]["LatestStreamArn"]
    assert new != old
    dynamodb.put_item(TableName="cycled", Item={"id": {"S": "after"}})
    described = streams.describe_stream(StreamArn=new)["StreamDescription"]
    assert (described["StreamStatus"], described["StreamViewType"]) == ("ENABLED", "NEW_IMAGE")
    assert streams.describe_stream(StreamArn=old)["StreamDescription"]["StreamStatus"] == "DISABLED"
    assert [s["StreamArn"] for s in streams.list_streams(TableName="cycled")["Streams"]] == [new, old]
    records = streams.get_records(ShardIterator=iterator(streams, new))["Records"]
    assert [(r["eventName"], r["dynamodb"]["NewImage"]) for r in records] == [("INSERT", {"id": {"S": "after"}})]


def test_a_shard_closed_before_any_record_is_empty_and_finished(dynamodb: Any, streams: Any) -> None:
    arn = create_table(dynamodb, "quiet")
    dynamodb.update_table(TableName="quiet", StreamSpecification={"StreamEnabled": False})
    closed = only_shard(streams, arn)["SequenceNumberRange"]
    assert closed["EndingSequenceNumber"] == closed["StartingSequenceNumber"]
    assert read_to_end(streams, iterator(streams, arn)) == []


def test_a_deleted_tables_stream_stays_readable_and_disabled(dynamodb: Any, streams: Any) -> None:
    arn = create_table(dynamodb, "gone")
    dynamodb.put_item(TableName="gone", Item={"id": {"S": "a"}})
    dynamodb.delete_item(TableName="gone", Key={"id": {"S": "a"}})
    dynamodb.delete_table(TableName="gone")
    description = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert description["StreamStatus"] == "DISABLED" and description["TableName"] == "gone"
    assert "EndingSequenceNumber" in description["Shards"][0]["SequenceNumberRange"]
    assert [s["StreamArn"] for s in streams.list_streams()["Streams"]] == [arn]
    page = streams.get_records(ShardIterator=iterator(streams, arn))
    assert [r["eventName"] for r in page["Records"]] == ["INSERT", "REMOVE"]
    assert "NextShardIterator" not in page


def test_list_streams_pages_newest_first(dynamodb: Any, streams: Any) -> None:
    arns = [create_table(dynamodb, f"paged-{n}", "KEYS_ONLY") for n in range(3)][::-1]
    first = streams.list_streams(Limit=2)
    assert [s["StreamArn"] for s in first["Streams"]] == arns[:2]
    assert first["LastEvaluatedStreamArn"] == arns[1]
    rest = streams.list_streams(Limit=2, ExclusiveStartStreamArn=first["LastEvaluatedStreamArn"])
    assert [s["StreamArn"] for s in rest["Streams"]] == arns[2:]
    assert "LastEvaluatedStreamArn" not in rest


def test_records_come_after_the_shards_starting_sequence_number(dynamodb: Any, streams: Any) -> None:
    """As recorded on AWS: the first record's number is greater than StartingSequenceNumber, and an
    AT_SEQUENCE_NUMBER iterator at StartingSequenceNumber reads from the first record, repeatably."""
    arn = create_table(dynamodb, "ordered")
    shard = only_shard(streams, arn)
    starting = shard["SequenceNumberRange"]["StartingSequenceNumber"]
    dynamodb.put_item(TableName="ordered", Item={"id": {"S": "a"}, "v": {"N": "1"}})
    at_start = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="AT_SEQUENCE_NUMBER", SequenceNumber=starting
    )["ShardIterator"]
    (insert,) = streams.get_records(ShardIterator=at_start)["Records"]
    assert int(insert["dynamodb"]["SequenceNumber"]) > int(starting)
    dynamodb.update_item(
        TableName="ordered", Key={"id": {"S": "a"}}, UpdateExpression="SET v = :v",
        ExpressionAttributeValues={":v": {"N": "2"}},
    )
    again = streams.get_records(ShardIterator=at_start)["Records"]
    assert [r["eventName"] for r in again] == ["INSERT", "MODIFY"]
    assert again[1]["dynamodb"]["NewImage"]["v"] == {"N": "2"}
    assert again[1]["dynamodb"]["ApproximateCreationDateTime"].microsecond == 0


def test_an_empty_open_shard_keeps_answering_next_iterators(dynamodb: Any, streams: Any) -> None:
    arn = create_table(dynamodb, "idle")
    page = streams.get_records(ShardIterator=iterator(streams, arn))
    assert page["Records"] == []
    dynamodb.put_item(TableName="idle", Item={"id": {"S": "late"}})
    later = streams.get_records(ShardIterator=page["NextShardIterator"])
    assert [r["dynamodb"]["Keys"] for r in later["Records"]] == [{"id": {"S": "late"}}]


def test_keys_only_records_of_item_and_partiql_writes(dynamodb: Any, streams: Any) -> None:
    """AWS's recorded KEYS_ONLY scenario: put/update/delete, then the same through PartiQL."""
    arn = create_table(dynamodb, "keys-only", "KEYS_ONLY")
    dynamodb.put_item(TableName="keys-only", Item={"id": {"S": "Fred"}})
    dynamodb.update_item(
        TableName="keys-only", Key={"id": {"S": "Fred"}}, UpdateExpression="set S=:r",
        ExpressionAttributeValues={":r": {"S": "Fred_Modified"}}, ReturnValues="UPDATED_NEW",
    )
    dynamodb.delete_item(TableName="keys-only", Key={"id": {"S": "Fred"}})
    shard = only_shard(streams, arn)
    dynamodb.execute_statement(Statement="INSERT INTO \"keys-only\" VALUE {'id': 'Alice'}")
    dynamodb.execute_statement(Statement="UPDATE \"keys-only\" SET partiql=1 WHERE id='Alice'")
    dynamodb.execute_statement(Statement="DELETE FROM \"keys-only\" WHERE id='Alice'")
    at_start = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="AT_SEQUENCE_NUMBER",
        SequenceNumber=shard["SequenceNumberRange"]["StartingSequenceNumber"],
    )["ShardIterator"]
    records = streams.get_records(ShardIterator=at_start)["Records"]
    assert [(r["eventName"], r["dynamodb"]["Keys"]["id"]["S"]) for r in records] == [
        ("INSERT", "Fred"), ("MODIFY", "Fred"), ("REMOVE", "Fred"),
        ("INSERT", "Alice"), ("MODIFY", "Alice"), ("REMOVE", "Alice"),
    ]
    for record in records:
        assert set(record["dynamodb"]) == {
            "ApproximateCreationDateTime", "Keys", "SequenceNumber", "SizeBytes", "StreamViewType"
        }


def test_a_stream_is_enabling_while_its_table_is_created() -> None:
    with EmulatorProcess("--table-delay-ms", "400") as emulator:
        dynamodb, streams = emulator.client("dynamodb"), emulator.client("dynamodbstreams")
        arn = create_table(dynamodb, "slow")
        assert streams.describe_stream(StreamArn=arn)["StreamDescription"]["StreamStatus"] == "ENABLING"
        dynamodb.get_waiter("table_exists").wait(TableName="slow", WaiterConfig={"Delay": 0.2})
        assert streams.describe_stream(StreamArn=arn)["StreamDescription"]["StreamStatus"] == "ENABLED"


def test_sequence_numbers_outside_the_shard_are_refused(dynamodb: Any, streams: Any) -> None:
    arn = create_table(dynamodb, "bounded")
    dynamodb.put_item(TableName="bounded", Item={"id": {"S": "a"}})
    shard = only_shard(streams, arn)
    starting = int(shard["SequenceNumberRange"]["StartingSequenceNumber"])

    def refused(number: str) -> dict[str, Any]:
        with pytest.raises(ClientError) as excinfo:
            streams.get_shard_iterator(
                StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                SequenceNumber=number,
            )
        return excinfo.value.response["Error"]

    invalid = {"Code": "ValidationException", "Message": "Invalid SequenceNumber for the shard"}
    assert refused(str(starting - 1).zfill(21)) == invalid
    assert refused("x" * 21) == invalid
    dynamodb.update_table(TableName="bounded", StreamSpecification={"StreamEnabled": False})
    ending = int(only_shard(streams, arn)["SequenceNumberRange"]["EndingSequenceNumber"])
    assert refused(str(ending + 1)) == invalid
    last = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="AT_SEQUENCE_NUMBER", SequenceNumber=str(ending)
    )["ShardIterator"]
    assert [r["dynamodb"]["Keys"] for r in streams.get_records(ShardIterator=last)["Records"]] == [{"id": {"S": "a"}}]


def test_iterators_of_unknown_shards_and_garbage_are_refused(dynamodb: Any, streams: Any, server: EmulatorProcess) -> None:
    arn = create_table(dynamodb, "iterated")
    good = iterator(streams, arn)
    other_region = server.client("dynamodbstreams", region_name="eu-west-1")
    with pytest.raises(ClientError) as elsewhere:
        other_region.get_records(ShardIterator=good)
    assert elsewhere.value.response["Error"] == {
        "Code": "ResourceNotFoundException", "Message": "Invalid ShardId in ShardIterator"
    }
    with pytest.raises(ClientError) as garbage:
        streams.get_records(ShardIterator=arn + "|1|not base64!")
    assert garbage.value.response["Error"] == {"Code": "ValidationException", "Message": "Invalid ShardIterator"}
