"""boto3's resource layer against the emulator: batch_writer, condition builders, type round trips.

The resource layer serializes Python values with ``TypeSerializer`` (Decimal
numbers, ``Binary``, sets), builds expressions with generated ``#n0``/``:v0``
names and resends a batch's unprocessed items itself; these tests pin what
code written against it relies on.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.conditions import Attr, Key
from boto3.dynamodb.types import Binary, TypeDeserializer
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until


@pytest.fixture
def resource(server: EmulatorProcess) -> Any:
    return server.resource("dynamodb")


@pytest.fixture
def events(resource: Any) -> Any:
    """A pk (S) + sk (N) table with a GSI on kind (S) + at (S), streaming both images."""
    table = resource.create_table(
        TableName="events",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
            {"AttributeName": "kind", "AttributeType": "S"},
            {"AttributeName": "at", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-kind",
                "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    table.wait_until_exists()
    return table


def fill(table: Any, count: int, pk: str = "p") -> None:
    with table.batch_writer() as writer:
        for number in range(count):
            writer.put_item(Item={"pk": pk, "sk": number, "kind": "even" if number % 2 == 0 else "odd", "at": f"2024-01-{number % 28 + 1:02d}", "n": number})


# --- batch_writer -------------------------------------------------------------------------


def test_batch_writer_sends_more_than_25_items_and_flushes_on_exit(events: Any) -> None:
    fill(events, 60)
    assert events.scan(Select="COUNT")["Count"] == 60
    with events.batch_writer() as writer:
        for number in range(0, 60, 3):
            writer.delete_item(Key={"pk": "p", "sk": number})
    assert events.scan(Select="COUNT")["Count"] == 40


def test_batch_writer_overwrite_by_pkeys_keeps_the_last_write(events: Any) -> None:
    events.put_item(Item={"pk": "p", "sk": 1, "v": "stored"})
    with events.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as writer:
        writer.put_item(Item={"pk": "p", "sk": 1, "v": "first"})
        writer.put_item(Item={"pk": "p", "sk": 1, "v": "second"})
        writer.delete_item(Key={"pk": "p", "sk": 2})
        writer.put_item(Item={"pk": "p", "sk": 2, "v": "kept"})
        writer.put_item(Item={"pk": "p", "sk": 3, "v": "gone"})
        writer.delete_item(Key={"pk": "p", "sk": 3})
    items = events.scan(ConsistentRead=True)["Items"]
    assert sorted((item["sk"], item["v"]) for item in items) == [(1, "second"), (2, "kept")]


def test_a_batch_with_the_same_key_twice_is_refused(events: Any) -> None:
    with pytest.raises(ClientError) as excinfo, events.batch_writer() as writer:
        writer.put_item(Item={"pk": "p", "sk": 1})
        writer.put_item(Item={"pk": "p", "sk": 1})
    assert excinfo.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "Provided list of item keys contains duplicates",
    }


def test_resource_batch_get_item_returns_python_values(resource: Any, events: Any) -> None:
    fill(events, 5)
    answer = resource.batch_get_item(
        RequestItems={"events": {"Keys": [{"pk": "p", "sk": number} for number in (0, 4, 9)], "ProjectionExpression": "sk, #k", "ExpressionAttributeNames": {"#k": "kind"}}}
    )
    assert sorted(answer["Responses"]["events"], key=lambda item: item["sk"]) == [{"sk": 0, "kind": "even"}, {"sk": 4, "kind": "even"}]
    assert answer["UnprocessedKeys"] == {}


# --- conditions ---------------------------------------------------------------------------


def sks(answer: dict[str, Any]) -> list[int]:
    return [int(item["sk"]) for item in answer["Items"]]


def test_key_conditions_on_the_table_and_an_index(events: Any) -> None:
    fill(events, 12)
    fill(events, 3, pk="q")
    assert sks(events.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").between(3, 6))) == [3, 4, 5, 6]
    assert sks(events.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").lt(2), ScanIndexForward=False)) == [1, 0]
    on_index = events.query(IndexName="by-kind", KeyConditionExpression=Key("kind").eq("odd") & Key("at").begins_with("2024-01-0"))
    assert sorted(sks(on_index)) == [1, 1, 3, 5, 7]
    assert events.query(IndexName="by-kind", KeyConditionExpression=Key("kind").eq("odd") & Key("at").gt("2024-01-08"), Select="COUNT")["Count"] == 2


def test_attribute_conditions_built_by_attr(events: Any) -> None:
    events.put_item(Item={"pk": "a", "sk": 1, "name": "alpha", "tags": {"x", "y"}, "list": [1, 2, 3], "m": {"k": "v"}})
    events.put_item(Item={"pk": "a", "sk": 2, "name": "beta", "tags": {"y"}, "list": [], "m": {"k": 1}})
    events.put_item(Item={"pk": "a", "sk": 3, "name": "gamma", "n": None})

    def matching(condition: Any) -> list[int]:
        return sks(events.query(KeyConditionExpression=Key("pk").eq("a"), FilterExpression=condition))

    assert matching(Attr("name").begins_with("al") | Attr("name").contains("mm")) == [1, 3]
    assert matching(Attr("tags").contains("x")) == [1]
    assert matching(Attr("list").size().gt(0)) == [1]
    assert matching(Attr("tags").size().eq(1) & Attr("m.k").attribute_type("N")) == [2]
    assert matching(Attr("name").is_in(["beta", "gamma", "delta"])) == [2, 3]
    assert matching(~Attr("tags").exists()) == [3]
    assert matching(Attr("n").attribute_type("NULL") & Attr("name").ne("beta")) == [3]
    assert matching(Attr("name").between("b", "c") | (Attr("list[0]").eq(1) & Attr("m.k").eq("v"))) == [1, 2]
    assert matching(Attr("name").gte("beta") & Attr("name").lte("c")) == [2]
    assert sks(events.scan(FilterExpression=Attr("name").exists() & ~Attr("name").eq("alpha"))) in ([2, 3], [3, 2])


def test_conditional_put_and_update_with_builders(events: Any) -> None:
    events.put_item(Item={"pk": "c", "sk": 1, "count": 1}, ConditionExpression=Attr("pk").not_exists())
    with pytest.raises(ClientError) as excinfo:
        events.put_item(Item={"pk": "c", "sk": 1}, ConditionExpression=Attr("pk").not_exists(), ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert excinfo.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert excinfo.value.response["Item"] == {"pk": {"S": "c"}, "sk": {"N": "1"}, "count": {"N": "1"}}
    updated = events.update_item(
        Key={"pk": "c", "sk": 1},
        UpdateExpression="SET #c = #c + :one, added = list_append(if_not_exists(added, :empty), :more)",
        ConditionExpression=Attr("count").lt(5),
        ExpressionAttributeNames={"#c": "count"},
        ExpressionAttributeValues={":one": 1, ":empty": [], ":more": ["x"]},
        ReturnValues="UPDATED_NEW",
    )
    assert updated["Attributes"] == {"count": Decimal(2), "added": ["x"]}


# --- value round trips --------------------------------------------------------------------


def test_decimals_binaries_and_sets_round_trip(events: Any) -> None:
    item = {
        "pk": "v",
        "sk": Decimal("-1.5E-100"),
        "big": Decimal("12345678901234567890123456789012345678"),
        "tiny": Decimal("0.000000000000000000000000000000000000001"),
        "trailing": Decimal("1.500"),
        "blob": Binary(b"\x00\x01\xff"),
        "raw": b"bytes",
        "strings": {"a", "b"},
        "numbers": {Decimal(1), Decimal("2.5")},
        "binaries": {Binary(b"x"), Binary(b"\x00")},
        "nested": {"list": [Decimal(1), "two", None, True, {"deep": [b"\x02"]}], "empty": {}, "blank": ""},
    }
    events.put_item(Item=item)
    stored = events.get_item(Key={"pk": "v", "sk": Decimal("-1.5E-100")}, ConsistentRead=True)["Item"]
    assert stored == {**item, "raw": Binary(b"bytes"), "trailing": Decimal("1.5"), "nested": {**item["nested"], "list": [Decimal(1), "two", None, True, {"deep": [Binary(b"\x02")]}]}}
    assert str(stored["trailing"]) == "1.5" and str(stored["sk"]) == "-1.5E-100"


def test_an_empty_python_set_is_refused_as_aws_words_it(events: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        events.put_item(Item={"pk": "v", "sk": 1, "s": set()})
    assert excinfo.value.response["Error"]["Message"] == "One or more parameter values were invalid: An number set  may not be empty"  # boto3 sends set() as NS


# --- waiters and paginators ---------------------------------------------------------------


def test_waiters_see_a_table_appear_and_disappear(resource: Any, server: EmulatorProcess) -> None:
    client = resource.meta.client
    table = resource.create_table(
        TableName="brief",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "B"}],
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    )
    client.get_waiter("table_exists").wait(TableName="brief", WaiterConfig={"Delay": 1, "MaxAttempts": 5})
    table.reload()
    assert table.table_status == "ACTIVE" and table.key_schema == [{"AttributeName": "id", "KeyType": "HASH"}]
    table.delete()
    table.wait_until_not_exists()
    assert "brief" not in [t.name for t in resource.tables.all()]


def test_client_paginators_for_query_scan_and_list_tables(resource: Any, events: Any, server: EmulatorProcess) -> None:
    fill(events, 23)
    client = resource.meta.client
    pages = list(client.get_paginator("query").paginate(TableName="events", KeyConditionExpression=Key("pk").eq("p"), FilterExpression=Attr("n").gte(5), PaginationConfig={"PageSize": 10}))
    assert [page["Count"] for page in pages] == [5, 10, 3]
    assert [page["ScannedCount"] for page in pages] == [10, 10, 3]
    assert [item["sk"] for page in pages for item in page["Items"]] == list(range(5, 23))
    # A resume token is JSON: the resource client's Decimal keys cannot go in one (as on AWS).
    plain = server.client("dynamodb")
    limited = plain.get_paginator("scan").paginate(TableName="events", PaginationConfig={"PageSize": 4, "MaxItems": 6}).build_full_result()
    assert len(limited["Items"]) == 6 and "NextToken" in limited
    rest = plain.get_paginator("scan").paginate(TableName="events", PaginationConfig={"PageSize": 4, "StartingToken": limited["NextToken"]}).build_full_result()
    assert len(rest["Items"]) == 17
    for name in ("t-a", "t-b", "t-c"):
        resource.create_table(TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    names = client.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2}).build_full_result()["TableNames"]
    assert names == ["events", "t-a", "t-b", "t-c"]
    assert [t.name for t in resource.tables.page_size(1).limit(2)] == ["events", "t-a"]


# --- streams ------------------------------------------------------------------------------


def test_stream_records_deserialize_with_type_deserializer(server: EmulatorProcess, events: Any) -> None:
    events.put_item(Item={"pk": "s", "sk": 1, "amount": Decimal("9.99"), "tags": {"a"}, "blob": b"\x00"})
    events.update_item(Key={"pk": "s", "sk": 1}, UpdateExpression="REMOVE tags")
    streams = server.client("dynamodbstreams")
    arn = events.latest_stream_arn
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = wait_until(lambda: len(found := streams.get_records(ShardIterator=iterator)["Records"]) == 2 and found)
    deserialize = TypeDeserializer().deserialize

    def image(record: dict[str, Any], which: str) -> dict[str, Any]:
        return {name: deserialize(value) for name, value in record["dynamodb"][which].items()}

    inserted, modified = records
    assert inserted["eventName"] == "INSERT"
    assert image(inserted, "NewImage") == {"pk": "s", "sk": 1, "amount": Decimal("9.99"), "tags": {"a"}, "blob": Binary(b"\x00")}
    assert modified["eventName"] == "MODIFY"
    assert image(modified, "OldImage")["tags"] == {"a"} and "tags" not in image(modified, "NewImage")
    assert image(modified, "Keys") == {"pk": "s", "sk": 1}


# --- legacy parameters with Python values -------------------------------------------------


def test_legacy_parameters_take_python_values_through_the_resource(events: Any) -> None:
    for number in range(5):
        events.put_item(Item={"pk": "l", "sk": number, "v": number * 10, "s": {"a", str(number)}})
    updated = events.update_item(
        Key={"pk": "l", "sk": 1},
        AttributeUpdates={"v": {"Action": "ADD", "Value": 5}, "s": {"Action": "DELETE", "Value": {"a"}}, "new": {"Action": "PUT", "Value": [1, "x"]}},
        Expected={"v": {"Value": 10}},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    assert updated == {"pk": "l", "sk": 1, "v": 15, "s": {"1"}, "new": [1, "x"]}
    queried = events.query(
        KeyConditions={"pk": {"AttributeValueList": ["l"], "ComparisonOperator": "EQ"}, "sk": {"AttributeValueList": [1, 3], "ComparisonOperator": "BETWEEN"}},
        QueryFilter={"v": {"AttributeValueList": [20], "ComparisonOperator": "GE"}},
    )
    assert sks(queried) == [2, 3]
    assert sks(events.scan(ScanFilter={"s": {"AttributeValueList": ["3"], "ComparisonOperator": "CONTAINS"}})) == [3]
    assert events.get_item(Key={"pk": "l", "sk": 2}, AttributesToGet=["v"])["Item"] == {"v": 20}
    with pytest.raises(ClientError) as excinfo:
        events.delete_item(Key={"pk": "l", "sk": 2}, Expected={"v": {"ComparisonOperator": "IN", "AttributeValueList": [30, 40]}})
    assert excinfo.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    events.delete_item(Key={"pk": "l", "sk": 2}, Expected={"v": {"ComparisonOperator": "IN", "AttributeValueList": [20, 30]}})
    assert "Item" not in events.get_item(Key={"pk": "l", "sk": 2})
