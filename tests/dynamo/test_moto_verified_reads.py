"""Read orders and pages as moto's aws_verified tests record AWS (getmoto/moto tests/test_dynamodb/
test_dynamodb_scan.py, test_dynamodb_query.py and test_dynamodb_statements.py): Scan's walk across
partitions, a start key that names no stored item, an LSI's page keys, numeric index sort keys, and
PartiQL reads of an index."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of

SERIALIZE, DESERIALIZE = TypeSerializer().serialize, TypeDeserializer().deserialize


def plain(item: dict[str, Any]) -> dict[str, Any]:
    return {name: DESERIALIZE(value) for name, value in item.items()}


def put(dynamodb: Any, table: str, **item: Any) -> None:
    dynamodb.put_item(TableName=table, Item={name: SERIALIZE(value) for name, value in item.items()})


def scan_pages(dynamodb: Any, table: str) -> list[list[dict[str, Any]]]:
    pages, start = [], {}
    while True:
        page = dynamodb.scan(TableName=table, Limit=3, **start)
        pages.append([plain(item) for item in page["Items"]])
        if "LastEvaluatedKey" not in page:
            return pages
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}


# moto test_dynamodb_scan.py::test_scan_with_alternating_hash_keys and ::test_scan_with_numeric_range_key
def test_scan_walks_partition_a_before_b_each_in_sort_key_order(dynamodb: Any) -> None:
    create_table(dynamodb, "words", range_key=("sk", "S"))
    create_table(dynamodb, "numbers", range_key=("sk", "N"))
    for table, key in (("words", str), ("numbers", Decimal)):
        for i in [*range(8), *range(20, 15, -1)]:
            put(dynamodb, table, pk="A" if i % 2 or i > 15 else "B", sk=key(i))
    rows = lambda pk, *sks: [{"pk": pk, "sk": sk} for sk in sks]  # noqa: E731
    assert scan_pages(dynamodb, "words") == [
        rows("A", "1", "16", "17"), rows("A", "18", "19", "20"), rows("A", "3", "5", "7"), rows("B", "0", "2", "4"), rows("B", "6"),
    ]
    numbers = [Decimal(n) for n in (1, 3, 5, 7, 16, 17, 18, 19, 20, 0, 2, 4, 6)]
    assert scan_pages(dynamodb, "numbers") == [
        rows("A", *numbers[0:3]), rows("A", *numbers[3:6]), rows("A", *numbers[6:9]), rows("B", *numbers[9:12]), rows("B", numbers[12]),
    ]


# moto test_dynamodb_scan.py::test_scan_with_unknown_last_evaluated_key
def test_a_scan_start_key_need_not_name_a_stored_item(dynamodb: Any) -> None:
    create_table(dynamodb, "ranges", range_key=("sk", "S"))
    for i in range(10):
        put(dynamodb, "ranges", pk="hash_value", sk=f"range_value{i}")

    def first_after(sk: str) -> str:
        start = {"pk": {"S": "hash_value"}, "sk": {"S": sk}}
        return dynamodb.scan(TableName="ranges", Limit=1, ExclusiveStartKey=start)["Items"][0]["sk"]["S"]

    assert first_after("range_value0") == "range_value1"
    assert first_after("range_value00") == "range_value1"
    assert first_after("range_value500") == "range_value6"


# moto test_dynamodb_query.py::test_query_lsi_pagination and ::test_query_lsi_pagination_with_numerical_local_range_key
def test_lsi_pages_carry_the_table_key_and_the_index_sort_key(dynamodb: Any) -> None:
    create_table(
        dynamodb, "local", range_key=("sk", "S"), ExtraDefinitions=[{"AttributeName": "lsi_sk", "AttributeType": "N"}],
        LocalSecondaryIndexes=[{
            "IndexName": "test_lsi", "Projection": {"ProjectionType": "ALL"},
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsi_sk", "KeyType": "RANGE"}],
        }],
    )
    for i in [*range(3, 7), *range(9, 6, -1), *range(3)]:
        put(dynamodb, "local", pk="the-key", sk=f"{i}", lsi_sk=Decimal(i))
    for i in range(15, 20):
        put(dynamodb, "local", pk="the-key", sk=f"{i}")
    query = {"TableName": "local", "IndexName": "test_lsi", "KeyConditionExpression": "pk = :pk", "ExpressionAttributeValues": {":pk": {"S": "the-key"}}}
    first = dynamodb.query(**query, Limit=6)
    assert [plain(item)["lsi_sk"] for item in first["Items"]] == [Decimal(i) for i in range(6)]
    assert plain(first["LastEvaluatedKey"]) == {"pk": "the-key", "sk": "5", "lsi_sk": Decimal(5)}
    rest = dynamodb.query(**query, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert [item["sk"]["S"] for item in rest["Items"]] == ["6", "7", "8", "9"]
    assert "LastEvaluatedKey" not in rest


# moto test_dynamodb_query.py::test_gsi_verify_negative_number_order and ::test_query_gsi_pagination_with_numeric_range
def test_a_numeric_gsi_sort_key_orders_by_value(dynamodb: Any) -> None:
    create_table(
        dynamodb, "scores", ExtraDefinitions=[{"AttributeName": "gsi_pk", "AttributeType": "S"}, {"AttributeName": "gsi_sk", "AttributeType": "N"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "test_gsi", "Projection": {"ProjectionType": "ALL"},
            "KeySchema": [{"AttributeName": "gsi_pk", "KeyType": "HASH"}, {"AttributeName": "gsi_sk", "KeyType": "RANGE"}],
        }],
    )
    for pk, score in (("pk-3", "0.7"), ("pk-1", "-0.6"), ("pk-2", "-0.7"), ("pk-4", "10"), ("pk-5", "9")):
        put(dynamodb, "scores", pk=pk, gsi_pk="gsi-k1", gsi_sk=Decimal(score))
    query = {"TableName": "scores", "IndexName": "test_gsi", "KeyConditionExpression": "gsi_pk = :p", "ExpressionAttributeValues": {":p": {"S": "gsi-k1"}}}
    first = dynamodb.query(**query, Limit=3)
    rest = dynamodb.query(**query, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert [item["gsi_sk"]["N"] for item in first["Items"] + rest["Items"]] == ["-0.7", "-0.6", "0.7", "9", "10"]
    assert plain(first["LastEvaluatedKey"]) == {"pk": "pk-3", "gsi_pk": "gsi-k1", "gsi_sk": Decimal("0.7")}


# moto test_dynamodb_statements.py::test_execute_statement_on_gsi_with_range, ::test_execute_statement_on_lsi
# and ::test_execute_statement_on_unknown_gsi_table
def test_partiql_reads_an_index_holding_only_items_with_all_its_keys(dynamodb: Any) -> None:
    create_table(
        dynamodb, "posts", range_key=("sk", "S"),
        ExtraDefinitions=[{"AttributeName": name, "AttributeType": "S"} for name in ("gsi_pk", "gsi_sk", "lsi_sk")],
        GlobalSecondaryIndexes=[{
            "IndexName": "test_gsi", "Projection": {"ProjectionType": "ALL"},
            "KeySchema": [{"AttributeName": "gsi_pk", "KeyType": "HASH"}, {"AttributeName": "gsi_sk", "KeyType": "RANGE"}],
        }],
        LocalSecondaryIndexes=[{
            "IndexName": "test_lsi", "Projection": {"ProjectionType": "ALL"},
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsi_sk", "KeyType": "RANGE"}],
        }],
    )
    put(dynamodb, "posts", pk="item1", sk="a", gsi_pk="item1")
    put(dynamodb, "posts", pk="item2", sk="a", gsi_sk="item2", lsi_sk="x")
    put(dynamodb, "posts", pk="item3", sk="a", gsi_pk="item3", gsi_sk="item3")
    put(dynamodb, "posts", pk="item4", sk="a", gsi_pk="item3", gsi_sk="item4", lsi_sk="y")

    def pks(statement: str) -> list[str]:
        return sorted(item["pk"]["S"] for item in dynamodb.execute_statement(Statement=statement)["Items"])

    assert pks("SELECT * FROM posts") == ["item1", "item2", "item3", "item4"]
    assert pks("SELECT * FROM posts.test_gsi") == ["item3", "item4"]
    assert pks('SELECT * FROM "posts"."test_lsi"') == ["item2", "item4"]
    with pytest.raises(ClientError) as caught:
        dynamodb.execute_statement(Statement="SELECT * FROM whatnow.test_gsi")
    assert error_of(caught) == ("ResourceNotFoundException", "Requested resource not found")
