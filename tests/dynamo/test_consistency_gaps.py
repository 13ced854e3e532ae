"""Two DynamoDB fidelity gaps: Query filters on key attributes, and BatchWriteItem's collection limit."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of

from emulator.aws.context import RequestContext
from emulator.config import Settings
from emulator.dynamo.errors import ItemCollectionSizeLimitExceededException
from emulator.dynamo.operations import batch
from emulator.dynamo.provider import DynamoDBProvider

KEY_FILTER = "Filter Expression can only contain non-primary key attributes: Primary key attribute: "


@pytest.fixture
def indexed(dynamodb: Any) -> Any:
    create_table(
        dynamodb,
        "things",
        range_key=("sk", "N"),
        ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
        ],
    )
    dynamodb.put_item(TableName="things", Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "x"}, "n": {"N": "5"}})
    return dynamodb


def query_error(client: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as excinfo:
        client.query(TableName="things", **params)
    return error_of(excinfo)


ON_A = {"KeyConditionExpression": "pk = :a", "ExpressionAttributeValues": {":a": {"S": "a"}, ":v": {"N": "0"}}}


@pytest.mark.parametrize(
    ("filter_", "names", "attribute"),
    [
        ("sk > :v", None, "sk"),
        ("pk = :v OR sk > :v", None, "pk"),
        ("sk > :v AND pk = :v", None, "pk"),
        ("size(#k) > :v", {"#k": "sk"}, "sk"),
        ("attribute_exists(pk.part) AND n > :v", None, "pk"),
    ],
)
def test_query_rejects_a_filter_on_the_queried_key(indexed: Any, filter_: str, names: Any, attribute: str) -> None:
    extra = {"ExpressionAttributeNames": names} if names else {}
    assert query_error(indexed, FilterExpression=filter_, **ON_A, **extra) == ("ValidationException", KEY_FILTER + attribute)


def test_non_key_filters_pass_and_scan_may_filter_on_keys(indexed: Any) -> None:
    assert indexed.query(TableName="things", FilterExpression="n > :v", **ON_A)["Count"] == 1
    scanned = indexed.scan(TableName="things", FilterExpression="sk > :v", ExpressionAttributeValues={":v": {"N": "0"}})
    assert scanned["Count"] == 1


def test_an_index_query_checks_the_index_keys_not_the_table_keys(indexed: Any) -> None:
    on_x = {"IndexName": "by_g", "KeyConditionExpression": "g = :x"}
    found = indexed.query(
        TableName="things", FilterExpression="sk > :v", ExpressionAttributeValues={":x": {"S": "x"}, ":v": {"N": "0"}}, **on_x
    )
    assert found["Count"] == 1
    error = query_error(
        indexed, FilterExpression="g <> :v", ExpressionAttributeValues={":x": {"S": "x"}, ":v": {"S": "y"}}, **on_x
    )
    assert error == ("ValidationException", KEY_FILTER + "g")


def test_a_legacy_query_filter_is_named_as_such(indexed: Any) -> None:
    error = query_error(
        indexed,
        KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}},
        QueryFilter={"sk": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "0"}]}},
    )
    assert error == ("ValidationException", "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk")


def test_partiql_where_clauses_may_still_filter_on_keys(indexed: Any) -> None:
    for sk in range(2, 5):
        indexed.put_item(TableName="things", Item={"pk": {"S": "a"}, "sk": {"N": str(sk)}})
    found = indexed.execute_statement(Statement="SELECT sk FROM things WHERE pk = 'a' AND (sk = 1 OR sk = 3)")["Items"]
    assert found == [{"sk": {"N": "1"}}, {"sk": {"N": "3"}}]


# -- BatchWriteItem: the item-collection limit is checked before anything is written --

CTX = RequestContext(region="us-east-1")


def test_a_batch_that_would_overflow_an_item_collection_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    provider = DynamoDBProvider(Settings(in_memory=True))
    provider.create_table(
        CTX,
        {
            "TableName": "collections",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
                {"AttributeName": "l", "AttributeType": "S"},
            ],
            "LocalSecondaryIndexes": [
                {
                    "IndexName": "by_l",
                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )
    table = provider.store.table("us-east-1", "collections")

    def item(sk: str) -> dict[str, Any]:
        return {"pk": {"S": "p"}, "sk": {"S": sk}, "l": {"S": "x" * 100}}

    one = table.entry_size({"pk": {"S": "p"}, "sk": {"S": "1"}, "l": {"S": "x" * 100}})
    monkeypatch.setattr(batch, "MAX_COLLECTION_BYTES", 2 * one + one // 2)  # room for two items, not three
    puts = [{"PutRequest": {"Item": item(str(i))}} for i in range(3)]
    with pytest.raises(ItemCollectionSizeLimitExceededException):
        provider.batch_write_item(CTX, {"RequestItems": {"collections": puts}})
    assert table.items.count == 0
    provider.batch_write_item(CTX, {"RequestItems": {"collections": puts[:2]}})
    assert table.items.count == 2
    with pytest.raises(ItemCollectionSizeLimitExceededException):
        provider.batch_write_item(CTX, {"RequestItems": {"collections": puts[2:]}})
    swap = [{"DeleteRequest": {"Key": {"pk": {"S": "p"}, "sk": {"S": "0"}}}}, puts[2]]
    provider.batch_write_item(CTX, {"RequestItems": {"collections": swap}})
    assert sorted(blob for blob in table.all_items()) == sorted(table.get_blob("p", s) for s in ("1", "2"))
