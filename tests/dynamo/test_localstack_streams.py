"""DynamoDB Streams records and shapes as LocalStack's AWS-validated snapshots recorded them.

Source: localstack/localstack tests/aws/services/dynamodb/test_dynamodb.snapshot.json (requests in
test_dynamodb.py beside it). Placeholders there (ids, sequence numbers, times) are checked for form here.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from emulator.testing import EmulatorProcess

NEW_AND_OLD = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
THROUGHPUT = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
RECORD_MEMBERS = ["awsRegion", "dynamodb", "eventID", "eventName", "eventSource", "eventVersion"]


@pytest.fixture
def streams(server: EmulatorProcess) -> Any:
    return server.client("dynamodbstreams")


def stream_table(dynamodb: Any, name: str, key: str = "id", view: dict[str, Any] = NEW_AND_OLD) -> dict[str, Any]:
    return dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
        ProvisionedThroughput=THROUGHPUT,
        StreamSpecification=view,
    )["TableDescription"]


def first_shard(streams: Any, arn: str) -> dict[str, Any]:
    return streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]


def trim_horizon(streams: Any, arn: str) -> str:
    shard = first_shard(streams, arn)
    return streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]


def read(streams: Any, iterator: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    while iterator:
        page = streams.get_records(ShardIterator=iterator)
        records += page["Records"]
        if not page["Records"]:
            break
        iterator = page.get("NextShardIterator")
    return records


def summary(records: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Each record's event and its ``dynamodb`` member without the times and sequence numbers."""
    out = []
    for record in records:
        assert sorted(record) == RECORD_MEMBERS
        assert (record["eventSource"], record["eventVersion"], record["awsRegion"]) == ("aws:dynamodb", "1.1", "us-east-1")
        change = {k: v for k, v in record["dynamodb"].items() if k not in ("ApproximateCreationDateTime", "SequenceNumber")}
        out.append((record["eventName"], change))
    return out


def change(keys: dict[str, Any], size: int, new: dict[str, Any] | None = None, old: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"Keys": keys, "SizeBytes": size, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    if new is not None:
        out["NewImage"] = new
    if old is not None:
        out["OldImage"] = old
    return out


def key(value: str) -> dict[str, Any]:
    return {"id": {"S": value}}


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_batch_write_items_streaming (create-table, describe-stream)
def test_a_stream_table_is_created_and_its_stream_described(dynamodb: Any, streams: Any) -> None:
    table = stream_table(dynamodb, "described_stream")
    assert sorted(table) == [
        "AttributeDefinitions", "CreationDateTime", "DeletionProtectionEnabled", "ItemCount", "KeySchema",
        "LatestStreamArn", "LatestStreamLabel", "ProvisionedThroughput", "StreamSpecification", "TableArn", "TableId",
        "TableName", "TableSizeBytes", "TableStatus",
    ]
    assert table["LatestStreamArn"] == f"{table['TableArn']}/stream/{table['LatestStreamLabel']}"
    assert table["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0, **THROUGHPUT}
    assert table["StreamSpecification"] == NEW_AND_OLD
    description = streams.describe_stream(StreamArn=table["LatestStreamArn"])["StreamDescription"]
    assert sorted(description) == [
        "CreationRequestDateTime", "KeySchema", "Shards", "StreamArn", "StreamLabel", "StreamStatus", "StreamViewType", "TableName",
    ]
    assert (description["StreamStatus"], description["StreamViewType"], description["TableName"]) == (
        "ENABLED", "NEW_AND_OLD_IMAGES", "described_stream",
    )
    assert description["StreamLabel"] == table["LatestStreamLabel"]
    [shard] = description["Shards"]
    assert sorted(shard) == ["SequenceNumberRange", "ShardId"]
    assert list(shard["SequenceNumberRange"]) == ["StartingSequenceNumber"]
    # test_dynamodb_streams_describe_with_exclusive_start_shard_id: the shard named is left out.
    after = streams.describe_stream(StreamArn=table["LatestStreamArn"], ExclusiveStartShardId=shard["ShardId"])
    assert all(s["ShardId"] != shard["ShardId"] for s in after["StreamDescription"]["Shards"])


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_batch_write_items_streaming
def test_batch_writes_stream_changes_but_not_identical_overwrites(dynamodb: Any, streams: Any) -> None:
    arn = stream_table(dynamodb, "batch_stream")["LatestStreamArn"]
    iterator = trim_horizon(streams, arn)
    dynamodb.put_item(TableName="batch_stream", Item=key("Fred"))
    dynamodb.batch_write_item(RequestItems={"batch_stream": [{"PutRequest": {"Item": key("Fred")}}, {"PutRequest": {"Item": key("NewKey")}}]})
    dynamodb.batch_write_item(RequestItems={"batch_stream": [
        {"DeleteRequest": {"Key": key("NewKey")}}, {"PutRequest": {"Item": {**key("Fred"), "name": {"S": "Fred"}}}},
    ]})
    assert summary(read(streams, iterator)) == [
        ("INSERT", change(key("Fred"), 12, new=key("Fred"))),
        ("INSERT", change(key("NewKey"), 16, new=key("NewKey"))),
        ("REMOVE", change(key("NewKey"), 16, old=key("NewKey"))),
        ("MODIFY", change(key("Fred"), 26, new={**key("Fred"), "name": {"S": "Fred"}}, old=key("Fred"))),
    ]


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_transact_write_items_streaming
def test_transactions_stream_each_change(dynamodb: Any, streams: Any) -> None:
    arn = stream_table(dynamodb, "tx_stream")["LatestStreamArn"]
    iterator = trim_horizon(streams, arn)
    dynamodb.put_item(TableName="tx_stream", Item=key("Fred"))

    def put(item: dict[str, Any]) -> dict[str, Any]:
        return {"Put": {"TableName": "tx_stream", "Item": item}}

    def update(at: str, expression: str, values: dict[str, Any]) -> dict[str, Any]:
        return {"Update": {"TableName": "tx_stream", "Key": key(at), "UpdateExpression": expression, "ExpressionAttributeValues": values}}

    one = {":v1": {"S": "value1"}}
    dynamodb.transact_write_items(TransactItems=[put(key("Fred")), put(key("NewKey"))])
    dynamodb.transact_write_items(TransactItems=[update("NewKey", "SET attr1 = :v1, attr2 = :v2", {**one, ":v2": {"S": "value2"}})])
    dynamodb.transact_write_items(TransactItems=[update("NonExistentKey", "SET attr1 = :v1", one)])
    dynamodb.transact_write_items(TransactItems=[
        {"Delete": {"TableName": "tx_stream", "Key": key("NewKey")}},
        put({**key("Fred"), "name": {"S": "Fred"}}),
        update("NonExistentKey", "SET attr1 = :v1", one),
    ])
    both = {"attr1": {"S": "value1"}, "attr2": {"S": "value2"}}
    assert summary(read(streams, iterator)) == [
        ("INSERT", change(key("Fred"), 12, new=key("Fred"))),
        ("INSERT", change(key("NewKey"), 16, new=key("NewKey"))),
        ("MODIFY", change(key("NewKey"), 46, new={**both, **key("NewKey")}, old=key("NewKey"))),
        ("INSERT", change(key("NonExistentKey"), 43, new={"attr1": {"S": "value1"}, **key("NonExistentKey")})),
        ("REMOVE", change(key("NewKey"), 38, old={**both, **key("NewKey")})),
        ("MODIFY", change(key("Fred"), 26, new={**key("Fred"), "name": {"S": "Fred"}}, old=key("Fred"))),
    ]


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_transact_write_items_streaming_for_different_tables
def test_a_transaction_streams_only_the_stream_enabled_tables_changes(dynamodb: Any, streams: Any) -> None:
    arn = stream_table(dynamodb, "with_stream")["LatestStreamArn"]
    plain = dynamodb.create_table(
        TableName="without_stream", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], ProvisionedThroughput=THROUGHPUT,
    )["TableDescription"]
    assert not {"LatestStreamArn", "LatestStreamLabel", "StreamSpecification"} & set(plain)
    iterator = trim_horizon(streams, arn)
    dynamodb.transact_write_items(TransactItems=[
        {"Put": {"TableName": "without_stream", "Item": key("Fred")}}, {"Put": {"TableName": "with_stream", "Item": key("Fred")}},
    ])
    assert summary(read(streams, iterator)) == [("INSERT", change(key("Fred"), 12, new=key("Fred")))]


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_dynamodb_stream_records_with_update_item
def test_update_item_records_have_whole_second_times_and_later_sequence_numbers(dynamodb: Any, streams: Any) -> None:
    arn = stream_table(dynamodb, "update_stream")["LatestStreamArn"]
    start = int(first_shard(streams, arn)["SequenceNumberRange"]["StartingSequenceNumber"])
    iterator = trim_horizon(streams, arn)

    def update(first: str, second: str) -> None:
        dynamodb.update_item(
            TableName="update_stream", Key=key("my-item-id"), UpdateExpression="SET attr1 = :v1, attr2 = :v2",
            ExpressionAttributeValues={":v1": {"S": first}, ":v2": {"S": second}},
        )

    update("value1", "value2")
    update("value1", "value2")  # the same values again: no record
    update("value2", "value3")
    records = read(streams, iterator)
    old = {"attr1": {"S": "value1"}, "attr2": {"S": "value2"}, **key("my-item-id")}
    new = {"attr1": {"S": "value2"}, "attr2": {"S": "value3"}, **key("my-item-id")}
    assert summary(records) == [
        ("INSERT", change(key("my-item-id"), 46, new=old)),
        ("MODIFY", change(key("my-item-id"), 80, new=new, old=old)),
    ]
    for record in records:
        assert record["dynamodb"]["ApproximateCreationDateTime"].microsecond == 0
        assert int(record["dynamodb"]["SequenceNumber"]) > start


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_dynamodb_stream_stream_view_type
def test_keys_only_records_of_item_and_partiql_writes(dynamodb: Any, streams: Any) -> None:
    table = stream_table(dynamodb, "keys_stream", key="Username", view={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    arn = table["LatestStreamArn"]
    fred = {"Username": {"S": "Fred"}}
    dynamodb.put_item(TableName="keys_stream", Item=fred)
    dynamodb.put_item(TableName="keys_stream", Item=fred)
    updated = dynamodb.update_item(
        TableName="keys_stream", Key=fred, UpdateExpression="set S=:r",
        ExpressionAttributeValues={":r": {"S": "Fred_Modified"}}, ReturnValues="UPDATED_NEW",
    )
    assert updated["Attributes"] == {"S": {"S": "Fred_Modified"}}
    dynamodb.delete_item(TableName="keys_stream", Key=fred)
    dynamodb.execute_statement(Statement="INSERT INTO keys_stream VALUE {'Username': 'Alice'}")
    dynamodb.execute_statement(Statement="UPDATE keys_stream SET partiql=1 WHERE Username='Alice'")
    dynamodb.execute_statement(Statement="DELETE FROM keys_stream WHERE Username='Alice'")
    shard = first_shard(streams, arn)
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="AT_SEQUENCE_NUMBER",
        SequenceNumber=shard["SequenceNumberRange"]["StartingSequenceNumber"],
    )["ShardIterator"]
    expected = [
        (event, {"Keys": {"Username": {"S": name}}, "SizeBytes": size, "StreamViewType": "KEYS_ONLY"})
        for name, size in (("Fred", 12), ("Alice", 13))
        for event in ("INSERT", "MODIFY", "REMOVE")
    ]
    assert summary(read(streams, iterator)) == expected


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_data_encoding_consistency
def test_binary_values_read_the_same_from_the_table_and_the_stream(dynamodb: Any, streams: Any) -> None:
    arn = stream_table(dynamodb, "binary_stream")["LatestStreamArn"]
    item = {**key("id1"), "version": {"N": "1"}, "data": {"B": b"\x90"}}
    dynamodb.put_item(TableName="binary_stream", Item=item)
    assert dynamodb.get_item(TableName="binary_stream", Key=key("id1"))["Item"] == item
    iterator = trim_horizon(streams, arn)
    assert streams.get_records(ShardIterator=iterator)["Records"][0]["dynamodb"]["NewImage"] == item
    dynamodb.update_item(
        TableName="binary_stream", Key=key("id1"), UpdateExpression="SET version=:v", ExpressionAttributeValues={":v": {"N": "2"}}
    )
    updated = {**item, "version": {"N": "2"}}
    assert dynamodb.get_item(TableName="binary_stream", Key=key("id1"))["Item"] == updated
    assert streams.get_records(ShardIterator=iterator)["Records"][1]["dynamodb"]["NewImage"] == updated


# LocalStack's AWS-validated test test_dynamodb.py::TestDynamoDB::test_dynamodb_streams_shard_iterator_format (no snapshot: its assertions)
def test_shard_iterators_start_with_the_stream_arn(dynamodb: Any, streams: Any) -> None:
    dynamodb.create_table(
        TableName="iterator_format", KeySchema=[{"AttributeName": "my_partition_key", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "my_partition_key", "AttributeType": "S"}], ProvisionedThroughput=THROUGHPUT,
    )
    arn = dynamodb.update_table(TableName="iterator_format", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})[
        "TableDescription"
    ]["LatestStreamArn"]
    form = re.compile(rf"^{re.escape(arn)}\|\d\|.+$")
    iterator = trim_horizon(streams, arn)
    assert form.match(iterator)
    page = streams.get_records(ShardIterator=iterator)
    assert page["Records"] == [] and form.match(page["NextShardIterator"])
